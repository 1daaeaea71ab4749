import { describe, expect, it } from "vitest";
import { armOf, assignArms, BUCKETS, bucketOf, listedArms, murmur3, shopperKey } from "../../worker/features/experiments/assignment";
import { emptyProfile } from "../../worker/features/customers/profile";
import { Experiments } from "../../worker/features/experiments/experiments.schemas";

/** Pearson's chi-square statistic of observed counts against an even spread. */
function chiSquare(counts: number[], total: number): number {
  const expected = total / counts.length;
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
}

describe("murmur3", () => {
  it("matches the reference MurmurHash3_x86_32 vectors (seed 0 and seed 0x9747b28c)", () => {
    expect(murmur3("")).toBe(0);
    expect(murmur3("hello")).toBe(0x248bfa47);
    expect(murmur3("The quick brown fox jumps over the lazy dog")).toBe(0x2e4ff723);
    expect(murmur3("aaaa", 0x9747b28c)).toBe(0x5a97808a);
    expect(murmur3("abc")).toBe(0xb3dd93fa);
  });
});

describe("experiment buckets", () => {
  it("spreads 100,000 sequential shoppers evenly over the 10,000 buckets (chi-square, p > 0.001)", () => {
    const n = 100_000;
    const fine = new Array<number>(BUCKETS).fill(0);
    const percent = new Array<number>(100).fill(0);
    for (let i = 0; i < n; i++) {
      const b = bucketOf("shop-1", "holdout-2032", `visitor:v${i}`);
      expect(Number.isInteger(b) && b >= 0 && b < BUCKETS).toBe(true);
      fine[b] = (fine[b] ?? 0) + 1;
      percent[Math.floor(b / 100)] = (percent[Math.floor(b / 100)] ?? 0) + 1;
    }
    // 99 degrees of freedom: the 0.999 quantile is 148.2. Each percent is one holdout step.
    expect(chiSquare(percent, n)).toBeLessThan(148.2);
    // 9,999 degrees of freedom: mean 9,999, sd √19,998 ≈ 141; 0.999 quantile ≈ 9,999 + 3.09 sd.
    expect(chiSquare(fine, n)).toBeLessThan(9_999 + 3.09 * 141.4);
  });

  it("is deterministic, and differs by site, experiment and shopper (a new experiment reshuffles, so holdouts do not stack on the same people)", () => {
    expect(bucketOf("s", "x", "visitor:abc")).toBe(bucketOf("s", "x", "visitor:abc"));
    const keys = Array.from({ length: 2000 }, (_, i) => `customer:c${i}`);
    const same = (f: (k: string) => number, g: (k: string) => number) => keys.filter((k) => f(k) === g(k)).length;
    // By chance two draws agree in 1 of 10,000 buckets: 2,000 keys give ~0.2 agreements.
    expect(
      same(
        (k) => bucketOf("s", "x", k),
        (k) => bucketOf("s", "y", k),
      ),
    ).toBeLessThan(5);
    expect(
      same(
        (k) => bucketOf("s", "x", k),
        (k) => bucketOf("t", "x", k),
      ),
    ).toBeLessThan(5);
    expect(new Set(keys.map((k) => bucketOf("s", "x", k))).size).toBeGreaterThan(1700);
  });

  it("puts the lowest holdoutPercent% of buckets in the holdout (0 % none, 50 % half, two decimals exact)", () => {
    expect(armOf(0, 0)).toBe("treatment");
    expect(armOf(0, 0.01)).toBe("holdout");
    expect(armOf(1, 0.01)).toBe("treatment");
    expect(armOf(2899, 29)).toBe("holdout");
    expect(armOf(2900, 29)).toBe("treatment");
    expect(armOf(4999, 50)).toBe("holdout");
    expect(armOf(5000, 50)).toBe("treatment");
  });
});

