/** Lifecycle stages (DESIGN §6); also the segments `GET /v1/segments/{segment}/customers` lists for now. */
export const STAGES = ["new", "browsing", "considering", "first_purchase", "repeat", "loyal", "at_risk", "lapsed"] as const;
export type Stage = (typeof STAGES)[number];

export interface StageInput {
  visits: number;
  productViews: number;
  cartItems: number;
  orders: number;
  spend: number;
  lastOrderAt: number | null;
  lastSeen: number;
  now: number;
  lapsedAfterDays: number;
  /** Spend from which a repeat customer counts as loyal / VIP. */
  vipSpend: number;
}

const DAY = 86_400_000;

/**
 * Where a shopper stands, first depth: buyers by order count and recency (at risk after half the
 * lapse window without an order, lapsed after all of it), non-buyers by intent (cart, views).
 */
export function lifecycleStage(s: StageInput): Stage {
  if (s.orders > 0) {
    const idle = s.now - (s.lastOrderAt ?? s.lastSeen);
    if (idle > s.lapsedAfterDays * DAY) return "lapsed";
    if (idle > (s.lapsedAfterDays / 2) * DAY) return "at_risk";
    if (s.orders >= 3 || s.spend >= s.vipSpend) return s.orders >= 2 ? "loyal" : "first_purchase";
    return s.orders >= 2 ? "repeat" : "first_purchase";
  }
  if (s.cartItems > 0) return "considering";
  if (s.productViews > 0 || s.visits > 1) return "browsing";
  return "new";
}
