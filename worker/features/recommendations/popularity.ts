import { DAY_MS } from "../../platform/time";
/**
 * Recent popularity with exponential time decay, kept incrementally in log space so scores of
 * orders years apart never overflow and never need rescaling: an order at time `at` adds
 * 2^((at − T0) / halfLife); ranking by the log of the sum ranks by decayed popularity at any
 * later moment. Time comes from the orders themselves, so a replayed 2011 history decays as it
 * did then.
 */
export const POPULARITY_HALF_LIFE_DAYS = 30;
const T0 = Date.UTC(2000, 0, 1);

/** log2 of one order's contribution. */
export function popularityTerm(at: number): number {
  return (at - T0) / (POPULARITY_HALF_LIFE_DAYS * DAY_MS);
}

/** log2(2^a + 2^b), exact and overflow-free; `null` is the empty sum. */
export function addLog2(a: number | null, b: number): number {
  if (a === null) return b;
  const hi = Math.max(a, b);
  return hi + Math.log2(1 + 2 ** (Math.min(a, b) - hi));
}

/**
 * Takes `share` of one order's term `b` back out of the log-space sum `a` (a refund):
 * log2(2^a − share·2^b). Null when nothing meaningful is left (the product has no popularity).
 */
export function subLog2(a: number | null, b: number, share: number): number | null {
  if (a === null) return null;
  const rest = 1 - share * 2 ** (b - a);
  return rest > 1e-9 ? a + Math.log2(rest) : null;
}

/** Product ids by score, best first (ties by id so lists are stable). */
export function topByScore(scores: Iterable<[string, number]>, n: number): string[] {
  return [...scores]
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, n)
    .map((x) => x[0]);
}
