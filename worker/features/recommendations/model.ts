/**
 * The shop's learning state in memory, with exactly the Site object's rules (which keeps the
 * same state in SQLite): neighbours, re-buy intervals, recent popularity. Used by the benchmark
 * replay and tests; `lookup()` serves the engine like the edge's KV records do.
 */
import { learnOrder, NeighbourModel, type PriorPurchase } from "./neighbours";
import { addLog2, popularityTerm, subLog2, topByScore } from "./popularity";
import { applyRebuy, emptyRebuy, isEmptyRebuy, rebuyNote, rebuyStats, undoRebuy, type RebuyNote, type RebuyState } from "./rebuy";
import type { CatalogItem, ProductRecord, RecLookup } from "./types";
import { refundOrder, traceOrder, type OrderTrace, type RefundInput, type Unlearning } from "./unlearn";

/** Length of the published popular lists (overall and per facet). */
export const TOP_LIST_SIZE = 50;

export class ShopModel {
  readonly nb = new NeighbourModel();
  readonly rebuy = new Map<string, RebuyState>();
  readonly popularity = new Map<string, number>();
  readonly customers = new Map<string, Map<string, PriorPurchase>>();
  readonly catalog = new Map<string, CatalogItem>();
  latestOrderAt: number | null = null;
  private cache = new Map<string, ProductRecord | null>();

  /** Traces of learnt orders by `customerId \n orderId`, and refund ids seen (exactly-once refunds). */
  readonly orders = new Map<string, OrderTrace>();
  readonly refunds = new Set<string>();

  /**
   * Learns from one trusted paid order (`customerId` null for a guest checkout). With `order`
   * (id and total) of an identified customer, a trace is kept so `refund` can take it back.
   */
  addOrder(customerId: string | null, items: { productId: string; quantity: number }[], at: number, order?: { id: string; total: number }): void {
    this.cache.clear();
    const ids = [...new Set(items.map((i) => i.productId))];
    const mine = customerId === null ? null : (this.customers.get(customerId) ?? new Map<string, PriorPurchase>());
    if (customerId !== null && mine) this.customers.set(customerId, mine);
    const l = learnOrder(ids, mine ? [...mine.values()] : []);
    this.nb.apply(l);
    const notes: Record<string, RebuyNote> = {};
    for (const id of ids) {
      this.popularity.set(id, addLog2(this.popularity.get(id) ?? null, popularityTerm(at)));
      if (!mine) continue;
      const prev = mine.get(id) ?? null;
      const note = (notes[id] = rebuyNote(prev, at));
      this.rebuy.set(id, applyRebuy(this.rebuy.get(id) ?? emptyRebuy(), note));
      mine.set(id, { productId: id, orders: (prev?.orders ?? 0) + 1, lastAt: Math.max(prev?.lastAt ?? 0, at) });
    }
    if (order && customerId !== null) this.orders.set(`${customerId}\n${order.id}`, traceOrder({ at, total: order.total, items, paired: l.items, prior: l.prior, rebuy: notes }));
    this.latestOrderAt = Math.max(this.latestOrderAt ?? at, at);
  }

  /**
   * Takes (part of) a refunded order back, once per refund id: its pairs, counts and popularity,
   * and for lines refunded entirely its re-buy observation and the customer's purchase. Returns
   * what was taken back; null for a refund id seen before or an order without a trace.
   */
  refund(customerId: string, orderId: string, refundId: string, r: RefundInput): Unlearning | null {
    const key = `${customerId}\n${orderId}`;
    const trace = this.orders.get(key);
    if (!trace || this.refunds.has(`${customerId}\n${refundId}`)) return null;
    this.refunds.add(`${customerId}\n${refundId}`);
    this.cache.clear();
    const { trace: next, take } = refundOrder(trace, r);
    this.orders.set(key, next);
    this.nb.unapply(take.pairs, take.counts);
    const term = popularityTerm(trace.at);
    for (const [id, share] of take.popularity) {
      const left = subLog2(this.popularity.get(id) ?? null, term, share);
      if (left === null) this.popularity.delete(id);
      else this.popularity.set(id, left);
    }
    const mine = this.customers.get(customerId);
    for (const id of take.purchases) {
      const note = trace.rebuy[id];
      const state = this.rebuy.get(id);
      const undone = note && state ? undoRebuy(state, note) : state;
      if (undone && !isEmptyRebuy(undone)) this.rebuy.set(id, undone);
      else this.rebuy.delete(id);
      const p = mine?.get(id);
      if (!p || !mine) continue;
      if (p.orders <= 1) mine.delete(id);
      else mine.set(id, { ...p, orders: p.orders - 1, lastAt: p.lastAt === trace.at && note?.prevLastAt != null ? note.prevLastAt : p.lastAt });
    }
    return take;
  }

  record(id: string): ProductRecord | null {
    if (this.cache.has(id)) return this.cache.get(id) ?? null;
    const item = this.catalog.get(id);
    const r = this.rebuy.get(id);
    const rec = item ? { item, nb: this.nb.neighbours(id), rebuy: r ? rebuyStats(r) : null } : null;
    this.cache.set(id, rec);
    return rec;
  }

  /** Like the Site object's lists: every in-stock product of the facet, by popularity, never-bought ones last. */
  private facet(test: (p: CatalogItem) => boolean): string[] {
    const rows: [string, number][] = [];
    for (const p of this.catalog.values()) if (p.inStock && test(p)) rows.push([p.productId, this.popularity.get(p.productId) ?? -Number.MAX_VALUE]);
    return topByScore(rows, TOP_LIST_SIZE);
  }

  topList(): string[] {
    return this.facet(() => true);
  }

  lookup(): RecLookup {
    const top = this.topList();
    const facets = new Map<string, string[]>();
    const list = (key: string) => {
      if (key === "top") return top;
      if (!facets.has(key)) {
        const [kind, value] = [key.slice(0, 1), key.slice(2)];
        facets.set(
          key,
          this.facet((p) => (kind === "c" ? p.categories : p.tags).includes(value)),
        );
      }
      return facets.get(key);
    };
    return { record: (id) => this.record(id), list };
  }
}
