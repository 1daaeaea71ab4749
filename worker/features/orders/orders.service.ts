import { currencyTerms, type CurrencyTerms } from "../loyalty";
import type { Env } from "../../env";
import type { OrderResult } from "../../objects/profile-object";
import type { Order } from "../customers/shopper.schemas";
import type { SiteRuntime } from "../../platform/kv-layout";
import { productCategories } from "../../platform/store";
import { emitWebhook } from "../webhooks/webhooks.service";
import { profileStub, siteStub } from "../../platform/stubs";

/** Categories of the ordered products, needed only when a punch card stamps by category. */
async function categoriesOf(env: Env, site: SiteRuntime, productIds: string[]): Promise<Record<string, string[]>> {
  if (!site.config.loyalty.punchCards.some((c) => c.categories.length > 0)) return {};
  return productCategories(env, site.siteId, [...new Set(productIds)]);
}

/** How an order currency counts on this site (points rate, spend factor, or unsupported). */
export function orderCurrency(site: SiteRuntime, currency: string): CurrencyTerms {
  return currencyTerms(currency, site.config.currency, site.config.loyalty);
}

/**
 * Why an order in `currency` earns nothing, with the fix: shown in the order API's 422 and logged
 * for platform webhooks (names a currency code only, never shopper data).
 */
export function unsupportedCurrencyText(site: SiteRuntime, currency: string): string {
  const known = [site.config.currency, ...Object.keys(site.config.loyalty.currencyRates).filter((c) => c !== site.config.currency)].join(", ");
  return `Currency ${currency} has no points rate on this site (site currency ${site.config.currency}; rates for: ${known}). Add one with PUT /v1/site/config, e.g. "loyalty": { "currencyRates": { "${currency}": 0.5 } } for half a point per ${currency}; a rate of 0 records such orders without points.`;
}

/**
 * Records a trusted order on its customer's profile (shared by the order API and platform
 * webhooks). Points and spend come from the currency's terms: an order in a currency the site
 * cannot value is recorded (purchases, recommendations, order count) with 0 points and 0 spend.
 * The order API refuses such orders before calling this; platform webhooks record them.
 */
export async function recordOrder(env: Env, site: SiteRuntime, order: Order): Promise<OrderResult> {
  const ref = { siteId: site.siteId, kind: "customer", id: order.customerId } as const;
  const terms = orderCurrency(site, order.currency);
  const value = Math.round(order.total * terms.spendFactor * 100) / 100;
  const result = await profileStub(env, ref).recordOrder(
    ref,
    { id: order.id, email: order.email, items: order.items, total: order.total, currency: order.currency, rate: terms.rate, value, createdAt: Date.parse(order.createdAt), status: order.status },
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
