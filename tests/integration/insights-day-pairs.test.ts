import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { CellBook } from "../../worker/features/insights/cells";
import { dayPairCells, pairsWithin, rangeParts } from "../../worker/features/insights/day-pairs";
import { dayFromIso, monthOf, monthRange } from "../../worker/features/insights/period";
import { createSql } from "../../worker/platform/sql";
import { mulberry32 } from "../seeded-random";

const day = dayFromIso;

describe("day pairs: whole months from month cells, cut months day by day (day-pairs.ts)", () => {
  it("splits a range into cut days and whole months that cover it exactly once", () => {
    const jan15 = day("2026-01-15");
    const mar10 = day("2026-03-10");
    expect(rangeParts(jan15, mar10)).toEqual({
      full: { from: monthOf(day("2026-02-01")), to: monthOf(day("2026-02-01")), days: { from: day("2026-02-01"), to: day("2026-02-28") } },
      head: { from: jan15, to: day("2026-01-31") },
      tail: { from: day("2026-03-01"), to: mar10 },
    });
    // Whole months only; inside one month; two cut months with nothing whole between.
    const feb = monthOf(day("2026-02-01"));
    expect(rangeParts(monthRange(feb).from, monthRange(feb).to)).toMatchObject({ head: null, tail: null, full: { from: feb, to: feb } });
    expect(rangeParts(jan15, jan15 + 3)).toEqual({ full: null, head: { from: jan15, to: jan15 + 3 }, tail: null });
    expect(rangeParts(jan15, day("2026-02-03"))).toEqual({ full: null, head: { from: jan15, to: day("2026-02-03") }, tail: null });
  });

  it("counts exactly the pairs with both days in the range, for 300 random ranges over 2,000 random pairs", async () => {
    const stub = env.INSIGHTS.get(env.INSIGHTS.idFromName("day-pairs-test"));
    const draw = mulberry32(7);
    const start = day("2024-11-20");
    const pairs = Array.from({ length: 2_000 }, () => {
      const x = start + Math.floor(draw() * 500);
      return { x, y: x + Math.floor(draw() ** 3 * 400), c: draw() < 0.3 ? "m" : "n", n: 1 + Math.floor(draw() * 3) };
    });
    const ranges = Array.from({ length: 300 }, (_, i) => {
      const from = start - 20 + Math.floor(draw() * 560);
      // Short, month-sized and year-long ranges, and a few that start and end on month edges.
      const span = [3, 40, 95, 400][i % 4] as number;
      const to = from + Math.floor(draw() * span);
      return i % 10 === 0 ? { from: monthRange(monthOf(from)).from, to: monthRange(monthOf(to)).to } : { from, to };
    });
    const got = await runInDurableObject(stub, (_o, state) => {
      const cells = new CellBook(createSql(state.storage));
      state.storage.transactionSync(() => {
        for (const p of pairs) dayPairCells("t", p.x, p.y, p.c, p.n, (m, a, b, c, n) => cells.bump(m, a, b, c, n));
      });
      return ranges.map((r) => Object.fromEntries(pairsWithin(cells, "t", r.from, r.to)));
    });
    const expected = ranges.map((r) => {
      const out: Record<string, number> = {};
      for (const p of pairs) if (p.x >= r.from && p.y <= r.to) out[p.c] = (out[p.c] ?? 0) + p.n;
      return out;
    });
    expect(got).toEqual(expected);
    // The ranges reached every part of the read: some hold pairs of both classes.
    expect(expected.filter((e) => (e.m ?? 0) > 0 && (e.n ?? 0) > 0).length).toBeGreaterThan(50);
  });
});
