import type { LoyaltySummary, TierRef } from "./experience-types";

export interface TierDef {
  id: string;
  name: string;
  threshold: number;
}

/**
 * Points for an order under the simple first rule: `pointsPerUnit` per whole currency unit spent,
 * rounded down (DESIGN §6; the full rule set comes with the loyalty issue).
 */
export function orderPoints(total: number, pointsPerUnit: number): number {
  return Math.max(0, Math.floor(total * pointsPerUnit + 1e-9));
}

/**
 * Where a shopper stands in the tier table: the highest tier whose threshold they reached, the
 * next one, how much is missing and the 0..1 progress between the two.
 */
export function tierProgress(value: number, tiers: TierDef[], basis: "points" | "spend", points: number): LoyaltySummary {
  const sorted = [...tiers].sort((a, b) => a.threshold - b.threshold);
  let tier: TierDef | null = null;
  let nextTier: TierDef | null = null;
  for (const t of sorted) {
    if (value >= t.threshold) tier = t;
    else {
      nextTier = t;
      break;
    }
  }
  const from = tier?.threshold ?? 0;
  const toNextTier = nextTier ? round2(nextTier.threshold - value) : 0;
  const span = nextTier ? nextTier.threshold - from : 0;
  const progress = nextTier ? (span > 0 ? clamp01((value - from) / span) : 0) : 1;
  return { points, tier: ref(tier), nextTier: ref(nextTier), toNextTier, progress: round2(progress), basis };
}

function ref(t: TierDef | null): TierRef | null {
  return t ? { id: t.id, name: t.name, threshold: t.threshold } : null;
}
const clamp01 = (n: number) => Math.min(1, Math.max(0, n));
const round2 = (n: number) => Math.round(n * 100) / 100;
