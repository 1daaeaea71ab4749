import type { CustomerIndexEntry } from "../segments/customer-index";
import type { DailyCounts } from "../segments/event-windows";
import type { ProfileState } from "./profile";

/**
 * The line a customer's profile files in the shop's index (listing, lifecycle, RFM, segment
 * rules): only what those read, so the Site never holds a whole profile. Pure.
 */
export function customerIndexEntry(p: ProfileState, eventDays: DailyCounts): CustomerIndexEntry {
  return {
    customerId: p.id,
    email: p.traits.email,
    firstName: p.traits.firstName,
    visits: p.visits,
    productViews: p.eventCounts.product_view ?? 0,
    cartItems: p.cart?.items.length ?? 0,
    orders: p.orders,
    spend: p.spend,
    points: p.points,
    lastOrderAt: p.lastOrderAt,
    lastSeen: p.lastSeen,
    tier: p.tier ?? null,
    tags: [...new Set(Object.values(p.answers).flatMap((a) => a.tags))].slice(0, 50),
    answers: Object.fromEntries(Object.entries(p.answers).map(([k, a]) => [k, a.answers])),
    locale: p.traits.locale,
    marketingConsent: p.traits.marketingConsent,
    birthday: p.traits.birthday,
    firstOrderAt: p.firstOrderAt ?? null,
    eventDays,
    attributes: p.attributes ?? {},
  };
}