describe("assignArms", () => {
  const now = Date.UTC(2032, 0, 1);

  it("gives an arm from the site, experiment and the shopper's kind and id (reproducible outside Revisit), once", () => {
    const p = emptyProfile("visitor", "shop-1", "v-123456789012345", now);
    expect(assignArms(p, [{ id: "h", holdoutPercent: 50 }], now)).toEqual(["h"]);
    const expected = armOf(bucketOf("shop-1", "h", "visitor:v-123456789012345"), 50);
    expect(shopperKey(p)).toBe("visitor:v-123456789012345");
    expect(p.experiments).toEqual({ h: { arm: expected, at: now } });
    // Already assigned: nothing new, whatever the percent says now.
    expect(assignArms(p, [{ id: "h", holdoutPercent: expected === "holdout" ? 0 : 50 }], now + 1)).toEqual([]);
    expect(p.experiments).toEqual({ h: { arm: expected, at: now } });
  });

  it("never changes an arm when the percent moves, and adds only experiments the profile lacks", () => {
    const arms = Array.from({ length: 400 }, (_, i) => {
      const p = emptyProfile("customer", "shop-1", `c${i}`, now);
      assignArms(p, [{ id: "h", holdoutPercent: 30 }], now);
      const before = p.experiments?.h?.arm;
      assignArms(p, [{ id: "h", holdoutPercent: 0 }], now);
      expect(p.experiments?.h?.arm).toBe(before);
      expect(
        assignArms(
          p,
          [
            { id: "h", holdoutPercent: 50 },
            { id: "later", holdoutPercent: 0 },
          ],
          now,
        ),
      ).toEqual(["later"]);
      expect(p.experiments?.later?.arm).toBe("treatment");
      return before;
    });
    expect(arms.filter((a) => a === "holdout").length).toBeGreaterThan(80);
    expect(arms.filter((a) => a === "holdout").length).toBeLessThan(160);
  });

  it("gives a visitor merged into a customer no arm, and leaves a profile untouched when the site lists no experiment", () => {
    const merged = { ...emptyProfile("visitor", "shop-1", "v-merged-000000001", now), mergedInto: "c1" };
    expect(assignArms(merged, [{ id: "h", holdoutPercent: 50 }], now)).toEqual([]);
    expect(merged.experiments).toBeUndefined();
    const plain = emptyProfile("visitor", "shop-1", "v-plain-0000000001", now);
    expect(assignArms(plain, [], now)).toEqual([]);
    expect(plain.experiments).toBeUndefined();
  });

  it("returns arms only for experiments the site lists now, in listing order", () => {
    const p = { experiments: { a: { arm: "holdout" as const, at: 1 }, gone: { arm: "treatment" as const, at: 1 }, b: { arm: "treatment" as const, at: 2 } } };
    expect(listedArms(p, [{ id: "b" }, { id: "a" }, { id: "new" }])).toEqual([
      { id: "b", arm: "treatment" },
      { id: "a", arm: "holdout" },
    ]);
  });
});

describe("experiments config", () => {
  it("defaults to a holdout of 0 %, refuses duplicates and a second active holdout, and unknown keys", () => {
    expect(Experiments.parse([{ id: "h" }])).toEqual([{ id: "h", type: "holdout", holdoutPercent: 0, minShoppersPerArm: 100 }]);
    expect(Experiments.parse(undefined)).toEqual([]);
    expect(Experiments.safeParse([{ id: "h", holdoutPercent: 50.5 }]).success).toBe(false);
    expect(Experiments.safeParse([{ id: "h", holdoutPercent: -1 }]).success).toBe(false);
    expect(Experiments.safeParse([{ id: "h", holdoutPct: 10 }]).success).toBe(false);
    expect(Experiments.safeParse([{ id: "h" }, { id: "h" }]).error?.issues[0]?.path).toEqual([1, "id"]);
    const two = Experiments.safeParse([
      { id: "a", holdoutPercent: 10 },
      { id: "b", holdoutPercent: 0 },
      { id: "c", holdoutPercent: 5 },
    ]);
    expect(two.error?.issues.map((i) => i.path)).toEqual([[2, "holdoutPercent"]]);
    expect(two.error?.issues[0]?.message).toContain('"a" already is');
  });
});
