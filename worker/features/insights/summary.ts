import type { Cell, CellBook } from "./cells";
import { bucketIndexer, buckets, type Granularity, isoFromDay as isoDay } from "./period";

/** The figures of one period (or of the whole range) of `GET /v1/insights/summary`; money in major units. */
export interface SummaryFigures {
  period: string;
  from: string;
  to: string;
  customersWithOrder: number;
  newCustomers: number;
  returningCustomers: number;
  orders: number;
  revenue: number;
  averageOrderValue: { new: number | null; returning: number | null };
  repeatCustomers: number;
  repeatPurchaseRate: number | null;
  medianDaysToSecondOrder: number | null;
  visits: number;
  returningVisitShare: number | null;
  visitors: { identified: number; anonymous: number };
}

/** Sums per period: one slot per bucket, plus the whole range in the last slot. */
class Tally {
  readonly slots: Record<string, number>[];
  readonly gaps: Map<number, number>[];
  constructor(n: number) {
    this.slots = Array.from({ length: n + 1 }, () => ({}));
    this.gaps = Array.from({ length: n + 1 }, () => new Map());
  }
  add(i: number, key: string, n: number) {
    for (const s of i < 0 ? [] : [this.slots[i] as Record<string, number>, this.slots[this.slots.length - 1] as Record<string, number>]) s[key] = (s[key] ?? 0) + n;
  }
}

/** Which customers a read counts: members of the loyalty program ("m"), the others ("n"), or everyone. */
export type CustomerClass = "m" | "n" | null;

/**
 * Retention figures over [from, to] (local day numbers), per bucket and in total, from the
 * counters alone (cells.ts). Definitions (also in the OpenAPI descriptions and the README):
 * a customer with an order ordered at least once in the period; new = their first order ever is
 * in it; returning = the others; revenue is net of refunds (a refund counts on its own day);
 * AOV new = revenue ÷ orders of new customers in the period; repeat purchase rate = customers
 * with ≥ 2 orders in the period ÷ customers with ≥ 1; median days to second order = over customers
 * whose second order ever is in the period; visits as counted by the experience (a new visit
 * after 30 idle minutes), returning when the visitor had visited before.
 */
export function summarize(cells: CellBook, from: number, to: number, granularity: Granularity, only: CustomerClass = null): { total: SummaryFigures; series: SummaryFigures[] } {
  const periods = buckets(from, to, granularity);
  const at = bucketIndexer(periods);
  const t = new Tally(periods.length);
  const mine = (c: Cell) => only === null || c.c === only;
  for (const c of cells.range("ord", from, to)) {
    if (!mine(c)) continue;
    const i = at(c.a);
    t.add(i, "orders", c.n);
    // New in the period when the first order is in the same bucket (or, for the total, in the range).
    if (i >= 0 && at(c.b) === i) add1(t.slots[i], "newOrders", c.n);
    if (c.b >= from) add1(t.slots[periods.length], "newOrders", c.n);
  }
  for (const c of cells.range("rev", from, to)) {
    if (!mine(c)) continue;
    const i = at(c.a);
    t.add(i, "revenue", c.n);
    if (i >= 0 && at(c.b) === i) add1(t.slots[i], "newRevenue", c.n);
    if (c.b >= from) add1(t.slots[periods.length], "newRevenue", c.n);
  }
  for (const c of cells.range("first", from, to)) if (mine(c)) t.add(at(c.a), "newCustomers", c.n);
  for (const metric of ["pair", "skip"] as const) {
    for (const c of cells.range(metric, from, to, to)) {
      if (!mine(c)) continue;
      const i = at(c.a);
      if (i >= 0 && at(c.b) === i) add1(t.slots[i], metric, c.n);
      add1(t.slots[periods.length], metric, c.n);
    }
  }
  for (const c of cells.range("second", from, to)) {
    const i = at(c.a);
    for (const j of i < 0 ? [] : [i, periods.length]) (t.gaps[j] as Map<number, number>).set(c.b, ((t.gaps[j] as Map<number, number>).get(c.b) ?? 0) + c.n);
  }
  if (only === null) {
    for (const c of cells.range("visit", from, to)) {
      const i = at(c.a);
      t.add(i, "visits", c.n);
      if (c.b === 1) t.add(i, "returningVisits", c.n);
      t.add(i, `visits:${c.c}`, c.n);
    }
    for (const c of cells.range("vpair", from, to, to)) {
      const i = at(c.a);
      if (i >= 0 && at(c.b) === i) add1(t.slots[i], `vpair:${c.c}`, c.n);
      add1(t.slots[periods.length], `vpair:${c.c}`, c.n);
    }
  }
  const figures = (i: number, period: string, a: number, b: number): SummaryFigures => {
    const s = t.slots[i] as Record<string, number>;
    const v = (k: string) => s[k] ?? 0;
    const customers = v("orders") - v("pair");
    const repeat = v("pair") - v("skip");
    const newOrders = v("newOrders");
    const retOrders = v("orders") - newOrders;
    return {
      period,
      from: isoDay(a),
      to: isoDay(b),
      customersWithOrder: customers,
      newCustomers: v("newCustomers"),
      returningCustomers: customers - v("newCustomers"),
      orders: v("orders"),
      revenue: money(v("revenue")),
      averageOrderValue: { new: ratio(money(v("newRevenue")), newOrders, 2), returning: ratio(money(v("revenue") - v("newRevenue")), retOrders, 2) },
      repeatCustomers: repeat,
      repeatPurchaseRate: ratio(repeat, customers, 4),
      medianDaysToSecondOrder: median(t.gaps[i] as Map<number, number>),
      visits: v("visits"),
      returningVisitShare: ratio(v("returningVisits"), v("visits"), 4),
      visitors: { identified: v("visits:identified") - v("vpair:identified"), anonymous: v("visits:anonymous") - v("vpair:anonymous") },
    };
  };
  return {
    total: figures(periods.length, "total", from, to),
    series: periods.map((p, i) => figures(i, p.period, p.from, p.to)),
  };
}

const add1 = (s: Record<string, number> | undefined, key: string, n: number) => {
  if (s) s[key] = (s[key] ?? 0) + n;
};

/** Minor units (integers, summed exactly) to major units. */
export const money = (minor: number) => Math.round(minor) / 100;

/** a ÷ b rounded to `digits`, or null when b is 0 (never NaN in JSON). */
export const ratio = (a: number, b: number, digits: number) => (b === 0 ? null : Math.round((a / b) * 10 ** digits) / 10 ** digits);

/** The median of a histogram (value → count); the mean of the two middle values for an even count. */
export function median(h: Map<number, number>): number | null {
  let total = 0;
  for (const n of h.values()) total += n;
  if (total <= 0) return null;
  const sorted = [...h.entries()].filter(([, n]) => n > 0).sort((x, y) => x[0] - y[0]);
  const nth = (k: number) => {
    let seen = 0;
    for (const [value, n] of sorted) if ((seen += n) > k) return value;
    return (sorted.at(-1) as [number, number])[0];
  };
  return total % 2 === 1 ? nth((total - 1) / 2) : (nth(total / 2 - 1) + nth(total / 2)) / 2;
}
