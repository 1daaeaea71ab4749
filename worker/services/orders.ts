import type { Env } from "../env";
import type { OrderResult } from "../objects/profile-object";
import type { Order } from "../schemas/shopper";
import type { SiteRuntime } from "./kv-layout";
import { productCategories, profileStub, siteStub } from "./store";
import { emitWebhook } from "./webhooks";

/** Categories of the ordered products, needed only when a punch card stamps by category. */
async function categoriesOf(env: Env, site: SiteRuntime, productIds: string[]): Promise<Record<string, string[]>> {
  if (!site.config.loyalty.punchCards.some((c) => c.categories.length > 0)) return {};
  return productCategories(env, site.siteId, [...new Set(productIds)]);
}

/** Records a trusted order on its customer's profile (shared by the order API and platform webhooks). */
export async function recordOrder(env: Env, site: SiteRuntime, order: Order): Promise<OrderResult> {
  const ref = { siteId: site.siteId, kind: "customer", id: order.customerId } as const;
  const result = await profileStub(env, ref).recordOrder(
    ref,
    { id: order.id, email: order.email, items: order.items, total: order.total, currency: order.currency, createdAt: Date.parse(order.createdAt), status: order.status },
    site.config.loyalty,
    await categoriesOf(env, site, order.items.map((i) => i.productId)),
    Date.now(),
  );
  // Re-sent as refunded or cancelled: recommendations unlearn it too (the Site dedupes by refund id).
  if (order.status !== "paid" && result.result !== "created" && result.result !== "not_found")
    await siteStub(env, site.siteId).refundPurchases({ customerId: order.customerId, orderId: order.id, refundId: `${order.id}:${order.status}`, amount: null });
  if (result.result === "created" && result.status === "paid") {
    const data = { customerId: order.customerId, orderId: order.id, total: order.total, currency: order.currency, points: result.pointsChange, balance: result.points, pending: result.pending };
    await emitWebhook(env, site.siteId, "order.credited", data, `${order.customerId}:${order.id}`, { webhooks: site.config.webhooks });
  }
  return result;
}

/**
 * A (partial) refund of a recorded order, idempotent by refund id: the profile reverses points,
 * then the Site takes the refunded lines (or the refunded share) back out of recommendations.
 */
export async function recordRefund(
  env: Env,
  site: SiteRuntime,
  customerId: string,
  refund: { orderId: string; refundId: string; amount: number | null; createdAt: number; items?: { productId: string; quantity: number }[] | undefined },
): Promise<OrderResult> {
  const ref = { siteId: site.siteId, kind: "customer", id: customerId } as const;
  const result = await profileStub(env, ref).refund(ref, { orderId: refund.orderId, refundId: refund.refundId, amount: refund.amount, at: refund.createdAt }, site.config.loyalty, Date.now());
  if (result.result !== "not_found") await siteStub(env, site.siteId).refundPurchases({ customerId, orderId: refund.orderId, refundId: refund.refundId, amount: refund.amount, items: refund.items });
  return result;
}
