import type { Sql } from "../../platform/sql";
import { DAY_MS } from "../../platform/time";

/** How long processed platform delivery ids are kept: platforms stop retrying long before. */
export const DELIVERY_KEEP_MS = 30 * DAY_MS;

/**
 * The Site's bookkeeping for e-commerce platform webhooks: which customer each platform order
 * belongs to (`platform_orders`: refund webhooks carry only the order id) and which deliveries were
 * already processed (`platform_webhooks`: a redelivery changes nothing).
 */
export class PlatformOrders {
  constructor(private readonly sql: Sql) {}

  /** Remembers the customer of an order; the first one named stays. */
  remember(orderId: string, customerId: string): void {
    this.sql`INSERT OR IGNORE INTO platform_orders (order_id, customer_id) VALUES (${orderId}, ${customerId})`;
  }

  /** The customer an order belongs to, or null when the order is unknown. */
  customerOf(orderId: string): string | null {
    return this.sql<{ customer_id: string }>`SELECT customer_id FROM platform_orders WHERE order_id = ${orderId}`[0]?.customer_id ?? null;
  }

  /** Erasure: the customer's orders are no longer linked to them. */
  forgetCustomer(customerId: string): void {
    this.sql`DELETE FROM platform_orders WHERE customer_id = ${customerId}`;
  }

  /** Whether a delivery was already processed (a redelivery). */
  seen(id: string): boolean {
    return this.sql`SELECT 1 AS x FROM platform_webhooks WHERE id = ${id}`.length > 0;
  }

  /** Records a processed delivery and drops the ids older than DELIVERY_KEEP_MS. */
  note(id: string, now: number): void {
    this.sql`DELETE FROM platform_webhooks WHERE at < ${now - DELIVERY_KEEP_MS}`;
    this.sql`INSERT OR IGNORE INTO platform_webhooks (id, at) VALUES (${id}, ${now})`;
  }
}
