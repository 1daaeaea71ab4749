import type { CustomerFacts } from "./customer-facts";
import { dayOf, monthOf } from "./period";
import { armKey } from "../experiments/member-book";
import { dayPairCells } from "./day-pairs";

/**
 * A customer's share of every counter (cells.ts), as a map from cell key to amount. Pure: the
 * Insights object adds (new share − old share) whenever a customer's facts change, so the counters
 * always equal the sum over customers of this function, whatever order reports came in.
 *
 * Distinct counts over any date range come from consecutive pairs, without a scan: in a range, a
 * customer with k orders adds k to `ordd`, k−1 to `pair` (consecutive orders both inside) and k−2
 * to `skip` (orders i and i+2 both inside), so customers with an order = Σordd − Σpair and customers
 * with two or more = Σpair − Σskip (summary.ts). The pair counters are kept at day and month
 * resolution (day-pairs.ts), so those reads stay bounded however many customers a shop has.
 */
export function customerCells(f: CustomerFacts, timeZone: string): Map<string, number> {
  const out = new Map<string, number>();
  const add = (metric: string, a: number, b: number, c: string, n: number) => {
    if (n === 0) return;
    const k = cellKey(metric, a, b, c);
    out.set(k, (out.get(k) ?? 0) + n);
  };
  const orders = [...f.orders].sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const cls = f.member ? "m" : "n";
  if (orders.length > 0) {
    const days = orders.map((o) => dayOf(o[1], timeZone));
    const first = days[0] as number;
    const cohort = monthOf(first);
    add("first", first, 0, cls, 1);
    const months = new Set<number>();
    days.forEach((d, i) => {
      const worth = (orders[i] as CustomerFacts["orders"][number])[2];
      add("ordd", d, 0, cls, 1);
      add("revd", d, 0, cls, worth);
      dayPairCells("ord", first, d, cls, 1, add);
      dayPairCells("rev", first, d, cls, worth, add);
      add("crev", cohort, monthOf(d), "", worth);
      months.add(monthOf(d));
      if (i >= 1) dayPairCells("pair", days[i - 1] as number, d, cls, 1, add);
      if (i >= 2) dayPairCells("skip", days[i - 2] as number, d, cls, 1, add);
    });
    if (days.length >= 2) {
      const second = days[1] as number;
      add("second", second, second - first, "", 1);
      add("second.m", monthOf(second), second - first, "", 1);
    }
    for (const m of months) add("cohort", cohort, m, "", 1);
    for (const [, at, worth] of f.refunds) {
      const d = dayOf(at, timeZone);
      add("revd", d, 0, cls, -worth);
      dayPairCells("rev", first, d, cls, -worth, add);
      add("crev", cohort, monthOf(d), "", -worth);
    }
    recCells(f, orders, add, timeZone);
  }
  for (const [at, kind, n] of f.points) add("pts", dayOf(at, timeZone), kind, "", n);
  for (const [at, reward] of f.rewards) add("rwd", dayOf(at, timeZone), 0, reward, 1);
  for (const [experiment, arm, since] of f.arms) {
    const counted = new Set(orders.filter((o) => o[1] >= since).map((o) => o[0]));
    let worth = 0;
    for (const o of orders) if (counted.has(o[0])) worth += o[2];
    for (const r of f.refunds) if (counted.has(r[0])) worth -= r[2];
    add("x", 0, 0, armKey(experiment, arm, "orders"), counted.size);
    add("x", 0, 0, armKey(experiment, arm, "revenue"), worth);
    add("x", 0, 0, armKey(experiment, arm, "sq"), worth * worth);
    add("x", 0, 0, armKey(experiment, arm, "converters"), counted.size >= 1 ? 1 : 0);
    add("x", 0, 0, armKey(experiment, arm, "repeaters"), counted.size >= 2 ? 1 : 0);
  }
  return out;
}

/**
 * Attributed revenue (`rec`, event 3) on the order's day, by placement and reason: what the
 * clicked lines were worth, less the share of the order's worth its refunds took back (rounded to
 * whole minor units, so the counters stay integers; a full refund leaves nothing).
 */
function recCells(f: CustomerFacts, orders: CustomerFacts["orders"], add: (metric: string, a: number, b: number, c: string, n: number) => void, timeZone: string): void {
  if (!f.recs?.length) return;
  const worth = new Map(orders.map((o) => [o[0], o[2]]));
  const refunded = new Map<string, number>();
  for (const [id, , n] of f.refunds) refunded.set(id, (refunded.get(id) ?? 0) + n);
  for (const [orderId, at, placement, reason, minor] of f.recs) {
    const w = worth.get(orderId) ?? 0;
    const kept = w > 0 ? Math.max(0, 1 - (refunded.get(orderId) ?? 0) / w) : 0;
    add("rec", dayOf(at, timeZone), 3, `${placement}\u001f${reason}`, Math.round(minor * kept));
  }
}

/** One cell's key in a contribution map (tab-separated; ids never hold a tab). */
export const cellKey = (metric: string, a: number, b: number, c: string) => `${metric}\t${a}\t${b}\t${c}`;

/** What must be added to the counters when a customer's share goes from `before` to `after`. */
export function cellDelta(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const delta = new Map(after);
  for (const [k, n] of before) {
    const d = (delta.get(k) ?? 0) - n;
    if (d === 0) delta.delete(k);
    else delta.set(k, d);
  }
  return delta;
}
