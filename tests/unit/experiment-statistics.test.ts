import { describe, expect, it } from "vitest";
import { type ArmTotals, experimentResult, meanLift, normalCdf, normalQuantile, proportionLift, sampleSizePerArm } from "../../worker/features/experiments/statistics";
import { mulberry32 } from "../seeded-random";

/** An exact binomial draw: n Bernoulli trials (8,000 per experiment is cheap). */
function binomial(rand: () => number, n: number, p: number): number {
  let x = 0;
  for (let i = 0; i < n; i++) if (rand() < p) x++;
  return x;
}

/** Box–Muller standard normal. */
const gaussian = (rand: () => number) => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

const covers = (interval: { low: number; high: number } | null, truth: number) => interval !== null && interval.low <= truth && truth <= interval.high;

/** Every number in a value is finite (what JSON can carry without turning it into null). */
function allFinite(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  if (value && typeof value === "object") return Object.values(value).every(allFinite);
  return true;
}

function expectJsonSafe(value: unknown): void {
  expect(allFinite(value)).toBe(true);
  const text = JSON.stringify(value);
  expect(text).not.toMatch(/NaN|Infinity/);
  expect(JSON.parse(text)).toEqual(value);
}

const arm = (over: Partial<ArmTotals>): ArmTotals => ({ shoppers: 0, converters: 0, repeaters: 0, orders: 0, revenueCents: 0, revenueSqCents: 0, ...over });

describe("normal distribution", () => {
  it("matches reference quantiles and CDF values (scipy.stats.norm) to ~1e-12", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212335729143, 12);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 12);
    expect(normalQuantile(1e-10) / -6.361340902404056).toBeCloseTo(1, 12);
    expect(Object.is(normalQuantile(0.5), 0)).toBe(true);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021, 7);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 14);
    expect(normalCdf(-10) / 7.61985302416047e-24).toBeCloseTo(1, 10);
    expect(normalCdf(0)).toBe(0.5);
    for (const p of [1e-12, 0.01, 0.3, 0.7, 0.99]) expect(normalCdf(normalQuantile(p)) / p).toBeCloseTo(1, 10);
  });

  it("rejects p outside (0, 1)", () => {
    for (const p of [0, 1, -0.1, Number.NaN]) expect(() => normalQuantile(p)).toThrow(RangeError);
    expect(() => normalCdf(Number.NaN)).toThrow(RangeError);
  });
});

