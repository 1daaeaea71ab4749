import { currencyTerms, type CurrencyTerms } from "../loyalty";
import type { Env } from "../../env";
import type { OrderResult } from "./order-types";
import type { Order } from "../customers/shopper.schemas";
import type { SiteRuntime } from "../../platform/kv-layout";
import { productCategories } from "../../platform/store";
import { profileStub } from "../../platform/stubs";

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
 * webhooks): values its money for this site and hands it to the customer's Profile object, which
 * runs the whole flow (features/orders/order-flow.ts). Points and spend come from the currency's
 * terms: an order in a currency the site cannot value is recorded (purchases, recommendations,
 * order count) with 0 points and 0 spend. The order API refuses such orders before calling this;
 * platform webhooks record them.
 */
export async function recordOrder(env: Env, site: SiteRuntime, order: Order): Promise<OrderResult> {
  const ref = { siteId: site.siteId, kind: "customer", id: order.customerId } as const;
  const terms = orderCurrency(site, order.currency);
  const value = Math.round(order.total * terms.spendFactor * 100) / 100;
  return profileStub(env, ref).recordOrder(
    ref,
    {
      id: order.id,
      email: order.email,
      items: order.items,
      total: order.total,
      currency: order.currency,
      rate: terms.rate,
      value,
      createdAt: Date.parse(order.createdAt),
      status: order.status,
      attributionDays: site.config.insights.attributionDays,
    },
    site.config.loyalty,
    await categoriesOf(
      env,
      site,
      order.items.map((i) => i.productId),
    ),
    Date.now(),
    site.config.webhooks,
  );
}

/** A (partial) refund of a recorded order, idempotent by refund id (the flow is features/orders/order-flow.ts). */
export function recordRefund(
  env: Env,
  site: SiteRuntime,
  customerId: string,
  refund: { orderId: string; refundId: string; amount: number | null; createdAt: number; items?: { productId: string; quantity: number }[] | undefined },
): Promise<OrderResult> {
  const ref = { siteId: site.siteId, kind: "customer", id: customerId } as const;
  return profileStub(env, ref).refund(ref, { orderId: refund.orderId, refundId: refund.refundId, amount: refund.amount, at: refund.createdAt, items: refund.items }, site.config.loyalty, Date.now());
}
