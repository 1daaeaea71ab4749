import type { RebuyStats } from "./types";
import { DAY_MS } from "../../platform/time";

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
 * What one purchase of a product added to its re-buy state, kept with the order so a refund can
 * take exactly that back (`undoRebuy`).
 */
export interface RebuyNote {
  /** The customer's first purchase of the product (counted as a buyer). */
  first: boolean;
  /** Days since the customer's previous purchase of it, added to `gaps`; null when nothing was added. */
  gap: number | null;
  /** This purchase made the customer a repeater. */
  repeat: boolean;
  /** When the customer last bought it before (restored if this purchase is taken back). */
  prevLastAt: number | null;
}

/**
 * What one purchase teaches. `previous` is this customer's earlier purchase of the product (null
 * the first time). A purchase on the same day as the previous one is the same occasion (split or
 * corrected orders) and teaches nothing about intervals.
 */
export function rebuyNote(previous: { orders: number; lastAt: number } | null, at: number): RebuyNote {
  if (!previous) return { first: true, gap: null, repeat: false, prevLastAt: null };
  const gap = (at - previous.lastAt) / DAY_MS;
  if (gap < 1) return { first: false, gap: null, repeat: false, prevLastAt: previous.lastAt };
  return { first: false, gap: Math.round(gap), repeat: previous.orders === 1, prevLastAt: previous.lastAt };
}

/** Adds one purchase's note to a product's state. */
export function applyRebuy(s: RebuyState, n: RebuyNote): RebuyState {
  if (n.first) return { ...s, buyers: s.buyers + 1 };
  if (n.gap === null) return s;
  return { buyers: s.buyers, repeaters: s.repeaters + (n.repeat ? 1 : 0), gaps: [...s.gaps, n.gap].slice(-REBUY_GAPS_KEPT) };
}

/**
 * Takes one refunded purchase back: the buyer, the repeat and the gap it added (the most recent
 * equal gap, when it is still among the kept ones). Later purchases keep what they learnt.
 */
export function undoRebuy(s: RebuyState, n: RebuyNote): RebuyState {
  if (n.first) return { ...s, buyers: Math.max(0, s.buyers - 1) };
  if (n.gap === null) return s;
  const i = s.gaps.lastIndexOf(n.gap);
  const gaps = i < 0 ? s.gaps : [...s.gaps.slice(0, i), ...s.gaps.slice(i + 1)];
  return { buyers: s.buyers, repeaters: Math.max(0, s.repeaters - (n.repeat ? 1 : 0)), gaps };
}

/** Folds one purchase of a product into its state (`rebuyNote` then `applyRebuy`). */
export function noteRebuy(s: RebuyState, previous: { orders: number; lastAt: number } | null, at: number): RebuyState {
  return applyRebuy(s, rebuyNote(previous, at));
}

/** A state with nothing in it (every purchase that made it was refunded), read as "never bought". */
export const isEmptyRebuy = (s: RebuyState): boolean => s.buyers === 0 && s.repeaters === 0 && s.gaps.length === 0;

/** Stats of a stored state, or null when there is nothing (the same as a product nobody bought). */
export function rebuyStatsOf(s: RebuyState | null | undefined): RebuyStats | null {
  return s && !isEmptyRebuy(s) ? rebuyStats(s) : null;
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