describe("proportionLift", () => {
  it("reproduces Newcombe (1998) Table II, method 10, to 4 decimals", () => {
    const table: [number, number, number, number, number, number][] = [
      [56, 70, 48, 80, 0.0524, 0.3339],
      [9, 10, 3, 10, 0.1705, 0.809],
      [6, 7, 2, 7, 0.0582, 0.8062],
      [5, 56, 0, 29, -0.0381, 0.1926],
      [0, 10, 0, 20, -0.1611, 0.2775],
      [0, 10, 0, 10, -0.2775, 0.2775],
    ];
    for (const [x1, n1, x2, n2, low, high] of table) {
      const r = proportionLift({ n: n1, x: x1 }, { n: n2, x: x2 });
      expect(r.absolute.estimate).toBeCloseTo(x1 / n1 - x2 / n2, 12);
      expect(r.absolute.low).toBeCloseTo(low, 4);
      expect(r.absolute.high).toBeCloseTo(high, 4);
    }
    const r = proportionLift({ n: 70, x: 56 }, { n: 80, x: 48 });
    expect(r.absolute.estimate).toBeCloseTo(0.2, 4);
    expect(r.test).toMatch(/Newcombe/);
  });

  it("Katz relative interval and pooled z p-value match scipy (relative_risk, norm.sf)", () => {
    const r = proportionLift({ n: 70, x: 56 }, { n: 80, x: 48 });
    expect(r.relative?.estimate).toBeCloseTo(1 / 3, 12);
    expect(r.relative?.low).toBeCloseTo(0.07662642276319298, 10);
    expect(r.relative?.high).toBeCloseTo(0.651248511266387, 10);
    expect(r.pValue).toBeCloseTo(0.00804508136819658, 12);
    expect(r.significant).toBe(true);
    const r90 = proportionLift({ n: 70, x: 56 }, { n: 80, x: 48 }, 0.9);
    expect(r90.relative?.low).toBeCloseTo(0.11428598583869487, 10);
    expect(r90.relative?.high).toBeCloseTo(0.5954412066303514, 10);
  });

  it("2,000 simulated experiments, 10 % vs 12 %, n = 4,000 per arm: absolute covers 0.02 in 93.5–96.5 %, relative covers +20 % in 93–97 %", () => {
    const rand = mulberry32(1);
    let absolute = 0;
    let relative = 0;
    for (let run = 0; run < 2000; run++) {
      const r = proportionLift({ n: 4000, x: binomial(rand, 4000, 0.12) }, { n: 4000, x: binomial(rand, 4000, 0.1) });
      if (covers(r.absolute, 0.12 - 0.1)) absolute++;
      if (covers(r.relative, 0.12 / 0.1 - 1)) relative++;
    }
    console.log(`proportionLift coverage: absolute ${absolute / 20} %, relative ${relative / 20} % of 2,000`);
    expect(absolute / 2000).toBeGreaterThanOrEqual(0.935);
    expect(absolute / 2000).toBeLessThanOrEqual(0.965);
    expect(relative / 2000).toBeGreaterThanOrEqual(0.93);
    expect(relative / 2000).toBeLessThanOrEqual(0.97);
  });

  it("2,000 simulated A/A experiments, 10 % vs 10 %, n = 4,000 per arm: significant in 3.5–6.5 %", () => {
    const rand = mulberry32(2);
    let significant = 0;
    for (let run = 0; run < 2000; run++) {
      if (proportionLift({ n: 4000, x: binomial(rand, 4000, 0.1) }, { n: 4000, x: binomial(rand, 4000, 0.1) }).significant) significant++;
    }
    console.log(`proportionLift A/A: significant in ${significant / 20} % of 2,000`);
    expect(significant / 2000).toBeGreaterThanOrEqual(0.035);
    expect(significant / 2000).toBeLessThanOrEqual(0.065);
  });

  it("zero successes: relative is null, nothing is NaN", () => {
    const one = proportionLift({ n: 500, x: 0 }, { n: 500, x: 25 });
    expect(one.relative).toBeNull();
    expect(one.treatment).toBe(0);
    expect(one.absolute.high).toBeLessThan(0);
    expectJsonSafe(one);
    const both = proportionLift({ n: 500, x: 0 }, { n: 300, x: 0 });
    expect(both.relative).toBeNull();
    expect(both.pValue).toBe(1);
    expect(both.significant).toBe(false);
    expect(both.absolute.low).toBeLessThan(0);
    expect(both.absolute.high).toBeGreaterThan(0);
    expectJsonSafe(both);
  });

  it("everyone converted: a finite interval around 0, p = 1", () => {
    const r = proportionLift({ n: 50, x: 50 }, { n: 40, x: 40 });
    expect(r.absolute.estimate).toBe(0);
    expect(r.absolute.low).toBeLessThan(0);
    expect(r.absolute.high).toBeGreaterThan(0); // the arms' Wilson intervals still have width
    expect(r.pValue).toBe(1);
    expect(r.relative).toEqual({ estimate: 0, low: 0, high: 0 });
    expectJsonSafe(r);
  });

  it("rejects empty arms, impossible counts and confidence outside (0, 1)", () => {
    expect(() => proportionLift({ n: 0, x: 0 }, { n: 10, x: 1 })).toThrow(RangeError);
    expect(() => proportionLift({ n: 10, x: 11 }, { n: 10, x: 1 })).toThrow(RangeError);
    expect(() => proportionLift({ n: 10, x: 1 }, { n: 10, x: 1 }, 1)).toThrow(RangeError);
  });
});

