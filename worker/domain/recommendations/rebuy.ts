import type { RebuyStats } from "./types";

const DAY = 86_400_000;
/** How many recent gaps per product are kept to estimate its typical re-buy interval. */
export const REBUY_GAPS_KEPT = 31;

/** Running re-buy state of one product, learnt from the shop's orders. */
export interface RebuyState {
  buyers: number;
  repeaters: number;
  /** Recent gaps in days between a customer's consecutive purchase days (bounded). */
  gaps: number[];
}

export const emptyRebuy = (): RebuyState => ({ buyers: 0, repeaters: 0, gaps: [] });

/**
 * Folds one purchase of a product into its state. `previous` is this customer's earlier purchase
 * of the product (null the first time). A purchase on the same day as the previous one is the
 * same occasion (split or corrected orders) and teaches nothing about intervals.
 */
export function noteRebuy(s: RebuyState, previous: { orders: number; lastAt: number } | null, at: number): RebuyState {
  if (!previous) return { ...s, buyers: s.buyers + 1 };
  const gap = (at - previous.lastAt) / DAY;
  if (gap < 1) return s;
  const gaps = [...s.gaps, Math.round(gap)].slice(-REBUY_GAPS_KEPT);
  return { buyers: s.buyers, repeaters: s.repeaters + (previous.orders === 1 ? 1 : 0), gaps };
}

export function rebuyStats(s: RebuyState): RebuyStats {
  return { buyers: s.buyers, repeaters: s.repeaters, days: median(s.gaps) };
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : Math.round(((s[m - 1] as number) + (s[m] as number)) / 2);
}

/**
 * Whether a product is bought again: the shop says so (`replenishDays`), or its own orders show
 * customers coming back for it. Anything else counts as a durable: once owned, not recommended.
 */
export function isRebuyable(replenishDays: number | null, stats: RebuyStats | null): boolean {
  if (replenishDays !== null) return true;
  if (!stats) return false;
  return stats.repeaters >= 2 && stats.repeaters >= 0.05 * stats.buyers;
}

/** The expected days between purchases: the shop's setting first, then what orders show. */
export function rebuyInterval(replenishDays: number | null, stats: RebuyStats | null): number {
  return replenishDays ?? stats?.days ?? 30;
}

/** Smoothed share of buyers who came back (0..1). */
export function rebuyPropensity(stats: RebuyStats | null): number {
  if (!stats) return 0.2;
  return (stats.repeaters + 1) / (stats.buyers + 4);
}
