import type { Sql } from "../../platform/sql";
import { catalogNews, type StockAndPrice, type WishlistNewsKind } from "./wishlist";

/** Savers told per Site alarm run: a product saved by 100,000 customers goes out over 400 short runs, never in one request. */
export const FANOUT_BATCH = 250;

/** The catalog facts a saver's webhook carries about the product. */
export interface SavedProductFacts extends StockAndPrice {
  title: string;
  url: string;
  image: string | null;
  currency: string;
}

/** One queued fan-out: a product's news, told to its savers a batch at a time (`cursor`: the last customer told). */
export interface FanoutJob {
  id: string;
  productId: string;
  kind: WishlistNewsKind;
  /** The product now and its price before the update. */
  product: SavedProductFacts & { previousPrice: number };
  createdAt: number;
  cursor: string;
}

/**
 * The Site's wishlist tables (platform/migrations/site.ts 0044–0047): which customers saved
 * which product (`wishlist_savers`, kept in step with each customer's profile by `sync`), the
 * profile version each customer's rows reflect (`wishlist_lists`, so a late sync never undoes a
 * newer one), and the queued fan-outs (`wishlist_fanout`). SQL only: no network, no clock.
 * Visitors are not indexed: the shop cannot reach them, and they join the index when they log in.
 */
export class SaverBook {
  constructor(private readonly sql: Sql) {}

  /**
   * Makes a customer's rows exactly `productIds` (as of profile `version`); a sync older than the
   * one applied is ignored (two saves in a row may reach the Site out of order). Returns whether it applied.
   */
  sync(customerId: string, productIds: readonly string[], version: number, now: number): boolean {
    const seen = this.sql<{ version: number }>`SELECT version FROM wishlist_lists WHERE customer_id = ${customerId}`[0];
    if (seen && seen.version >= version) return false;
    const want = new Set(productIds);
    const have = new Set(this.sql<{ product_id: string }>`SELECT product_id FROM wishlist_savers WHERE customer_id = ${customerId}`.map((r) => r.product_id));
    for (const id of have) if (!want.has(id)) this.sql`DELETE FROM wishlist_savers WHERE product_id = ${id} AND customer_id = ${customerId}`;
    for (const id of want) if (!have.has(id)) this.sql`INSERT INTO wishlist_savers (product_id, customer_id, saved_at) VALUES (${id}, ${customerId}, ${now})`;
    this.sql`INSERT INTO wishlist_lists (customer_id, version) VALUES (${customerId}, ${version}) ON CONFLICT (customer_id) DO UPDATE SET version = excluded.version`;
    return true;
  }

  /** Erasure: the customer leaves every product's savers. */
  forgetCustomer(customerId: string): void {
    this.sql`DELETE FROM wishlist_savers WHERE customer_id = ${customerId}`;
    this.sql`DELETE FROM wishlist_lists WHERE customer_id = ${customerId}`;
  }

  /** The stored catalog facts of those of `ids` that someone saved (read before and after a catalog update). */
  watched(ids: readonly string[]): Map<string, SavedProductFacts> {
    const out = new Map<string, SavedProductFacts>();
    for (const id of new Set(ids)) {
      if (this.sql`SELECT 1 AS x FROM wishlist_savers WHERE product_id = ${id} LIMIT 1`.length === 0) continue;
      const row = this.sql<{ data: string }>`SELECT data FROM products WHERE id = ${id}`[0];
      if (row) out.set(id, factsOf(JSON.parse(row.data) as SavedProductFacts));
    }
    return out;
  }

  /** Queues the news of a catalog update (the products' facts before and after it); returns how many fan-outs were queued. */
  queueNews(before: Map<string, SavedProductFacts>, after: Map<string, SavedProductFacts>, now: number): number {
    let queued = 0;
    for (const [productId, was] of before) {
      const is = after.get(productId);
      if (!is) continue;
      for (const kind of catalogNews(was, is)) {
        const product = { ...is, previousPrice: was.price };
        const id = `${productId}:${kind}:${now}`;
        if (
          this.sql`INSERT OR IGNORE INTO wishlist_fanout (id, product_id, kind, product, created_at, cursor) VALUES (${id}, ${productId}, ${kind}, ${JSON.stringify(product)}, ${now}, '') RETURNING id`
            .length
        )
          queued++;
      }
    }
    return queued;
  }

  /**
   * Runs a catalog update (`apply`) between two reads of the saved products it touches, and
   * queues the news it brought (catalogNews); returns the update's result and the fan-outs queued.
   */
  around<T>(ids: readonly string[], now: number, apply: () => T): { result: T; queued: number } {
    const before = this.watched(ids);
    const result = apply();
    return { result, queued: before.size ? this.queueNews(before, this.watched([...before.keys()]), now) : 0 };
  }

  /** Whether a fan-out is waiting (the Site's alarm runs another batch). */
  pending(): boolean {
    return this.sql`SELECT 1 AS x FROM wishlist_fanout LIMIT 1`.length > 0;
  }

  /**
   * The next batch of the oldest fan-out: up to `limit` customers who saved the product before
   * the news, in id order after the cursor. Customers who saved it later saw the new price or stock.
   */
  nextBatch(limit = FANOUT_BATCH): { job: FanoutJob; customers: string[] } | null {
    const r = this.sql<{ id: string; product_id: string; kind: string; product: string; created_at: number; cursor: string }>`
      SELECT id, product_id, kind, product, created_at, cursor FROM wishlist_fanout ORDER BY created_at, id LIMIT 1`[0];
    if (!r) return null;
    const job: FanoutJob = { id: r.id, productId: r.product_id, kind: r.kind as WishlistNewsKind, product: JSON.parse(r.product) as FanoutJob["product"], createdAt: r.created_at, cursor: r.cursor };
    const customers = this.sql<{ customer_id: string }>`SELECT customer_id FROM wishlist_savers
      WHERE product_id = ${job.productId} AND customer_id > ${job.cursor} AND saved_at <= ${job.createdAt} ORDER BY customer_id LIMIT ${limit}`.map((x) => x.customer_id);
    return { job, customers };
  }

  /** Ends every queued fan-out of one kind at once (the shop subscribes to no endpoint for its event). */
  dropKind(kind: WishlistNewsKind): void {
    this.sql`DELETE FROM wishlist_fanout WHERE kind = ${kind}`;
  }

  /** After a batch was told: moves the cursor on, or ends the fan-out when the batch was its last. */
  advance(job: FanoutJob, customers: readonly string[], limit = FANOUT_BATCH): void {
    const last = customers.at(-1);
    if (customers.length < limit || last === undefined) this.sql`DELETE FROM wishlist_fanout WHERE id = ${job.id}`;
    else this.sql`UPDATE wishlist_fanout SET cursor = ${last} WHERE id = ${job.id}`;
  }
}

/** The facts a fan-out needs from a stored product. */
function factsOf(p: SavedProductFacts): SavedProductFacts {
  return { price: p.price, inStock: p.inStock, title: p.title, url: p.url, image: p.image ?? null, currency: p.currency };
}
