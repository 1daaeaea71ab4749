/**
 * Taking a refunded order back out of what the shop learnt. Each learnt order keeps a small trace
 * (its products, the earlier purchases it was paired with, what it added to re-buy stats); a
 * refund moves the trace from "learnt with share s, minus lines L" to a smaller state, and the
 * difference is subtracted: pair weights, item counts, popularity and, for lines that are gone
 * entirely, the re-buy observation and the customer's purchase. Cost is bounded like learning
 * (≤ LEARN.maxItems products, ≤ LEARN.window earlier purchases), and exactly-once is the caller's
 * job (refund ids), like the loyalty side.
 *
 * - A refund naming lines (`items`) takes back each line once all its units are refunded; a line
 *   with units left still counts as bought.
 * - A refund of money only takes back that share of the whole order (its pairs, counts and
 *   popularity); re-buy stats change only when the order is refunded in full, since the shopper
 *   did buy on that day.
 * - Later orders keep what they learnt relative to a refunded one (their gaps, their pairs with it).
 */
import { orderPairs } from "./neighbours";
import type { RebuyNote } from "./rebuy";

/** Orders older than this (before the shop's latest order) are no longer kept for refunds. */
export const REFUND_WINDOW_DAYS = 365;

/** What the shop remembers of one learnt order so a refund can take it back. */
export interface OrderTrace {
  at: number;
  total: number;
  /** Every distinct product of the order (popularity, re-buy). */
  ids: string[];
  /** The products that took part in pairs (the first LEARN.maxItems). */
  paired: string[];
  /** The customer's earlier purchases the order was paired with. */
  prior: string[];
  /** Units ordered per product. */
  units: Record<string, number>;
  /** What each product's purchase added to its re-buy stats. */
  rebuy: Record<string, RebuyNote>;
  /** Share of the order still learnt, 1 → 0 (money-only refunds lower it). */
  share: number;
  /** Products whose every unit was refunded. */
  gone: string[];
  refundedUnits: Record<string, number>;
  refundedAmount: number;
}

/** One refund as the shop reports it: money (null = everything not yet refunded) and, optionally, the lines. */
export interface RefundInput {
  amount: number | null;
  items?: { productId: string; quantity: number }[] | undefined;
}

/** What a refund takes back; every number is an amount to subtract. */
export interface Unlearning {
  pairs: [a: string, b: string, w: number][];
  /** Order counts (the similarity's norms). */
  counts: [id: string, n: number][];
  /** Share of the order's popularity term to remove, per product. */
  popularity: [id: string, share: number][];
  /** Products whose purchase is taken back entirely: undo the re-buy note and the customer's purchase. */
  purchases: string[];
}

/** A fresh trace for an order just learnt. */
export function traceOrder(o: { at: number; total: number; items: { productId: string; quantity: number }[]; paired: string[]; prior: string[]; rebuy: Record<string, RebuyNote> }): OrderTrace {
  const units: Record<string, number> = {};
  for (const i of o.items) units[i.productId] = (units[i.productId] ?? 0) + i.quantity;
  return { at: o.at, total: o.total, ids: Object.keys(units), paired: o.paired, prior: o.prior, units, rebuy: o.rebuy, share: 1, gone: [], refundedUnits: {}, refundedAmount: 0 };
}

/** Applies one refund to a trace: the trace after it, and what to subtract from the shop's learning. */
export function refundOrder(t: OrderTrace, r: RefundInput): { trace: OrderTrace; take: Unlearning } {
  const left = Math.max(0, t.total - t.refundedAmount);
  const amount = Math.min(left, Math.max(0, r.amount ?? left));
  const refundedAmount = t.refundedAmount + amount;
  const full = r.amount === null || refundedAmount >= t.total - 0.005;
  const gone = new Set(t.gone);
  const refundedUnits = { ...t.refundedUnits };
  let share = t.share;
  if (r.items?.length) {
    for (const i of r.items) {
      const units = t.units[i.productId];
      if (units === undefined) continue;
      refundedUnits[i.productId] = (refundedUnits[i.productId] ?? 0) + i.quantity;
      if ((refundedUnits[i.productId] ?? 0) >= units) gone.add(i.productId);
    }
  } else if (!full && t.total > 0) {
    share = Math.max(0, share - amount / t.total);
  }
  if (full) share = 0;
  const next: OrderTrace = { ...t, share, gone: [...gone], refundedUnits, refundedAmount };

  const before = keptOf(t);
  const after = keptOf(next);
  const take: Unlearning = { pairs: [], counts: [], popularity: [], purchases: [] };
  const was = orderPairs(t.paired, t.prior, before);
  const now = orderPairs(t.paired, t.prior, after);
  was.forEach(([a, b, w], i) => {
    const d = w - (now[i]?.[2] ?? 0);
    if (d > 0) take.pairs.push([a, b, d]);
  });
  const inPairs = new Set(t.paired);
  for (const id of t.ids) {
    const d = before(id) - after(id);
    if (d <= 0) continue;
    if (inPairs.has(id)) take.counts.push([id, d]);
    take.popularity.push([id, d]);
    if (after(id) === 0) take.purchases.push(id);
  }
  return { trace: next, take };
}

/** How much of each product's line still counts in a trace (its share, or 0 once the line is gone). */
function keptOf(t: OrderTrace): (id: string) => number {
  const gone = new Set(t.gone);
  return (id) => (gone.has(id) ? 0 : t.share);
}
