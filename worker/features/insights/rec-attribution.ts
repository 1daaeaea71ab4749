import type { RecFact } from "./event-facts";
import { DAY_MS } from "../../platform/time";
import type { ShopperEvent } from "../customers/profile-changes";

/**
 * Recommendation attribution, without I/O: which counters a browser event moves (impressions,
 * clicks, add-to-carts after a click) and which order lines a click earns revenue from. Both look
 * back at the clicks remembered on the shopper's profile (`ProfileState.recClicks`), newest first.
 */

/** One click on a recommended product, as the profile remembers it. */
export interface RecClick {
  productId: string;
  at: number;
  placement: string;
  reason: string;
}

/** An order line earned by a click: the click's placement and reason, and the line's site-currency worth in minor units. */
export interface OrderRec {
  productId: string;
  placement: string;
  reason: string;
  minor: number;
}

/** How many clicks a profile remembers: enough for a browsing session's worth, small enough to keep the profile small. */
export const REC_CLICKS_KEPT = 50;
/** The attribution window when the site config does not say (`insights.attributionDays`). */
export const DEFAULT_ATTRIBUTION_DAYS = 7;
/** Reason of an impression or click the widget sent without one (older widgets). */
export const UNKNOWN_REASON = "unknown";
/** Placement of an event the widget sent without one (the widget's own default). */
export const DEFAULT_PLACEMENT = "home";

/** Clicks newest first, without repeats, at most {@link REC_CLICKS_KEPT}: the one order clicks are kept in. */
export function keepClicks(clicks: readonly RecClick[]): RecClick[] {
  const seen = new Set<string>();
  const out: RecClick[] = [];
  for (const c of [...clicks].sort((a, b) => b.at - a.at)) {
    const k = `${c.productId}\u001f${c.at}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(c);
  }
  return out.slice(0, REC_CLICKS_KEPT);
}

/**
 * The click that earns an add to cart or an order line of `productId` at `at`: the latest click
 * on it at or before `at` and at most `days` days before. Undefined when there is none.
 */
export function clickBefore(clicks: readonly RecClick[] | undefined, productId: string, at: number, days: number): RecClick | undefined {
  let best: RecClick | undefined;
  for (const c of clicks ?? []) {
    if (c.productId !== productId || c.at > at || at - c.at > days * DAY_MS) continue;
    if (!best || c.at > best.at) best = c;
  }
  return best;
}

/**
 * What one accepted browser event adds to the recommendation counters, given the clicks known
 * when it happened (including its own, for a click): one impression per product shown (grouped by
 * reason), a click, or an add to cart of a product clicked within the window.
 */
export function eventRecFacts(e: ShopperEvent & { at: number }, clicks: readonly RecClick[] | undefined, days: number): RecFact[] {
  switch (e.type) {
    case "rec_impression": {
      const placement = e.placement ?? DEFAULT_PLACEMENT;
      const byReason = new Map<string, number>();
      e.productIds.forEach((_, i) => {
        const reason = e.reasons?.[i] ?? UNKNOWN_REASON;
        byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
      });
      return [...byReason].map(([reason, n]) => ({ at: e.at, event: 0, placement, reason, n }));
    }
    case "rec_click":
      return [{ at: e.at, event: 1, placement: e.placement ?? DEFAULT_PLACEMENT, reason: e.reason ?? UNKNOWN_REASON, n: 1 }];
    case "add_to_cart": {
      const c = clickBefore(clicks, e.productId, e.at, days);
      return c ? [{ at: e.at, event: 2, placement: c.placement, reason: c.reason, n: 1 }] : [];
    }
    default:
      return [];
  }
}

/** The click a `rec_click` event leaves on the profile (placement and reason defaulted as the counters do). */
export function clickOf(e: Extract<ShopperEvent, { type: "rec_click" }>, at: number): RecClick {
  return { productId: e.productId, at, placement: e.placement ?? DEFAULT_PLACEMENT, reason: e.reason ?? UNKNOWN_REASON };
}

/**
 * The lines of a paid order earned by recommendation clicks: each line whose product was clicked
 * within `days` before the order goes to that (latest) click, worth price × quantity × value ÷
 * total in site-currency minor units (`value` is the order's site-currency worth; 0 when the
 * total is 0). Lines worth nothing are left out.
 */
export function orderRecs(
  clicks: readonly RecClick[] | undefined,
  order: { items: readonly { productId: string; quantity: number; price: number }[]; total: number; value: number; createdAt: number },
  days: number,
): OrderRec[] {
  if (order.total <= 0) return [];
  const out: OrderRec[] = [];
  for (const i of order.items) {
    const c = clickBefore(clicks, i.productId, order.createdAt, days);
    const minor = c ? Math.round((i.price * i.quantity * order.value * 100) / order.total) : 0;
    if (c && minor > 0) out.push({ productId: i.productId, placement: c.placement, reason: c.reason, minor });
  }
  return out;
}
