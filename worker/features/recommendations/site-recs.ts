/**
 * The Site object's catalog and recommendation learning, in SQLite, published to KV per product.
 *
 * - Catalog: `products` (id → Product JSON). Upserts and patches rewrite only changed rows.
 * - Learning from each paid order (the same rules as the pure ShopModel the benchmark replays):
 *   co-purchase pair weights (`rec_pairs`, pruned per product), order counts and re-buy
 *   intervals (`rec_items`), recent popularity in log space (`rec_pop`), and each customer's
 *   purchases (`rec_cust`) so a new order pairs with what that customer bought before.
 * - Refunds: each learnt order keeps a trace (`rec_orders`, for REFUND_WINDOW_DAYS) so a refund
 *   takes its share or its lines back out of all of the above, once per refund id (`rec_refunds`).
 * - Publishing: changed products and lists are queued in `rec_dirty` and written to KV by
 *   `flush`: one value per product (`site:{id}:p:{productId}`: catalog entry, ≤30 neighbours,
 *   re-buy stats) and small candidate lists (`site:{id}:top`, `…:top:c:{category}`,
 *   `…:top:t:{tag}`, ≤50 ids). The edge reads only the few keys a request needs.
 */
import { learnOrder, LEARN, rankNeighbours, type PriorPurchase } from "./neighbours";
import { TOP_LIST_SIZE } from "./model";
import { addLog2, popularityTerm, subLog2 } from "./popularity";
import { applyRebuy, emptyRebuy, rebuyNote, rebuyStatsOf, undoRebuy, type RebuyNote, type RebuyState } from "./rebuy";
import { NEGLIGIBLE } from "./neighbours";
import { addPairWeights, byValue, crowdedProducts, dropScores, markDirty, markFacetsDirty, scoresOf, setScores, takePairWeights } from "./learn-rows";
import { refundOrder, REFUND_WINDOW_DAYS, traceOrder, type OrderTrace, type RefundInput } from "./unlearn";
import type { ProductRecord } from "./types";
import type { Sql } from "../../platform/sql";
import type { Product } from "../catalog/catalog.schemas";
import { kvKeys, type TopList } from "../../platform/kv-layout";
import { DAY_MS } from "../../platform/time";

/** A partial product change: any Product field but `id`. */
export type ProductPatch = Partial<Omit<Product, "id">> & { id: string };

/** Products and lists written to KV per flush; the rest waits for the next alarm. */
export const FLUSH_BATCH = 250;

export class SiteRecs {
  constructor(
    private readonly sql: Sql,
    private readonly kv: KVNamespace,
    private readonly siteId: string,
  ) {}

  /** Bulk upsert, patch and delete. Unchanged products are skipped, so a repeated import writes nothing. */
  upsert(products: Product[], patches: ProductPatch[], deletes: string[]) {
    let upserted = 0;
    let unchanged = 0;
    const missing: string[] = [];
    for (const p of products) this.write(p) ? upserted++ : unchanged++;
    let patched = 0;
    for (const patch of patches) {
      const row = this.sql<{ data: string }>`SELECT data FROM products WHERE id = ${patch.id}`[0];
      if (!row) {
        missing.push(patch.id);
        continue;
      }
      if (this.write({ ...(JSON.parse(row.data) as Product), ...patch })) patched++;
      else unchanged++;
    }
    let deleted = 0;
    for (const id of deletes) {
      if (this.sql`DELETE FROM products WHERE id = ${id} RETURNING id`.length === 0) continue;
      deleted++;
      this.dirtyFacetsOf(id);
      this.sql`DELETE FROM rec_facets WHERE product_id = ${id}`;
      this.dirty(`p:${id}`);
    }
    const total = this.sql<{ n: number }>`SELECT count(*) AS n FROM products`[0]?.n ?? 0;
    return { upserted, patched, unchanged, deleted, missing, total };
  }

  /** Stores one product; false when it is exactly what is stored already. */
  private write(p: Product): boolean {
    const data = JSON.stringify(p);
    const old = this.sql<{ data: string }>`SELECT data FROM products WHERE id = ${p.id}`[0];
    if (old?.data === data) return false;
    this.sql`INSERT INTO products (id, data) VALUES (${p.id}, ${data}) ON CONFLICT (id) DO UPDATE SET data = excluded.data`;
    this.dirtyFacetsOf(p.id);
    this.sql`DELETE FROM rec_facets WHERE product_id = ${p.id}`;
    if (p.inStock) {
      for (const f of facetsOf(p)) this.sql`INSERT OR IGNORE INTO rec_facets (facet, product_id) VALUES (${f}, ${p.id})`;
    }
    this.dirtyFacetsOf(p.id);
    this.dirty(`p:${p.id}`);
    return true;
  }

