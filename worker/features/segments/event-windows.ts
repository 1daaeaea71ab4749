import { DAY_MS } from "../../platform/time";
/**
 * Event counts in time windows, for segment rules such as "viewed 3 or more products in the last
 * 30 days". Profiles keep per-day counts (worker/features/customers/profile-activity.ts); rules read them
 * relative to `now`, so membership changes as days pass (the Site re-files customers daily).
 */

/** Event types a window rule can count (`order` counts paid orders). */
export const COUNTED_EVENTS = ["page_view", "product_view", "category_view", "search", "cart", "add_to_cart", "remove_from_cart", "rec_impression", "rec_click", "order"] as const;
export type CountedEvent = (typeof COUNTED_EVENTS)[number];

/** The longest window a rule may ask for, in days. */
export const MAX_WINDOW_DAYS = 365;

/** `{ type: { utcDay: count } }` where utcDay is days since 1970-01-01. */
export type DailyCounts = Record<string, Record<number, number>>;

export const dayOf = (t: number) => Math.floor(t / DAY_MS);

/** Events of `type` in the last `withinDays` days including today (`"any"`: every type). */
export function countInWindow(days: DailyCounts | undefined, type: CountedEvent | "any", withinDays: number, now: number): number {
  if (!days) return 0;
  const from = dayOf(now) - withinDays + 1;
  let n = 0;
  for (const [t, byDay] of Object.entries(days)) {
    if (type !== "any" && t !== type) continue;
    for (const [day, c] of Object.entries(byDay)) if (Number(day) >= from) n += c;
  }
  return n;
}

/** Which counts a set of windows needs: the types and the longest window (for trimming stored counts). */
export interface WindowNeeds {
  types: Set<string>;
  days: number;
}

/** Keeps only the counts the needs call for, so the shop's index stores no more than rules read. */
export function trimCounts(days: DailyCounts | undefined, needs: WindowNeeds, now: number): DailyCounts | undefined {
  if (!days || needs.types.size === 0) return undefined;
  const from = dayOf(now) - needs.days + 1;
  const out: DailyCounts = {};
  for (const [t, byDay] of Object.entries(days)) {
    if (!needs.types.has("any") && !needs.types.has(t)) continue;
    const kept = Object.entries(byDay).filter(([day]) => Number(day) >= from);
    if (kept.length) out[t] = Object.fromEntries(kept);
  }
  return Object.keys(out).length ? out : undefined;
}
