import { DAY_MS } from "../../platform/time";
/** Lifecycle stages; also the segments `GET /v1/segments/{segment}/customers` lists for now. */
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
  /** Days without an order before a buyer is at risk (default: half the lapse window). */
  atRiskAfterDays?: number;
  /** Spend from which a repeat customer counts as loyal / VIP. */
  vipSpend: number;
  /** Orders from which a repeat customer counts as loyal / VIP (default 3). */
  loyalMinOrders?: number;
}

/**
 * Where a shopper stands: buyers by recency first (at risk, then lapsed, after the shop's
 * thresholds; see segments/lifecycle-thresholds.ts for defaults that follow the shop's rhythm),
 * then by orders and spend; non-buyers by intent (cart, views, return visits).
 */
export function lifecycleStage(s: StageInput): Stage {
  if (s.orders > 0) {
    const idle = s.now - (s.lastOrderAt ?? s.lastSeen);
    if (idle > s.lapsedAfterDays * DAY_MS) return "lapsed";
    if (idle > (s.atRiskAfterDays ?? s.lapsedAfterDays / 2) * DAY_MS) return "at_risk";
    if (s.orders >= (s.loyalMinOrders ?? 3) || s.spend >= s.vipSpend) return s.orders >= 2 ? "loyal" : "first_purchase";
    return s.orders >= 2 ? "repeat" : "first_purchase";
  }
  if (s.cartItems > 0) return "considering";
  if (s.productViews > 0 || s.visits > 1) return "browsing";
  return "new";
}
