import { expirySchedule, type LedgerEntry } from "../loyalty/ledger";
import type { OrderRec } from "./rec-attribution";

/**
 * What the shop's insights need to know about one customer, built from the customer's ledger (the
 * one record of their money: every paid order earns an `order:` line carrying its site-currency
 * worth, every refund reverses it with the refunded worth) and their experiment arms. The Profile
 * object sends the whole of it after each change; the Insights object diffs it against the last
 * copy, so a report sent twice, late or out of order changes nothing twice. Times stay in ms:
 * the Insights object turns them into the shop's local days.
 */
export interface CustomerFacts {
  /** Paid orders: [order id, placed at, worth in site-currency minor units]. */
  orders: [string, number, number][];
  /** Refunds: [order id, refunded at, minor units taken back]. */
  refunds: [string, number, number][];
  /** Points by day of the ledger: [at, kind, points], kinds in {@link POINT_KINDS}. */
  points: [number, PointKind, number][];
  /** Rewards redeemed: [at, reward id]. */
  rewards: [number, string][];
  /** Took part in the program beyond earning on orders (redeemed, or earned for an action or a referral). */
  member: boolean;
  /** Experiment arms: [experiment id, arm, assigned at]; orders from then on count for the arm. */
  arms: [string, string, number][];
  /**
   * Order worth earned by recommendation clicks (stored with each order, rec-attribution.ts):
   * [order id, placed at, placement, reason, minor units], one per order, placement and reason;
   * refunds of the order take back their share (customer-cells.ts). Absent in facts stored before.
   */
  recs?: [string, number, string, string, number][];
}

/** How a point moved: issued (earned or added), redeemed, expired, reversed (refunds, negative adjustments). */
export const POINT_KINDS = ["issued", "redeemed", "expired", "reversed"] as const;
export type PointKind = 0 | 1 | 2 | 3;

/** Minor units of a site-currency amount (the ledger keeps 2 decimals). */
export const cents = (amount: number) => Math.round(amount * 100);

/**
 * The facts of one customer from their ledger, the arms stored on their profile and the
 * recommendation attribution stored with their orders (LoyaltyBook `orderRecs`).
 */
export function customerFacts(
  entries: readonly LedgerEntry[],
  arms: Record<string, { arm: string; at: number }> | undefined,
  attributed: readonly { orderId: string; at: number; recs: readonly OrderRec[] }[] = [],
): CustomerFacts {
  const facts: CustomerFacts = { orders: [], refunds: [], points: [], rewards: [], member: false, arms: [], recs: [] };
  for (const e of entries) {
    if (e.kind === "earn" && e.source.startsWith("order:")) facts.orders.push([e.source.slice(6), e.at, cents(e.spend)]);
    else if (e.kind === "reverse" && e.reverses?.startsWith("order:") && e.spend !== 0) facts.refunds.push([e.reverses.slice(6), e.at, -cents(e.spend)]);
    if (e.kind === "earn" && !e.source.startsWith("order:") && !e.source.startsWith("action:first_order:")) facts.member = true;
    if (e.kind === "redeem") {
      facts.member = true;
      facts.rewards.push([e.at, e.reason.startsWith("reward ") ? e.reason.slice(7) : e.reason]);
    }
    if (e.points === 0) continue;
    // Points handed back after a reward could not be issued undo the redemption, not a new issue.
    if (e.kind === "adjust" && e.source.startsWith("redeem:")) facts.points.push([e.at, 1, -e.points]);
    else if (e.kind === "earn" || (e.kind === "adjust" && e.points > 0)) facts.points.push([e.at, 0, e.points]);
    else if (e.kind === "redeem") facts.points.push([e.at, 1, -e.points]);
    else facts.points.push([e.at, 3, -e.points]);
  }
  for (const x of expirySchedule([...entries])) facts.points.push([x.at, 2, x.points]);
  for (const [id, a] of Object.entries(arms ?? {})) facts.arms.push([id, a.arm, a.at]);
  for (const o of attributed) {
    const by = new Map<string, [string, number, string, string, number]>();
    for (const r of o.recs) {
      const k = `${r.placement}\u001f${r.reason}`;
      const fact = by.get(k) ?? [o.orderId, o.at, r.placement, r.reason, 0];
      fact[4] += r.minor;
      by.set(k, fact);
    }
    facts.recs?.push(...by.values());
  }
  return facts;
}
