/**
 * Statistics for the personalization holdout: "treatment" shoppers get personalization, "holdout"
 * shoppers do not, and every lift is treatment vs holdout. Pure functions over the per-arm sums
 * the server keeps (per-shopper rows are gone by read time), so each method below is one that
 * works from counts, sums and sums of squares alone. Nothing here may return NaN or Infinity:
 * the results go straight into JSON.
 */

/** One arm's running sums (experiment-totals.ts): all the read path has, so all the methods use. */
export interface ArmTotals {
  shoppers: number;
  /** Shoppers with ≥ 1 order after assignment. */ converters: number;
  /** Shoppers with ≥ 2 orders after assignment. */ repeaters: number;
  orders: number;
  /** Net of refunds, integer minor units. */ revenueCents: number;
  /** Σ over shoppers of (their revenueCents)²: the variance without per-shopper rows. */ revenueSqCents: number;
}

/** An estimate and its two-sided confidence interval, so the UI can show the uncertainty beside the number. */
export type Interval = { estimate: number; low: number; high: number };

/** Treatment vs holdout on one metric; `test` names the exact methods so a reader can check them. */
export interface Lift {
  /** Each arm's rate (or mean). */ treatment: number;
  holdout: number;
  /** treatment − holdout. */ absolute: Interval;
  /** treatment ÷ holdout − 1; null when undefined (an arm at zero) or not finite. */ relative: Interval | null;
  /** Two-sided, for "no difference". */ pValue: number;
  /** pValue < 1 − confidence. */ significant: boolean;
  test: string;
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const poly = (coefficients: number[], x: number) => coefficients.reduce((acc, c) => acc * x + c, 0);

/** Φ(z) for z ≤ 0 with full relative accuracy, so small tail areas (p-values) keep their digits. */
function lowerTail(z: number): number {
  if (z < -38) return 0; // below the smallest double
  const density = Math.exp(-0.5 * z * z) / SQRT_2PI;
  if (z > -3) {
    // Marsaglia (2004): Φ(z) = ½ + φ(z)·(z + z³/3 + z⁵/(3·5) + …), fast near the centre.
    let sum = z;
    for (let term = z, i = 3; Math.abs(term) > 1e-17 * Math.abs(sum); i += 2) sum += term *= (z * z) / i;
    return 0.5 + density * sum;
  }
  // Laplace's continued fraction for the tail, φ(x)/(x + 1/(x + 2/(x + …))), evaluated bottom-up.
  let f = -z;
  for (let k = 120; k > 0; k--) f = -z + k / f;
  return density / f;
}

/** Standard normal CDF Φ(z), accurate to ~1e-15: turns z statistics into p-values. */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) throw new RangeError("normalCdf: z is NaN");
  return z <= 0 ? lowerTail(z) : 1 - lowerTail(-z);
}

const ACKLAM_A = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
const ACKLAM_B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572, 1];
const ACKLAM_C = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const ACKLAM_D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416, 1];

/**
 * Inverse standard normal CDF: the critical values (z for 95 %, 80 % power…) every interval and the
 * sample size need. Acklam's rational approximation (relative error 1.15e-9) plus one Halley step
 * against `normalCdf`, which brings it to ~1e-15.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  const q = Math.min(p, 1 - p); // solve in the lower tail, where lowerTail keeps relative accuracy
  let x: number;
  if (q < 0.02425) {
    const r = Math.sqrt(-2 * Math.log(q));
    x = poly(ACKLAM_C, r) / poly(ACKLAM_D, r);
  } else {
    const r = (q - 0.5) * (q - 0.5);
    x = ((q - 0.5) * poly(ACKLAM_A, r)) / poly(ACKLAM_B, r);
  }
  const u = (lowerTail(x) - q) * SQRT_2PI * Math.exp(0.5 * x * x);
  x -= u / (1 + 0.5 * x * u);
  return p <= 0.5 ? x : -x;
}

const LANCZOS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406, 12.507343278686905, -0.13857109526572012, 0.000009984369578019572, 1.5056327351493116e-7,
];

/** ln Γ(x) for x ≥ ½ (Lanczos, g = 7): the normalising constant of the incomplete beta. */
function lnGamma(x: number): number {
  let s = LANCZOS[0] ?? 1;
  for (let i = 1; i < LANCZOS.length; i++) s += (LANCZOS[i] ?? 0) / (x - 1 + i);
  const t = x + 6.5;
  return 0.5 * Math.log(2 * Math.PI) + (x - 0.5) * Math.log(t) - t + Math.log(s);
}

