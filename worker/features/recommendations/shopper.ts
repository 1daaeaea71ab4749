import type { ProfileState } from "../customers/profile";
import type { Shopper } from "./types";

/** The engine's view of a profile (plus survey tags, which the survey module derives). */
export function shopperOf(p: ProfileState, answerTags: Shopper["answerTags"], isMember: boolean): Shopper {
  return {
    recentlyViewed: p.recentlyViewed,
    categoryViews: p.categoryViews,
    answerTags,
    purchases: p.purchases ?? Object.fromEntries(p.purchased.map((id) => [id, { orders: 1, units: 1, lastAt: p.lastOrderAt ?? 0 }])),
    lastOrderItems: p.lastOrderItems ?? [],
    lastOrderAt: p.lastOrderAt,
    cart: p.cart?.items.map((i) => i.productId) ?? [],
    saved: p.saved?.map((i) => i.productId) ?? [],
    isMember,
  };
}