  /**
   * Learns from one trusted paid order: the same steps as ShopModel.addOrder, on SQLite rows, a
   * list at a time (learn-rows.ts). Every read comes before the writes it could see: each write
   * touches only its own product's row, and an order's products are distinct.
   */
  learn(order: { id: string; customerId: string; items: { productId: string; quantity: number }[]; total: number; at: number }): void {
    const { customerId, items, at } = order;
    const ids = [...new Set(items.map((i) => i.productId))];
    if (ids.length === 0) return;
    const history = this.sql<{ product_id: string; orders: number; last_at: number }>`SELECT product_id, orders, last_at FROM rec_cust
      WHERE customer_id = ${customerId} ORDER BY last_at DESC, product_id LIMIT ${LEARN.window + LEARN.maxItems}`.map(
      (r): PriorPurchase => ({ productId: r.product_id, orders: r.orders, lastAt: r.last_at }),
    );
    const l = learnOrder(ids, history);
    addPairWeights(this.sql, l.pairs);
    const touched = [...new Set(l.pairs.map(([a]) => a))];
    for (const a of crowdedProducts(this.sql, touched, LEARN.pairCap)) {
      this.sql`DELETE FROM rec_pairs WHERE a = ${a} AND b NOT IN (SELECT b FROM rec_pairs WHERE a = ${a} ORDER BY w DESC, b LIMIT ${LEARN.pairKeep})`;
    }
    const list = JSON.stringify(ids);
    const pop = scoresOf(this.sql, ids);
    const bought = new Map(
      this.sql<{ product_id: string; orders: number; last_at: number }>`SELECT product_id, orders, last_at FROM rec_cust
        WHERE customer_id = ${customerId} AND product_id IN (SELECT value FROM json_each(${list}))`.map((r) => [r.product_id, { orders: r.orders, lastAt: r.last_at }]),
    );
    const stored = new Map(
      this.sql<{ product_id: string; rebuy: string }>`SELECT product_id, rebuy FROM rec_items WHERE product_id IN (SELECT value FROM json_each(${list}))`.map((r) => [r.product_id, r.rebuy]),
    );
    const term = popularityTerm(at);
    const paired = new Set(l.items);
    const notes: Record<string, RebuyNote> = {};
    const rows = ids.map((id) => {
      const note = (notes[id] = rebuyNote(bought.get(id) ?? null, at));
      const rebuy = stored.get(id);
      return [id, paired.has(id) ? 1 : 0, JSON.stringify(applyRebuy(rebuy ? (JSON.parse(rebuy) as RebuyState) : emptyRebuy(), note))] as const;
    });
    setScores(
      this.sql,
      ids.map((id) => [id, addLog2(pop.get(id) ?? null, term)]),
    );
    // `n` counts the orders a product took part in pairs with (0 or 1 more): small integers, exact in JSON.
    this.sql`INSERT INTO rec_items (product_id, n, rebuy) SELECT value->>0, value->>1, value->>2 FROM json_each(${JSON.stringify(rows)}) WHERE true
      ON CONFLICT (product_id) DO UPDATE SET n = n + excluded.n, rebuy = excluded.rebuy`;
    this.sql`INSERT INTO rec_cust (customer_id, product_id, orders, last_at) SELECT ${customerId}, value, 1, ${at} FROM json_each(${list}) WHERE true
      ON CONFLICT (customer_id, product_id) DO UPDATE SET orders = orders + 1, last_at = max(last_at, excluded.last_at)`;
    markDirty(this.sql, [...new Set([...touched, ...ids])].map((id) => `p:${id}`).concat("l:top"));
    markFacetsDirty(this.sql, ids);
    const trace = traceOrder({ at, total: order.total, items, paired: l.items, prior: l.prior, rebuy: notes });
    this.sql`INSERT OR IGNORE INTO rec_orders (customer_id, order_id, at, trace) VALUES (${customerId}, ${order.id}, ${at}, ${JSON.stringify(trace)})`;
    const latest = this.latestOrderAt();
    if (latest === null || at > latest) {
      this.sql`INSERT INTO rec_meta (k, v) VALUES ('latest_order_at', ${at}) ON CONFLICT (k) DO UPDATE SET v = excluded.v`;
      const before = at - REFUND_WINDOW_DAYS * DAY_MS;
      this.sql`DELETE FROM rec_orders WHERE at < ${before}`;
      this.sql`DELETE FROM rec_refunds WHERE at < ${before}`;
    }
  }