/** Continued fraction of the incomplete beta, modified Lentz (Numerical Recipes §6.4). */
function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const guard = (v: number) => (Math.abs(v) < tiny ? tiny : v);
  let c = 1;
  let d = 1 / guard(1 - ((a + b) * x) / (a + 1));
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    for (const step of [(m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)), (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))]) {
      d = 1 / guard(1 + step * d);
      c = guard(1 + step / c);
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b), with y = 1 − x passed in so neither side loses digits. */
function betaIncomplete(x: number, y: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(y));
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(x, a, b)) / a : 1 - (front * betaFraction(y, b, a)) / b;
}

/** Above this many degrees of freedom t and normal differ by < 3e-6 relative; the normal is used. */
const NORMAL_DF = 1e6;

/** P(|T| ≥ t) for Student's t with `df` degrees of freedom: the Welch test's p-value. */
function tTwoSided(t: number, df: number): number {
  if (df > NORMAL_DF) return 2 * lowerTail(-Math.abs(t));
  return betaIncomplete(df / (df + t * t), (t * t) / (df + t * t), df / 2, 0.5);
}

/** t with P(|T| ≥ t) = alpha: bisection on the exact CDF, so interval and p-value always agree. */
function tCritical(alpha: number, df: number): number {
  if (df > NORMAL_DF) return -normalQuantile(alpha / 2);
  let low = 0;
  let high = -normalQuantile(alpha / 2);
  while (tTwoSided(high, df) > alpha) [low, high] = [high, high * 2];
  for (let i = 0; i < 200 && high - low > 1e-12 * high; i++) {
    const mid = (low + high) / 2;
    if (tTwoSided(mid, df) > alpha) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
}

/** exp(log ratio ± z·se) − 1 as a relative-lift interval, or null if it overflows. */
function logInterval(logRatio: number, se: number, z: number): Interval | null {
  const interval = { estimate: Math.exp(logRatio) - 1, low: Math.exp(logRatio - z * se) - 1, high: Math.exp(logRatio + z * se) - 1 };
  return Object.values(interval).every(Number.isFinite) ? interval : null;
}

/** Wilson score interval for x successes in n: sound near 0 and 1, where the Wald interval fails. */
function wilson(x: number, n: number, z: number): [number, number] {
  const p = x / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

const PROPORTION_TEST =
  "Newcombe hybrid score interval (method 10, from Wilson intervals) for the difference of two proportions; Katz log interval for the ratio (null when either arm has no successes); two-sided pooled two-proportion z-test p-value";

/**
 * Treatment vs holdout on a rate (conversion, repeat purchase). Newcombe's hybrid score interval
 * (1998, method 10) for the difference: it keeps ~nominal coverage at the small rates and lopsided
 * arms seen here, unlike the Wald interval. Katz's log interval for the ratio. Pooled z-test p-value.
 */
export function proportionLift(tx: { n: number; x: number }, ctl: { n: number; x: number }, confidence = 0.95): Lift {
  checkConfidence(confidence);
  for (const arm of [tx, ctl]) {
    if (!(arm.n > 0 && arm.x >= 0 && arm.x <= arm.n)) throw new RangeError(`proportionLift: need n > 0 and 0 ≤ x ≤ n, got n=${arm.n} x=${arm.x}`);
  }
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p1 = tx.x / tx.n;
  const p2 = ctl.x / ctl.n;
  const d = p1 - p2;
  const [l1, u1] = wilson(tx.x, tx.n, z);
  const [l2, u2] = wilson(ctl.x, ctl.n, z);
  const absolute = { estimate: d, low: d - Math.hypot(p1 - l1, u2 - p2), high: d + Math.hypot(u1 - p1, p2 - l2) };
  // Katz: var(log(p1/p2)) ≈ 1/x1 − 1/n1 + 1/x2 − 1/n2; undefined when an arm has no successes.
  const relative = tx.x > 0 && ctl.x > 0 ? logInterval(Math.log(p1 / p2), Math.sqrt(Math.max(0, 1 / tx.x - 1 / tx.n + 1 / ctl.x - 1 / ctl.n)), z) : null;
  const pooled = (tx.x + ctl.x) / (tx.n + ctl.n);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / tx.n + 1 / ctl.n));
  // se = 0 only when both arms are all-0 or all-1: identical rates, nothing to reject.
  const pValue = se > 0 ? Math.min(1, 2 * lowerTail(-Math.abs(d) / se)) : 1;
  return { treatment: p1, holdout: p2, absolute, relative, pValue, significant: pValue < 1 - confidence, test: PROPORTION_TEST };
}