describe("meanLift", () => {
  it("matches scipy's Welch t interval and test (t.ppf at the Welch–Satterthwaite df)", () => {
    // {1..5} style sums: n = 5, Σ = 15, Σx² = 55 vs n = 7, Σ = 10, Σx² = 30 → df = 8.90.
    const r = meanLift({ n: 5, sum: 15, sumSq: 55 }, { n: 7, sum: 10, sumSq: 30 });
    expect(r.absolute.estimate).toBeCloseTo(1.5714285714285714, 12);
    expect(r.absolute.low).toBeCloseTo(-0.5471231133594945, 9);
    expect(r.absolute.high).toBeCloseTo(3.6899802562166375, 9);
    expect(r.pValue).toBeCloseTo(0.1274808966956259, 9);
    const r99 = meanLift({ n: 5, sum: 15, sumSq: 55 }, { n: 7, sum: 10, sumSq: 30 }, 0.99);
    expect(r99.absolute.low).toBeCloseTo(-1.475453821304786, 9);
    expect(r99.absolute.high).toBeCloseTo(4.618310964161929, 9);
    // df = 1.47: far from the normal, where a z interval would be much too narrow.
    const tiny = meanLift({ n: 2, sum: 3, sumSq: 5 }, { n: 2, sum: 10, sumSq: 52 });
    expect(tiny.absolute.low).toBeCloseTo(-10.418522830071064, 9);
    expect(tiny.pValue).toBeCloseTo(0.12904783554828334, 9);
  });

  /** One arm of shoppers: converts with `rate`, then spends lognormal(mu, 1) cents; 0 otherwise. */
  function revenueArm(rand: () => number, n: number, rate: number, mu: number) {
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      if (rand() >= rate) continue;
      const cents = Math.exp(mu + gaussian(rand));
      sum += cents;
      sumSq += cents * cents;
    }
    return { n, sum, sumSq };
  }
  // E[revenue per shopper] = rate · exp(mu + σ²/2), σ = 1.
  const trueMean = (rate: number, mu: number) => rate * Math.exp(mu + 0.5);

  it("2,000 simulated experiments, skewed revenue (88–90 % zeros, lognormal baskets), n = 4,000 per arm: absolute and relative cover the true lift in 93–97 %", () => {
    const rand = mulberry32(3);
    const [muTx, muCtl] = [Math.log(4400), Math.log(4000)];
    const difference = trueMean(0.12, muTx) - trueMean(0.1, muCtl);
    const ratio = trueMean(0.12, muTx) / trueMean(0.1, muCtl) - 1;
    let absolute = 0;
    let relative = 0;
    for (let run = 0; run < 2000; run++) {
      const r = meanLift(revenueArm(rand, 4000, 0.12, muTx), revenueArm(rand, 4000, 0.1, muCtl));
      if (covers(r.absolute, difference)) absolute++;
      if (covers(r.relative, ratio)) relative++;
    }
    console.log(`meanLift coverage: absolute ${absolute / 20} %, relative ${relative / 20} % of 2,000`);
    expect(absolute / 2000).toBeGreaterThanOrEqual(0.93);
    expect(absolute / 2000).toBeLessThanOrEqual(0.97);
    expect(relative / 2000).toBeGreaterThanOrEqual(0.93);
    expect(relative / 2000).toBeLessThanOrEqual(0.97);
  });

  it("2,000 simulated A/A experiments, same skewed revenue in both arms: significant in 3.5–6.5 %", () => {
    const rand = mulberry32(4);
    let significant = 0;
    for (let run = 0; run < 2000; run++) {
      if (meanLift(revenueArm(rand, 4000, 0.1, Math.log(4000)), revenueArm(rand, 4000, 0.1, Math.log(4000))).significant) significant++;
    }
    console.log(`meanLift A/A: significant in ${significant / 20} % of 2,000`);
    expect(significant / 2000).toBeGreaterThanOrEqual(0.035);
    expect(significant / 2000).toBeLessThanOrEqual(0.065);
  });

  it("an arm with no revenue: relative null; both constant: a point interval", () => {
    const r = meanLift({ n: 100, sum: 0, sumSq: 0 }, { n: 100, sum: 500, sumSq: 10_000 });
    expect(r.relative).toBeNull();
    expectJsonSafe(r);
    const flat = meanLift({ n: 10, sum: 0, sumSq: 0 }, { n: 10, sum: 0, sumSq: 0 });
    expect(flat.absolute).toEqual({ estimate: 0, low: 0, high: 0 });
    expect(flat.pValue).toBe(1);
    expectJsonSafe(flat);
    expect(() => meanLift({ n: 1, sum: 1, sumSq: 1 }, { n: 10, sum: 0, sumSq: 0 })).toThrow(RangeError);
  });
});

