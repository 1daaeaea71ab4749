/**
 * The insights of a replayed shop, computed here from the replayed orders and refunds with the
 * README's definitions, without any of the engine's code (the independent side of the replay
 * comparison). Money in integer pence; days are UTC days (the replay's site has no time zone).
 */
export type ReplayEvent = { type: "order"; at: number; body: { id: string; total: number } } | { type: "refund"; at: number; orderId: string; body: { amount: number } };

const DAY = 86_400_000;
const day = (at: number) => Math.floor(at / DAY);
const month = (d: number) => {
  const date = new Date(d * DAY);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
};
const label = (m: number) => `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;

/** Per customer: orders (day, pence) in time order and refunds as actually applied (capped at what is left). */
function ledgerOf(events: ReplayEvent[]) {
  const orders: { id: string; day: number; pence: number }[] = [];
  const refunds: { day: number; pence: number }[] = [];
  const left = new Map<string, number>();
  for (const e of events) {
    if (e.type === "order") {
      const pence = Math.round(e.body.total * 100);
      orders.push({ id: e.body.id, day: day(e.at), pence });
      left.set(e.body.id, pence);
    } else {
      const rest = left.get(e.orderId);
      if (rest === undefined) continue;
      const pence = Math.min(rest, Math.round(e.body.amount * 100));
      left.set(e.orderId, rest - pence);
      if (pence > 0) refunds.push({ day: day(e.at), pence });
    }
  }
  orders.sort((a, b) => a.day - b.day);
  return { orders, refunds };
}

/** The summary figures of [from, to] (UTC days), as GET /v1/insights/summary defines them. */
export function expectedSummary(customers: Map<string, ReplayEvent[]>, from: number, to: number) {
  let customersWithOrder = 0;
  let newCustomers = 0;
  let orders = 0;
  let revenue = 0;
  let newOrders = 0;
  let newRevenue = 0;
  let repeat = 0;
  const gaps: number[] = [];
  for (const events of customers.values()) {
    const { orders: os, refunds } = ledgerOf(events);
    if (os.length === 0) continue;
    const first = (os[0] as { day: number }).day;
    const isNew = first >= from && first <= to;
    const inRange = os.filter((o) => o.day >= from && o.day <= to);
    const refunded = refunds.filter((r) => r.day >= from && r.day <= to).reduce((s, r) => s + r.pence, 0);
    const paid = inRange.reduce((s, o) => s + o.pence, 0);
    orders += inRange.length;
    revenue += paid - refunded;
    if (inRange.length > 0) customersWithOrder++;
    if (inRange.length > 1) repeat++;
    if (isNew) {
      newCustomers++;
      newOrders += inRange.length;
      newRevenue += paid - refunded;
    }
    const second = os[1];
    if (second && second.day >= from && second.day <= to) gaps.push(second.day - first);
  }
  gaps.sort((a, b) => a - b);
  const mid = gaps.length / 2;
  const median = gaps.length === 0 ? null : gaps.length % 2 ? (gaps[Math.floor(mid)] as number) : ((gaps[mid - 1] as number) + (gaps[mid] as number)) / 2;
  const r = (a: number, b: number, digits: number) => (b === 0 ? null : Math.round((a / b) * 10 ** digits) / 10 ** digits);
  return {
    customersWithOrder,
    newCustomers,
    returningCustomers: customersWithOrder - newCustomers,
    orders,
    revenue: revenue / 100,
    averageOrderValue: { new: r(newRevenue / 100, newOrders, 2), returning: r((revenue - newRevenue) / 100, orders - newOrders, 2) },
    revenueFrom: { new: newRevenue / 100, returning: (revenue - newRevenue) / 100 },
    repeatCustomers: repeat,
    repeatPurchaseRate: r(repeat, customersWithOrder, 4),
    medianDaysToSecondOrder: median,
  };
}

/** Monthly first-order cohorts up to the month of `to`, as GET /v1/insights/cohorts defines them. */
export function expectedCohorts(customers: Map<string, ReplayEvent[]>, to: number, metric: "customers" | "revenue") {
  const last = month(to);
  const byCohort = new Map<number, { size: number; ordered: number[]; pence: number[] }>();
  for (const events of customers.values()) {
    const { orders, refunds } = ledgerOf(events);
    if (orders.length === 0) continue;
    const c = month((orders[0] as { day: number }).day);
    const row = byCohort.get(c) ?? { size: 0, ordered: [], pence: [] };
    byCohort.set(c, row);
    row.size++;
    const months = new Set(orders.map((o) => month(o.day)));
    for (const m of months) row.ordered[m - c] = (row.ordered[m - c] ?? 0) + 1;
    for (const o of orders) row.pence[month(o.day) - c] = (row.pence[month(o.day) - c] ?? 0) + o.pence;
    for (const x of refunds) row.pence[month(x.day) - c] = (row.pence[month(x.day) - c] ?? 0) - x.pence;
  }
  return [...byCohort.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([c, row]) => {
      const values: number[] = [];
      let sum = 0;
      for (let k = 0; k <= last - c; k++) {
        if (metric === "customers") values.push(Math.round(((row.ordered[k] ?? 0) / row.size) * 10000) / 10000);
        else {
          sum += row.pence[k] ?? 0;
          values.push(Math.round((sum / 100 / row.size) * 100) / 100);
        }
      }
      return { cohort: label(c), customers: row.size, values };
    });
}

/** UTC day number of an ISO date. */
export const dayOfIso = (iso: string) => day(Date.parse(`${iso}T00:00:00Z`));