/** Mean and variance of the mean (s²/n) from sums; the variance is clamped at 0 against rounding in sumSq. */
function moments(arm: { n: number; sum: number; sumSq: number }) {
  const mean = arm.sum / arm.n;
  const variance = Math.max(0, (arm.sumSq - arm.sum * mean) / (arm.n - 1));
  return { mean, v: variance / arm.n };
}

const MEAN_TEST =
  "Welch unequal-variance t interval for the difference of means, Student-t quantile at the Welch–Satterthwaite df (exact, via the regularized incomplete beta; normal above 1e6 df); delta-method interval on the log of the ratio of means (normal quantile; null unless both means are positive); two-sided Welch t-test p-value";

/**
 * Treatment vs holdout on a mean over all shoppers, zeros included (revenue per shopper). Welch's
 * interval because the arms' variances differ (personalization moves the spenders); revenue is
 * heavily skewed, but at experiment sizes the means are close enough to normal (tests check coverage).
 */
export function meanLift(tx: { n: number; sum: number; sumSq: number }, ctl: { n: number; sum: number; sumSq: number }, confidence = 0.95): Lift {
  checkConfidence(confidence);
  for (const arm of [tx, ctl]) {
    if (!(arm.n >= 2 && Number.isFinite(arm.sum) && Number.isFinite(arm.sumSq))) throw new RangeError(`meanLift: need n ≥ 2 and finite sums, got n=${arm.n}`);
  }
  const a = moments(tx);
  const b = moments(ctl);
  const d = a.mean - b.mean;
  const v = a.v + b.v;
  // Welch–Satterthwaite df: never below min(n) − 1, which also stands in when it is 0/0 (v = 0 or underflow).
  const minDf = Math.min(tx.n, ctl.n) - 1;
  const df = Math.max(minDf, (v * v) / ((a.v * a.v) / (tx.n - 1) + (b.v * b.v) / (ctl.n - 1)) || minDf);
  const alpha = 1 - confidence;
  const t = tCritical(alpha, df);
  const se = Math.sqrt(v);
  const pValue = se > 0 ? Math.min(1, Math.max(0, tTwoSided(d / se, df))) : d === 0 ? 1 : 0;
  // Delta method on log(mean1/mean2): var ≈ v1/mean1² + v2/mean2²; needs both means positive.
  const relative = a.mean > 0 && b.mean > 0 ? logInterval(Math.log(a.mean / b.mean), Math.sqrt(a.v / (a.mean * a.mean) + b.v / (b.mean * b.mean)), -normalQuantile(alpha / 2)) : null;
  return { treatment: a.mean, holdout: b.mean, absolute: { estimate: d, low: d - t * se, high: d + t * se }, relative, pValue, significant: pValue < alpha, test: MEAN_TEST };
}

/**
 * Shoppers per arm for a two-sided two-proportion z-test to detect a relative lift of `mde` over
 * `baselineRate`: n = (z₁₋α/₂ + z₁₋β)² · (p₁q₁ + p₂q₂) / (p₂ − p₁)² (each arm's own variance).
 * Tells the merchant how long to wait before reading the result.
 */
export function sampleSizePerArm(baselineRate: number, minimumDetectableEffect: number, alpha = 0.05, power = 0.8): number {
  const p1 = baselineRate;
  const p2 = baselineRate * (1 + minimumDetectableEffect);
  if (!(p1 > 0 && p1 < 1)) throw new RangeError(`sampleSizePerArm: baselineRate must be in (0, 1), got ${p1}`);
  if (!(minimumDetectableEffect > 0 && p2 < 1)) throw new RangeError(`sampleSizePerArm: need minimumDetectableEffect > 0 and a target rate below 1, got ${minimumDetectableEffect} → ${p2}`);
  if (!(alpha > 0 && alpha < 1 && power > 0 && power < 1)) throw new RangeError("sampleSizePerArm: alpha and power must be in (0, 1)");
  const z = normalQuantile(1 - alpha / 2) + normalQuantile(power);
  const n = (z * z * (p1 * (1 - p1) + p2 * (1 - p2))) / ((p2 - p1) * (p2 - p1));
  return Math.max(1, Math.min(Number.MAX_SAFE_INTEGER, Math.ceil(n)));
}

/** One arm's plain figures: shown even before there is enough data to compare arms. */
export interface ArmSummary {
  shoppers: number;
  convertingShoppers: number;
  orders: number;
  /** Major units (cents ÷ 100), as is revenuePerShopper. */ revenue: number;
  revenuePerShopper: number | null;
  conversionRate: number | null;
  /** Repeaters ÷ converters: of those who bought, how many came back. */ repeatPurchaseRate: number | null;
}

/** Tuning for experimentResult; every field has a default. */
export type ExperimentOptions = { confidence?: number; minimumDetectableEffect?: number; minShoppersPerArm?: number };