  /**
   * Takes (part of) a refunded order back out of the learning (the same steps as ShopModel.refund),
   * once per refund id: a redelivered refund changes nothing. `unknown` when the order was never
   * learnt (not paid, a guest, or older than the refund window). A list at a time, like `learn`.
   */
  unlearn(customerId: string, orderId: string, refundId: string, refund: RefundInput): "unlearnt" | "duplicate" | "unknown" {
    if (this.sql`SELECT 1 AS x FROM rec_refunds WHERE customer_id = ${customerId} AND refund_id = ${refundId}`.length) return "duplicate";
    const row = this.sql<{ trace: string }>`SELECT trace FROM rec_orders WHERE customer_id = ${customerId} AND order_id = ${orderId}`[0];
    if (!row) return "unknown";
    const trace = JSON.parse(row.trace) as OrderTrace;
    this.sql`INSERT INTO rec_refunds (customer_id, refund_id, at) VALUES (${customerId}, ${refundId}, ${trace.at})`;
    const { trace: next, take } = refundOrder(trace, refund);
    this.sql`UPDATE rec_orders SET trace = ${JSON.stringify(next)} WHERE customer_id = ${customerId} AND order_id = ${orderId}`;
    takePairWeights(this.sql, take.pairs);
    for (const [n, ids] of byValue(take.counts)) {
      this.sql`UPDATE rec_items SET n = CASE WHEN n - ${n} <= ${NEGLIGIBLE} THEN 0 ELSE n - ${n} END WHERE product_id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
    }
    const term = popularityTerm(trace.at);
    const popular = take.popularity.map(([id]) => id);
    const pop = scoresOf(this.sql, popular);
    const left = take.popularity.map(([id, share]) => [id, subLog2(pop.get(id) ?? null, term, share)] as const);
    dropScores(
      this.sql,
      left.filter(([, score]) => score === null).map(([id]) => id),
    );
    setScores(
      this.sql,
      left.flatMap(([id, score]) => (score === null ? [] : [[id, score] as [string, number]])),
    );
    markDirty(this.sql, [...new Set([...take.pairs.map(([a]) => a), ...popular])].map((id) => `p:${id}`).concat("l:top"));
    markFacetsDirty(this.sql, popular);
    this.unbuy(customerId, trace, take.purchases);
    return "unlearnt";
  }

  /** Takes purchases back out entirely: their re-buy notes, and the customer's purchase (or its latest order). */
  private unbuy(customerId: string, trace: OrderTrace, purchases: string[]): void {
    if (purchases.length === 0) return;
    const list = JSON.stringify(purchases);
    const stored = new Map(
      this.sql<{ product_id: string; rebuy: string }>`SELECT product_id, rebuy FROM rec_items WHERE product_id IN (SELECT value FROM json_each(${list}))`.map((r) => [r.product_id, r.rebuy]),
    );
    const bought = new Map(
      this.sql<{ product_id: string; orders: number; last_at: number }>`SELECT product_id, orders, last_at FROM rec_cust
        WHERE customer_id = ${customerId} AND product_id IN (SELECT value FROM json_each(${list}))`.map((r) => [r.product_id, r]),
    );
    const rebuys: [string, string][] = [];
    const gone: string[] = [];
    const kept: [string, number, number][] = [];
    for (const id of purchases) {
      const note = trace.rebuy[id];
      const rebuy = stored.get(id);
      if (note && rebuy) rebuys.push([id, JSON.stringify(undoRebuy(JSON.parse(rebuy) as RebuyState, note))]);
      const p = bought.get(id);
      if (!p) continue;
      if (p.orders <= 1) gone.push(id);
      else kept.push([id, p.orders - 1, p.last_at === trace.at && note?.prevLastAt != null ? note.prevLastAt : p.last_at]);
    }
    // Both upserts only ever update: every row was read just above (counts and times are integers, exact in JSON).
    if (rebuys.length) {
      this.sql`INSERT INTO rec_items (product_id, n, rebuy) SELECT value->>0, 0, value->>1 FROM json_each(${JSON.stringify(rebuys)}) WHERE true
        ON CONFLICT (product_id) DO UPDATE SET rebuy = excluded.rebuy`;
    }
    if (gone.length) this.sql`DELETE FROM rec_cust WHERE customer_id = ${customerId} AND product_id IN (SELECT value FROM json_each(${JSON.stringify(gone)}))`;
    if (kept.length) {
      this.sql`INSERT INTO rec_cust (customer_id, product_id, orders, last_at) SELECT ${customerId}, value->>0, value->>1, value->>2 FROM json_each(${JSON.stringify(kept)}) WHERE true
        ON CONFLICT (customer_id, product_id) DO UPDATE SET orders = excluded.orders, last_at = excluded.last_at`;
    }
  }

  /** Erasure: forgets which products this customer bought (what it taught the neighbours stays, anonymous). */
  forgetCustomer(customerId: string): void {
    this.sql`DELETE FROM rec_cust WHERE customer_id = ${customerId}`;
    this.sql`DELETE FROM rec_orders WHERE customer_id = ${customerId}`;
    this.sql`DELETE FROM rec_refunds WHERE customer_id = ${customerId}`;
  }

  latestOrderAt(): number | null {
    return this.sql<{ v: number }>`SELECT v FROM rec_meta WHERE k = 'latest_order_at'`[0]?.v ?? null;
  }

  pending(): number {
    return this.sql<{ n: number }>`SELECT count(*) AS n FROM rec_dirty`[0]?.n ?? 0;
  }

  /** Writes up to `max` queued products and lists to KV; returns how many are still queued. */
  async flush(max = FLUSH_BATCH): Promise<number> {
    const keys = this.sql<{ key: string }>`SELECT key FROM rec_dirty ORDER BY key LIMIT ${max}`.map((r) => r.key);
    const writes: Promise<void>[] = [];
    for (const key of keys) {
      if (key.startsWith("p:")) {
        const id = key.slice(2);
        const rec = this.record(id);
        writes.push(rec ? this.kv.put(kvKeys.product(this.siteId, id), JSON.stringify(rec)) : this.kv.delete(kvKeys.product(this.siteId, id)));
      } else {
        const facet = key.slice(2);
        const ids = this.sql<{ product_id: string }>`SELECT f.product_id FROM rec_facets f LEFT JOIN rec_pop p ON p.product_id = f.product_id
          WHERE f.facet = ${facet} ORDER BY coalesce(p.score, -1e308) DESC, f.product_id LIMIT ${TOP_LIST_SIZE}`.map((r) => r.product_id);
        const value = facet === "top" ? ({ ids, latestAt: this.latestOrderAt() } satisfies TopList) : ids;
        writes.push(this.kv.put(kvKeys.list(this.siteId, facet), JSON.stringify(value)));
      }
      this.sql`DELETE FROM rec_dirty WHERE key = ${key}`;
    }
    await Promise.all(writes);
    return this.pending();
  }

  /** One product as the edge reads it, or null when it is not in the catalog. */
  record(id: string): ProductRecord | null {
    const row = this.sql<{ data: string }>`SELECT data FROM products WHERE id = ${id}`[0];
    if (!row) return null;
    const { id: productId, ...rest } = JSON.parse(row.data) as Product;
    const item = this.sql<{ n: number; rebuy: string }>`SELECT n, rebuy FROM rec_items WHERE product_id = ${id}`[0];
    const rows = this.sql<{ b: string; w: number; n: number }>`SELECT p.b AS b, p.w AS w, coalesce(i.n, 0) AS n FROM rec_pairs p
      LEFT JOIN rec_items i ON i.product_id = p.b WHERE p.a = ${id}`;
    return {
      item: { productId, ...rest },
      nb: rankNeighbours(
        item?.n ?? 0,
        rows.map((r) => ({ b: r.b, w: r.w, nB: r.n })),
      ),
      rebuy: item ? rebuyStatsOf(JSON.parse(item.rebuy) as RebuyState) : null,
    };
  }

  private dirty(key: string): void {
    this.sql`INSERT OR IGNORE INTO rec_dirty (key) VALUES (${key})`;
  }

  private dirtyFacetsOf(id: string): void {
    for (const r of this.sql<{ facet: string }>`SELECT facet FROM rec_facets WHERE product_id = ${id}`) this.dirty(`l:${r.facet}`);
  }
}

/** The candidate lists a product belongs to: everything popular, its categories, its tags. */
function facetsOf(p: Product): string[] {
  return ["top", ...p.categories.map((c) => `c:${c}`), ...p.tags.map((t) => `t:${t}`)];
}