describe("sampleSizePerArm", () => {
  it("10 % → 11 % at alpha .05, power .8 needs 14,749 per arm", () => {
    // (z.975 + z.80)² · (.1·.9 + .11·.89) / .01² = 2.801585² · .1879 / .0001 = 14,748.04 → 14,749.
    expect(Math.abs(sampleSizePerArm(0.1, 0.1) - 14_749)).toBeLessThanOrEqual(1);
    expect(sampleSizePerArm(0.1, 0.1, 0.05, 0.8)).toBe(14_749);
    expect(sampleSizePerArm(0.1, 0.2)).toBeLessThan(sampleSizePerArm(0.1, 0.1));
    expect(sampleSizePerArm(0.1, 0.1, 0.05, 0.9)).toBeGreaterThan(sampleSizePerArm(0.1, 0.1));
    expect(sampleSizePerArm(0.1, 1e-9)).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
  });

  it("throws a RangeError for impossible inputs", () => {
    for (const [rate, mde] of [
      [0, 0.1],
      [1, 0.1],
      [-0.2, 0.1],
      [Number.NaN, 0.1],
      [0.1, 0],
      [0.1, -0.1],
      [0.5, 1],
      [0.9, 0.2],
    ] as const) {
      expect(() => sampleSizePerArm(rate, mde)).toThrow(RangeError);
    }
    expect(() => sampleSizePerArm(0.1, 0.1, 0, 0.8)).toThrow(RangeError);
    expect(() => sampleSizePerArm(0.1, 0.1, 0.05, 1)).toThrow(RangeError);
  });
});