/** What the experiment endpoint returns: arm figures always, lifts only once the sample is big enough. */
export interface ExperimentResult {
  status: "not_enough_data" | "ready";
  confidence: number;
  arms: { treatment: ArmSummary; holdout: ArmSummary };
  /** Null until "ready". `repeatPurchaseRate` is null while either arm has no converters. */
  lift: { conversion: Lift; revenuePerShopper: Lift; repeatPurchaseRate: Lift | null } | null;
  /** `neededPerArm` is null when the MDE cannot be reached from the baseline (target rate ≥ 1); readiness then rests on minShoppersPerArm. */
  sampleSize: { neededPerArm: number | null; minimumDetectableEffect: number; baselineRate: number };
}

/** A count as a whole number ≥ 0 (the counters live in separate objects and can briefly disagree). */
const whole = (v: number) => (Number.isFinite(v) ? Math.max(0, Math.floor(v)) : 0);
const ratio = (numerator: number, denominator: number) => (denominator > 0 ? numerator / denominator : null);

/** Makes the sums consistent (converters ≤ shoppers, repeaters ≤ converters) so the read path never throws on a counter race. */
function clean(a: ArmTotals): ArmTotals {
  const shoppers = whole(a.shoppers);
  const converters = Math.min(whole(a.converters), shoppers);
  const finite = (v: number) => (Number.isFinite(v) ? v : 0);
  return {
    shoppers,
    converters,
    repeaters: Math.min(whole(a.repeaters), converters),
    orders: whole(a.orders),
    revenueCents: finite(a.revenueCents),
    revenueSqCents: Math.max(0, finite(a.revenueSqCents)),
  };
}

function summary(a: ArmTotals): ArmSummary {
  return {
    shoppers: a.shoppers,
    convertingShoppers: a.converters,
    orders: a.orders,
    revenue: a.revenueCents / 100,
    revenuePerShopper: ratio(a.revenueCents / 100, a.shoppers),
    conversionRate: ratio(a.converters, a.shoppers),
    repeatPurchaseRate: ratio(a.repeaters, a.converters),
  };
}

/**
 * The holdout report. Lifts are withheld ("not_enough_data") until both arms reach
 * minShoppersPerArm (default 100; never below 2, the least a variance needs) and the sample size
 * that detects the MDE (default +10 % relative) on the holdout's conversion rate (0.05 before its
 * first conversion) at alpha = 1 − confidence and 80 % power: reading lifts earlier invites
 * peeking at noise.
 */
export function experimentResult(arms: { treatment: ArmTotals; holdout: ArmTotals }, opts: ExperimentOptions = {}): ExperimentResult {
  const confidence = opts.confidence ?? 0.95;
  const mde = opts.minimumDetectableEffect ?? 0.1;
  const minShoppers = opts.minShoppersPerArm ?? 100;
  checkConfidence(confidence);
  if (!(mde > 0 && Number.isFinite(mde))) throw new RangeError(`minimumDetectableEffect must be a finite number > 0, got ${mde}`);
  if (!(minShoppers >= 0 && Number.isFinite(minShoppers))) throw new RangeError(`minShoppersPerArm must be a finite number ≥ 0, got ${minShoppers}`);
  const tx = clean(arms.treatment);
  const ctl = clean(arms.holdout);
  const baselineRate = ctl.converters > 0 ? ctl.converters / ctl.shoppers : 0.05;
  const neededPerArm = baselineRate * (1 + mde) < 1 ? sampleSizePerArm(baselineRate, mde, 1 - confidence, 0.8) : null;
  const floor = Math.max(2, minShoppers, neededPerArm ?? 0);
  const ready = tx.shoppers >= floor && ctl.shoppers >= floor;
  const revenue = (a: ArmTotals) => ({ n: a.shoppers, sum: a.revenueCents / 100, sumSq: a.revenueSqCents / 10_000 });
  return {
    status: ready ? "ready" : "not_enough_data",
    confidence,
    arms: { treatment: summary(tx), holdout: summary(ctl) },
    lift: ready
      ? {
          conversion: proportionLift({ n: tx.shoppers, x: tx.converters }, { n: ctl.shoppers, x: ctl.converters }, confidence),
          revenuePerShopper: meanLift(revenue(tx), revenue(ctl), confidence),
          repeatPurchaseRate: tx.converters > 0 && ctl.converters > 0 ? proportionLift({ n: tx.converters, x: tx.repeaters }, { n: ctl.converters, x: ctl.repeaters }, confidence) : null,
        }
      : null,
    sampleSize: { neededPerArm, minimumDetectableEffect: mde, baselineRate },
  };
}
