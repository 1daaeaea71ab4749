import { DAY_MS } from "../../platform/time";
/**
 * RFM (recency, frequency, monetary) scores 1–5 against the shop's own quintiles, and the classic
 * named groups. Pure: the Site object keeps the quintile edges, this scores against them.
 */

/** Four cut points splitting sorted values into five equal-sized groups. */
export function quintileEdges(sortedAscending: number[]): number[] {
  const n = sortedAscending.length;
  if (n === 0) return [];
  return [0.2, 0.4, 0.6, 0.8].map((q) => sortedAscending[Math.min(n - 1, Math.floor(q * n))] ?? 0);
}

/** 1..5 where 5 is best; for recency (days since last order) fewer days is better. */
export function quintileScore(value: number, edges: number[], lowerIsBetter = false): number {
  if (edges.length === 0) return 3;
  let score = 1;
  for (const e of edges) if (value > e) score++;
  return lowerIsBetter ? 6 - score : score;
}

export const RFM_GROUPS = ["champions", "loyal", "potential_loyalists", "new_customers", "promising", "need_attention", "about_to_sleep", "at_risk", "cant_lose", "hibernating", "lost"] as const;
export type RfmGroup = (typeof RFM_GROUPS)[number];

export interface Rfm {
  r: number;
  f: number;
  m: number;
  group: RfmGroup;
}

/**
 * The widely used R × FM segment map (R and the average of F and M, each 1–5), e.g. champions
 * bought recently, often and much; can't-lose bought often and much but long ago.
 */
export function rfmGroup(r: number, f: number, m: number): RfmGroup {
  const fm = Math.round((f + m) / 2);
  if (r >= 5 && fm >= 4) return "champions";
  if (r >= 3 && fm >= 4) return "loyal";
  if (r >= 4 && fm >= 2) return "potential_loyalists";
  if (r >= 5 && fm <= 1) return "new_customers";
  if (r >= 4 && fm <= 1) return "promising";
  if (r === 3 && fm >= 2) return "need_attention";
  if (r === 3 && fm <= 1) return "about_to_sleep";
  if (r <= 2 && fm >= 5) return "cant_lose";
  if (r <= 2 && fm >= 3) return "at_risk";
  if (r === 2 && fm <= 2) return "hibernating";
  return "lost";
}

export interface RfmEdges {
  recencyDays: number[];
  orders: number[];
  spend: number[];
}

/** Scores one buyer; null for someone who never ordered (RFM describes buyers). */
export function rfmFor(c: { orders: number; spend: number; lastOrderAt: number | null }, edges: RfmEdges, now: number): Rfm | null {
  if (c.orders <= 0 || c.lastOrderAt === null) return null;
  const days = Math.max(0, (now - c.lastOrderAt) / DAY_MS);
  const r = quintileScore(days, edges.recencyDays, true);
  const f = quintileScore(c.orders, edges.orders);
  const m = quintileScore(c.spend, edges.spend);
  return { r, f, m, group: rfmGroup(r, f, m) };
}
