import type { Sql } from "../../platform/sql";
import { dayPairMetrics } from "./day-pairs";

/** A counter row: `n` of `metric` at keys (a, b, c); see the metric list on {@link CellBook}. */
export interface Cell {
  a: number;
  b: number;
  c: string;
  n: number;
}

/**
 * Every counter of a shop's insights, in one table keyed (metric, a, b, c). Days are the shop's
 * local day numbers, months are months since 1970-01 (period.ts), `class` is "m" for loyalty
 * members and "n" for the others:
 *
 * | metric | a | b | c | n |
 * | --- | --- | --- | --- | --- |
 * | ordd, revd | order (refund) day | 0 | class | orders, net minor units (refunds on their own day) |
 * | ord, rev | customer's first-order day | order (refund) day | class | the same, as day pairs (day-pairs.ts) |
 * | pair, skip | day of order i−1 (i−2) | day of order i | class | consecutive (every-other) order pairs, as day pairs |
 * | first | first-order day | 0 | class | new customers |
 * | second, second.m | second-order day (month) | days since the first | "" | customers |
 * | cohort, crev | first-order month | month | "" | customers who ordered in it, net minor units |
 * | pts | day | kind (issued, redeemed, expired, reversed) | "" | points |
 * | rwd | day | 0 | reward id | redemptions |
 * | visit | day | 1 when returning | "identified" or "anonymous" | visits |
 * | vpair | day of the previous visit | day | "identified" or "anonymous" | consecutive visit pairs, as day pairs |
 * | x, xs | 0 | 0 | experiment, arm, figure | experiment sums (orders, revenue, sq, converters, repeaters), shoppers |
 * | rec | day | event (0 impression, 1 click, 2 add to cart, 3 attributed minor units) | placement, reason | count |
 * | survey | day | 0 shown, 1 answered | survey id | count |
 * | nps | month | score 0–10 | "" | answers |
 * | life, tier | day | 0 | stage or tier (inactivity bucket) | customers in the daily snapshot |
 *
 * Day pairs are also kept per month (`ord.mm`, `ord.dm`, `ord.md`…, day-pairs.ts). Reads never
 * touch orders or customers: the cost of a read depends on the range's days and months, not on how
 * many customers a shop has.
 */
export class CellBook {
  constructor(private readonly sql: Sql) {}

  /**
   * Adds each amount to its cell (keys from customer-cells.ts `cellKey`); cells that reach 0 are
   * removed. An order moves a few dozen cells: those whose keys and amount are integers (nearly
   * all) go in one statement, as JSON (exact for integers); any other amount is bound on its own,
   * so every stored double is what `bump` would store. Each key is a different cell, so the order
   * of the additions does not matter.
   */
  add(deltas: Map<string, number>): void {
    const rows: [string, number, number, string, number][] = [];
    for (const [key, n] of deltas) {
      if (n === 0) continue;
      const [metric, a, b, c] = key.split("\t") as [string, string, string, string];
      const row: [string, number, number, string, number] = [metric, Number(a), Number(b), c, n];
      if (row.every((v) => typeof v === "string" || Number.isSafeInteger(v))) rows.push(row);
      else this.bump(...row);
    }
    if (rows.length === 0) return;
    const after = this.sql<{ metric: string; a: number; b: number; c: string; n: number }>`INSERT INTO cells (metric, a, b, c, n)
      SELECT value->>0, value->>1, value->>2, value->>3, value->>4 FROM json_each(${JSON.stringify(rows)}) WHERE true
      ON CONFLICT (metric, a, b, c) DO UPDATE SET n = n + excluded.n RETURNING metric, a, b, c, n`;
    for (const r of after) if (Math.abs(r.n) < 1e-6) this.sql`DELETE FROM cells WHERE metric = ${r.metric} AND a = ${r.a} AND b = ${r.b} AND c = ${r.c}`;
  }

  /** Adds `n` to one cell. */
  bump(metric: string, a: number, b: number, c: string, n: number): void {
    const row = this.sql<{ n: number }>`INSERT INTO cells (metric, a, b, c, n) VALUES (${metric}, ${a}, ${b}, ${c}, ${n})
      ON CONFLICT (metric, a, b, c) DO UPDATE SET n = n + excluded.n RETURNING n`[0];
    // Sums of minor units are integers, of squares nearly so: a cell back at (about) zero is dropped.
    if (row && Math.abs(row.n) < 1e-6) this.sql`DELETE FROM cells WHERE metric = ${metric} AND a = ${a} AND b = ${b} AND c = ${c}`;
  }

  /** Cells of `metric` with `a` in [aFrom, aTo] (and `b` ≤ bMax when given). */
  range(metric: string, aFrom: number, aTo: number, bMax = Number.MAX_SAFE_INTEGER): Cell[] {
    return this.sql<{ a: number; b: number; c: string; n: number }>`SELECT a, b, c, n FROM cells WHERE metric = ${metric} AND a >= ${aFrom} AND a <= ${aTo} AND b <= ${bMax}`;
  }

  /** Cells of `metric` at one `a` with `b` in [bFrom, bTo]: a single index seek. */
  at(metric: string, a: number, bFrom: number, bTo: number): Cell[] {
    return this.sql<{ a: number; b: number; c: string; n: number }>`SELECT a, b, c, n FROM cells WHERE metric = ${metric} AND a = ${a} AND b >= ${bFrom} AND b <= ${bTo}`;
  }

  /** Every cell of `metric` (small metrics: experiments, cohorts). */
  all(metric: string): Cell[] {
    return this.sql<{ a: number; b: number; c: string; n: number }>`SELECT a, b, c, n FROM cells WHERE metric = ${metric}`;
  }

  /** Drops the metrics derived from customers' facts (before they are rebuilt under a new time zone). */
  clear(metrics: readonly string[]): void {
    for (const m of metrics) this.sql`DELETE FROM cells WHERE metric = ${m}`;
  }
}

/** The metrics rebuilt from stored customer facts (all but the event counters). */
export const CUSTOMER_METRICS = [
  "ordd",
  "revd",
  ...dayPairMetrics("ord"),
  ...dayPairMetrics("rev"),
  ...dayPairMetrics("pair"),
  ...dayPairMetrics("skip"),
  "crev",
  "first",
  "second",
  "second.m",
  "cohort",
  "pts",
  "rwd",
  "x",
] as const;
