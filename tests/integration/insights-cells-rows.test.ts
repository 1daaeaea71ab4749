import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createSql } from "../../worker/platform/sql";
import { CellBook } from "../../worker/features/insights/cells";

/**
 * CellBook.add moves an order's integer cells in one statement (JSON) and binds any other amount
 * on its own: the counters must end exactly where one `bump` per cell leaves them, cells that
 * come back to zero included (they are deleted either way).
 */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** Batches of deltas like customer reports: integers mostly, some fractions, negatives that cancel, huge values. */
function batches(): Map<string, number>[] {
  const rnd = random(11);
  const out: Map<string, number>[] = [];
  const keys = Array.from({ length: 60 }, (_, i) => [["ord", "rev.mm", "pts", "x"][i % 4], 15000 + (i % 9), i % 7, i % 5 ? "m" : "shop\u001fcart"].join("\t"));
  for (let i = 0; i < 80; i++) {
    const m = new Map<string, number>();
    for (let k = 0; k < 25; k++) {
      const key = keys[Math.floor(rnd() * keys.length)] as string;
      const r = rnd();
      // "x" cells hold sums of squares: past 2^53 (never JSON), in exact multiples so they can cancel.
      const n = key.startsWith("x") ? (r < 0.5 ? 2 ** 60 : 2 ** 54 + 2) : r < 0.6 ? Math.floor(rnd() * 2000) - 900 : r < 0.9 ? rnd() * 10 - 5 : 0;
      m.set(key, n);
    }
    out.push(m);
  }
  return out;
}

async function apply(name: string, batched: boolean) {
  const stub = env.INSIGHTS.get(env.INSIGHTS.idFromName(name));
  return runInDurableObject(stub, (_o, state) => {
    const sql = createSql(state.storage);
    const book = new CellBook(sql);
    const add = (deltas: Map<string, number>) => {
      if (batched) return book.add(deltas);
      for (const [key, n] of deltas) {
        if (n === 0) continue;
        const [metric, a, b, c] = key.split("\t") as [string, string, string, string];
        book.bump(metric, Number(a), Number(b), c, n);
      }
    };
    const back = (deltas: Map<string, number>) => new Map([...deltas].map(([k, n]) => [k, -n]));
    const all = batches();
    for (const deltas of all) {
      add(deltas);
      // The same report taken back, then made again: cells pass through zero (and are deleted).
      add(back(deltas));
      add(deltas);
    }
    // Everything taken back but the first batch: most cells end at zero, and are gone.
    for (const deltas of all.slice(1)) add(back(deltas));
    return state.storage.sql.exec("SELECT metric, a, b, c, n, typeof(a) AS ta, typeof(n) AS tn FROM cells ORDER BY metric, a, b, c").toArray();
  });
}

describe("insights counters moved a batch at a time", () => {
  it("end exactly where one bump per cell leaves them (fractions, huge amounts, cells back at zero)", async () => {
    const reference = await apply("cells-reference", false);
    const batched = await apply("cells-batched", true);
    expect(reference.length).toBeGreaterThan(10);
    expect(reference.length).toBeLessThan(50); // cells back at zero were deleted
    expect(reference.some((r) => !Number.isInteger(r.n))).toBe(true);
    expect(batched).toEqual(reference);
  });
});
