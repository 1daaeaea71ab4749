import type { CellBook } from "./cells";
import { pairsWithin, rangeParts } from "./day-pairs";
import { type Bucket, bucketIndexer, buckets, type Granularity, isoFromDay as isoDay } from "./period";

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
  /** Revenue of the period's new customers and of its returning ones (they add up to `revenue`). */
  revenueFrom: { new: number; returning: number };
  repeatCustomers: number;
  repeatPurchaseRate: number | null;
  medianDaysToSecondOrder: number | null;
  visits: number;
  returningVisitShare: number | null;
  visitors: { identified: number; anonymous: number };
}

/** Which customers a read counts: members of the loyalty program ("m"), the others ("n"), or everyone. */
export type CustomerClass = "m" | "n" | null;

/** Raw sums of one period, keyed `name` or `name\tclass` (class "m" or "n"), plus its gap histogram. */
export class Sums {
  readonly n = new Map<string, number>();
  readonly gaps = new Map<number, number>();
  add(key: string, n: number) {
    this.n.set(key, (this.n.get(key) ?? 0) + n);
  }
  /** The sum of `name` for a class, or for both. */
  get(name: string, only: CustomerClass = null): number {
    if (only !== null) return this.n.get(`${name}\t${only}`) ?? 0;
    return (this.n.get(name) ?? 0) + (this.n.get(`${name}\tm`) ?? 0) + (this.n.get(`${name}\tn`) ?? 0);
  }
}

/** Day-pair sums with both days in [from, to] (day-pairs.ts): new customers' orders and revenue, order and visit pairs. */
function addPairs(cells: CellBook, s: Sums, from: number, to: number): void {
  for (const [metric, name] of [
    ["ord", "newOrders"],
    ["rev", "newRevenue"],
    ["pair", "pair"],
    ["skip", "skip"],
  ] as const)
    for (const [cls, n] of pairsWithin(cells, metric, from, to)) s.add(`${name}\t${cls}`, n);
  for (const [who, n] of pairsWithin(cells, "vpair", from, to)) s.add(`vpair:${who}`, n);
}

/** Days from first to second order of customers whose second order falls in [from, to]: whole months from month cells. */
function addGaps(cells: CellBook, s: Sums, from: number, to: number): void {
  const { full, head, tail } = rangeParts(from, to);
  const list = [...(full ? cells.range("second.m", full.from, full.to) : []), ...[head, tail].flatMap((cut) => (cut ? cells.range("second", cut.from, cut.to) : []))];
  for (const c of list) s.gaps.set(c.b, (s.gaps.get(c.b) ?? 0) + c.n);
}

/**
 * The raw sums of [from, to] per bucket and, last, for the whole range. Counters of one day are
 * read once for the range and added to their bucket; distinct counts and the gap histogram are
 * read per period, each a bounded number of cells (day-pairs.ts), so the cost follows the range
 * and its granularity, not the number of customers.
 */
export function periodSums(cells: CellBook, from: number, to: number, granularity: Granularity): { periods: Bucket[]; sums: Sums[] } {
  const periods = buckets(from, to, granularity);
  const at = bucketIndexer(periods);
  const sums = Array.from({ length: periods.length + 1 }, () => new Sums());
  const total = sums[periods.length] as Sums;
  const add = (day: number, key: string, n: number) => {
    const i = at(day);
    if (i < 0) return;
    (sums[i] as Sums).add(key, n);
    total.add(key, n);
  };
  for (const c of cells.range("ordd", from, to)) add(c.a, `orders\t${c.c}`, c.n);
  for (const c of cells.range("revd", from, to)) add(c.a, `revenue\t${c.c}`, c.n);
  for (const c of cells.range("first", from, to)) add(c.a, `newCustomers\t${c.c}`, c.n);
  for (const c of cells.range("visit", from, to)) {
    add(c.a, "visits", c.n);
    if (c.b === 1) add(c.a, "returningVisits", c.n);
    add(c.a, `visits:${c.c}`, c.n);
  }
  periods.forEach((p, i) => {
    addPairs(cells, sums[i] as Sums, p.from, p.to);
    addGaps(cells, sums[i] as Sums, p.from, p.to);
  });
  addPairs(cells, total, from, to);
  addGaps(cells, total, from, to);
  return { periods, sums };
}

/** The figures of one period from its sums, for everyone or one class (visits are everyone's). */
export function figuresOf(s: Sums, period: string, a: number, b: number, only: CustomerClass = null): SummaryFigures {
  const v = (name: string) => s.get(name, only);
  const customers = v("orders") - v("pair");
  const repeat = v("pair") - v("skip");
  const newOrders = v("newOrders");
  const retOrders = v("orders") - newOrders;
  const everyone = only === null;
  const visits = everyone ? s.get("visits") : 0;
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
    revenueFrom: { new: money(v("newRevenue")), returning: money(v("revenue") - v("newRevenue")) },
    repeatCustomers: repeat,
    repeatPurchaseRate: ratio(repeat, customers, 4),
    medianDaysToSecondOrder: everyone ? median(s.gaps) : null,
    visits,
    returningVisitShare: everyone ? ratio(s.get("returningVisits"), visits, 4) : null,
    visitors: everyone ? { identified: s.get("visits:identified") - s.get("vpair:identified"), anonymous: s.get("visits:anonymous") - s.get("vpair:anonymous") } : { identified: 0, anonymous: 0 },
  };
}

/** The customer sums of one range alone (no visits, no gaps): what the members / non-members comparison needs, in one pass. */
export function rangeSums(cells: CellBook, from: number, to: number): Sums {
  const s = new Sums();
  for (const [metric, name] of [
    ["ordd", "orders"],
    ["revd", "revenue"],
    ["first", "newCustomers"],
  ] as const)
    for (const c of cells.range(metric, from, to)) s.add(`${name}\t${c.c}`, c.n);
  addPairs(cells, s, from, to);
  return s;
}

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
export function summarize(cells: CellBook, from: number, to: number, granularity: Granularity): { total: SummaryFigures; series: SummaryFigures[] } {
  const { periods, sums } = periodSums(cells, from, to, granularity);
  return {
    total: figuresOf(sums[periods.length] as Sums, "total", from, to),
    series: periods.map((p, i) => figuresOf(sums[i] as Sums, p.period, p.from, p.to)),
  };
}

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