describe("experimentResult", () => {
  it("zero shoppers: not_enough_data, null rates, no lift, JSON-safe", () => {
    const r = experimentResult({ treatment: arm({}), holdout: arm({}) });
    expect(r.status).toBe("not_enough_data");
    expect(r.lift).toBeNull();
    expect(r.arms.treatment).toEqual({ shoppers: 0, convertingShoppers: 0, orders: 0, revenue: 0, revenuePerShopper: null, conversionRate: null, repeatPurchaseRate: null });
    expect(r.sampleSize).toEqual({ neededPerArm: sampleSizePerArm(0.05, 0.1), minimumDetectableEffect: 0.1, baselineRate: 0.05 });
    expectJsonSafe(r);
  });

  it("switches to ready exactly at the needed sample size (10 % holdout conversion → 14,749)", () => {
    const holdout = arm({ shoppers: 14_750, converters: 1_475, repeaters: 300, orders: 1_900, revenueCents: 9_000_000, revenueSqCents: 1.2e11 });
    const treatment = (shoppers: number) => arm({ shoppers, converters: 1_600, repeaters: 350, orders: 2_100, revenueCents: 9_900_000, revenueSqCents: 1.3e11 });
    const below = experimentResult({ treatment: treatment(14_748), holdout });
    expect(below.sampleSize.neededPerArm).toBe(14_749);
    expect(below.status).toBe("not_enough_data");
    expect(below.lift).toBeNull();
    expect(below.arms.treatment.conversionRate).toBeCloseTo(1_600 / 14_748, 12);
    const at = experimentResult({ treatment: treatment(14_749), holdout });
    expect(at.status).toBe("ready");
    expect(at.lift?.conversion.test).toMatch(/Newcombe/);
    expect(at.lift?.revenuePerShopper.holdout).toBeCloseTo(90_000 / 14_750, 10);
    expect(at.lift?.repeatPurchaseRate?.holdout).toBeCloseTo(300 / 1_475, 12);
    expect(at.arms.holdout.revenue).toBe(90_000);
    expect(at.arms.holdout.repeatPurchaseRate).toBeCloseTo(300 / 1_475, 12);
    expectJsonSafe(at);
  });

  it("minShoppersPerArm gates a result whose needed size is smaller", () => {
    const a = (shoppers: number) => arm({ shoppers, converters: shoppers / 5, repeaters: 1, orders: shoppers / 5 + 1, revenueCents: 1_000 * shoppers, revenueSqCents: 2e7 * shoppers });
    const opts = { minimumDetectableEffect: 2 }; // 20 % → 60 %: about 20 per arm
    expect(experimentResult({ treatment: a(95), holdout: a(100) }, opts).status).toBe("not_enough_data");
    expect(experimentResult({ treatment: a(100), holdout: a(100) }, opts).status).toBe("ready");
    expect(experimentResult({ treatment: a(100), holdout: a(100) }, { ...opts, minShoppersPerArm: 101 }).status).toBe("not_enough_data");
  });

  it("no conversions in the treatment arm: relative lifts and repeat-rate lift are null, nothing is NaN", () => {
    const r = experimentResult({
      treatment: arm({ shoppers: 10_000 }),
      holdout: arm({ shoppers: 10_000, converters: 2_000, repeaters: 500, orders: 2_600, revenueCents: 12_000_000, revenueSqCents: 2e11 }),
    });
    expect(r.status).toBe("ready");
    expect(r.arms.treatment.repeatPurchaseRate).toBeNull();
    expect(r.lift?.conversion.relative).toBeNull();
    expect(r.lift?.conversion.significant).toBe(true);
    expect(r.lift?.revenuePerShopper.relative).toBeNull();
    expect(r.lift?.repeatPurchaseRate).toBeNull();
    expectJsonSafe(r);
  });

  it("every holdout shopper converted: no reachable MDE, readiness on minShoppersPerArm alone", () => {
    const all = arm({ shoppers: 200, converters: 200, repeaters: 200, orders: 400, revenueCents: 2_000_000, revenueSqCents: 2.5e10 });
    const r = experimentResult({ treatment: all, holdout: all });
    expect(r.sampleSize).toEqual({ neededPerArm: null, minimumDetectableEffect: 0.1, baselineRate: 1 });
    expect(r.status).toBe("ready");
    expect(r.lift?.conversion.pValue).toBe(1);
    expect(r.lift?.repeatPurchaseRate?.absolute.estimate).toBe(0);
    expectJsonSafe(r);
  });

  it("counters that disagree (converters > shoppers) are clamped rather than thrown on", () => {
    const r = experimentResult(
      { treatment: arm({ shoppers: 150, converters: 170, repeaters: 400, revenueCents: Number.NaN }), holdout: arm({ shoppers: 150, converters: 20 }) },
      { minimumDetectableEffect: 5 },
    );
    expect(r.arms.treatment.conversionRate).toBe(1);
    expect(r.arms.treatment.repeatPurchaseRate).toBe(1);
    expectJsonSafe(r);
  });

  it("rejects bad options", () => {
    const arms = { treatment: arm({}), holdout: arm({}) };
    expect(() => experimentResult(arms, { confidence: 1.5 })).toThrow(RangeError);
    expect(() => experimentResult(arms, { minimumDetectableEffect: 0 })).toThrow(RangeError);
    expect(() => experimentResult(arms, { minShoppersPerArm: -1 })).toThrow(RangeError);
  });
});
