import type { CellBook } from "./cells";
import { POINT_KINDS } from "./customer-facts";
import { bucketIndexer, buckets, type Granularity, isoFromDay } from "./period";
import { figuresOf, rangeSums, ratio, type Sums } from "./summary";

/** Points moved in one period: issued, redeemed, expired, reversed (refunds and negative adjustments). */
export type PointFlows = Record<(typeof POINT_KINDS)[number], number> & { period: string; from: string; to: string };

/** The figures a members / non-members comparison shows for each group. */
function group(sums: Sums, from: number, to: number, cls: "m" | "n") {
  const t = figuresOf(sums, "total", from, to, cls);
  return {
    customers: t.customersWithOrder,
    orders: t.orders,
    revenue: t.revenue,
    averageOrderValue: ratio(t.revenue, t.orders, 2),
    ordersPerCustomer: ratio(t.orders, t.customersWithOrder, 2),
    repeatPurchaseRate: t.repeatPurchaseRate,
  };
}

/**
 * The loyalty program over [from, to]: points issued, redeemed, expired and reversed per period;
 * what is outstanding at the end of the range (every point issued up to then and not redeemed,
 * expired or reversed: pending points count, they are owed once the return window passes) and its
 * money value, the program's liability; redemption rate = redeemed ÷ issued in the range; rewards
 * by redemptions; members (who took part beyond earning on orders) against the other customers.
 * Expiry counts on the day it happens, so nothing after `today` is counted.
 */
export function loyaltyInsights(cells: CellBook, from: number, to: number, granularity: Granularity, today: number, pointValue: number | null) {
  const end = Math.min(to, today);
  const periods = buckets(from, to, granularity);
  const at = bucketIndexer(periods);
  const flows: PointFlows[] = periods.map((p) => ({ period: p.period, from: isoFromDay(p.from), to: isoFromDay(p.to), issued: 0, redeemed: 0, expired: 0, reversed: 0 }));
  const total: PointFlows = { period: "total", from: isoFromDay(from), to: isoFromDay(to), issued: 0, redeemed: 0, expired: 0, reversed: 0 };
  let outstanding = 0;
  for (const c of cells.range("pts", Number.MIN_SAFE_INTEGER, end)) {
    const kind = POINT_KINDS[c.b];
    if (!kind) continue;
    outstanding += kind === "issued" ? c.n : -c.n;
    const i = at(c.a);
    if (i < 0) continue;
    (flows[i] as PointFlows)[kind] += c.n;
    total[kind] += c.n;
  }
  const sums = rangeSums(cells, from, to);
  const rewards = new Map<string, number>();
  for (const c of cells.range("rwd", from, end)) rewards.set(c.c, (rewards.get(c.c) ?? 0) + c.n);
  return {
    points: { ...total, outstanding },
    liability: pointValue === null ? null : Math.round(outstanding * pointValue * 100) / 100,
    pointValue,
    redemptionRate: ratio(total.redeemed, total.issued, 4),
    rewards: [...rewards].map(([reward, redemptions]) => ({ reward, redemptions })).sort((a, b) => b.redemptions - a.redemptions || a.reward.localeCompare(b.reward)),
    series: flows,
    comparison: {
      note: "A comparison, not a cause: customers who join in may be the ones who would have come back anyway. Use an experiment's holdout for cause.",
      members: group(sums, from, to, "m"),
      nonMembers: group(sums, from, to, "n"),
    },
  };
}
