import type { CellBook } from "./cells";
import { monthOf, monthRange } from "./period";

/**
 * Counters of two days x ≤ y (a customer's first order and an order; an order and the next; a
 * visit and the next), read as "how many have both days inside [from, to]", the question behind
 * every distinct count of the summary (customer-cells.ts). Stored day × day only, a dense shop
 * fills days² cells and a year's read grows with its customers; so each pair is also counted at
 * month resolution, and a read takes whole months from the coarse cells and only the cut months
 * at its edges day by day:
 *
 * | metric | a | b |
 * | --- | --- | --- |
 * | `m` | day x | day y |
 * | `m.mm` | month of x | month of y |
 * | `m.dm` | day x | month of y |
 * | `m.md` | month of x | day y |
 *
 * A read touches at most (months)² + 62 × months + 62² cells, however many customers a shop has.
 */
export function dayPairCells(metric: string, x: number, y: number, c: string, n: number, add: (metric: string, a: number, b: number, c: string, n: number) => void): void {
  const mx = monthOf(x);
  const my = monthOf(y);
  add(metric, x, y, c, n);
  add(`${metric}.mm`, mx, my, c, n);
  add(`${metric}.dm`, x, my, c, n);
  add(`${metric}.md`, mx, y, c, n);
}

/** The four metrics `dayPairCells` writes for `metric` (for rebuilding and clearing). */
export const dayPairMetrics = (metric: string) => [metric, `${metric}.mm`, `${metric}.dm`, `${metric}.md`];

/** Where [from, to] splits into whole months and cut days: `full` is null when no month is whole. */
export interface RangeParts {
  full: { from: number; to: number; days: { from: number; to: number } } | null;
  /** Days before the whole months (all of the range when none is whole). */
  head: { from: number; to: number } | null;
  /** Days after the whole months. */
  tail: { from: number; to: number } | null;
}

/** Splits [from, to] (day numbers) into cut days at the start, whole months, cut days at the end. */
export function rangeParts(from: number, to: number): RangeParts {
  if (from > to) return { full: null, head: null, tail: null };
  let m0 = monthOf(from);
  if (monthRange(m0).from < from) m0++;
  let m1 = monthOf(to);
  if (monthRange(m1).to > to) m1--;
  if (m0 > m1) return { full: null, head: { from, to }, tail: null };
  const days = { from: monthRange(m0).from, to: monthRange(m1).to };
  return {
    full: { from: m0, to: m1, days },
    head: days.from > from ? { from, to: days.from - 1 } : null,
    tail: days.to < to ? { from: days.to + 1, to } : null,
  };
}

/**
 * Pairs of `metric` with both days in [from, to], summed per text key `c` (class, or visitor
 * kind). Day cells are read one x-day at a time (an index seek each), month cells per month.
 */
export function pairsWithin(cells: CellBook, metric: string, from: number, to: number): Map<string, number> {
  const out = new Map<string, number>();
  const take = (list: { c: string; n: number }[]) => {
    for (const cell of list) out.set(cell.c, (out.get(cell.c) ?? 0) + cell.n);
  };
  const { full, head, tail } = rangeParts(from, to);
  for (const cut of [head, tail]) {
    if (!cut) continue;
    for (let x = cut.from; x <= cut.to; x++) {
      // Within the cut itself, and (from the head) into the tail across the whole months.
      take(cells.at(metric, x, x, cut.to));
      if (cut === head && full && tail) take(cells.at(metric, x, tail.from, tail.to));
      if (cut === head && full) take(cells.at(`${metric}.dm`, x, full.from, full.to));
    }
  }
  if (full) {
    take(cells.range(`${metric}.mm`, full.from, full.to, full.to));
    if (tail) for (let m = full.from; m <= full.to; m++) take(cells.at(`${metric}.md`, m, tail.from, tail.to));
  }
  return out;
}
