import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../lib/create-router";
import { hmacSha256, timingSafeEqual } from "../../lib/crypto";
import { ApiError } from "../../lib/errors";
import { Id, errorResponses } from "../../schemas/common";
import { Order } from "../../schemas/shopper";
import type { SiteRuntime } from "../../services/kv-layout";
import { recordOrder, recordRefund } from "../../services/orders";
import { siteRuntime, siteStub } from "../../services/store";
import type { Env } from "../../env";

/** Shopify ids are JSON numbers (some above 2^53 in their docs); read them as given. */
const ShopifyId = z.union([z.number().nonnegative(), z.string().min(1).max(64)]);

/** The fields of Shopify's `orders/create` / `orders/paid` / `orders/cancelled` payload that Revisit reads. */
const ShopifyOrder = z.object({
  id: ShopifyId,
  email: z.string().email().max(254).nullish(),
  created_at: z.string().datetime({ offset: true }),
  currency: z.string().regex(/^[A-Z]{3}$/),
  total_price: z.coerce.number().finite().min(0),
  financial_status: z.string().max(40).nullish(),
  cancelled_at: z.string().nullish(),
  customer: z.object({ id: ShopifyId }).nullish(),
  line_items: z.array(
    z.object({
      product_id: ShopifyId.nullish(),
      variant_id: ShopifyId.nullish(),
      quantity: z.number().int().min(1),
      price: z.coerce.number().finite().min(0),
    }),
  ),
});

/** The fields of Shopify's `refunds/create` payload that Revisit reads. */
const ShopifyRefund = z.object({
  id: ShopifyId,
  order_id: ShopifyId,
  created_at: z.string().datetime({ offset: true }).nullish(),
  processed_at: z.string().datetime({ offset: true }).nullish(),
  transactions: z.array(z.object({ amount: z.coerce.number().finite().min(0), kind: z.string().max(40), status: z.string().max(40).nullish() })).default([]),
  refund_line_items: z.array(z.object({ subtotal: z.coerce.number().finite().min(0).nullish() })).default([]),
});

const TOPICS = ["orders/create", "orders/paid", "orders/cancelled", "refunds/create"] as const;

export const shopifyOrdersRoute = createRoute({
  method: "post",
  path: "/v1/integrations/shopify/orders",
  tags: ["Integrations"],
  summary: "Shopify order and refund webhooks",
  description:
    "Point Shopify's `orders/create`, `orders/paid`, `orders/cancelled` and `refunds/create` webhooks at `/v1/integrations/shopify/orders?site=<siteId>`. The body is verified with `X-Shopify-Hmac-Sha256` (base64 HMAC-SHA256 of the raw body with the site's Shopify webhook secret) before it is parsed; `X-Shopify-Topic` says which payload it is, and redeliveries with the same `X-Shopify-Webhook-Id` are acknowledged without effect. Unpaid orders and orders without a customer are acknowledged and ignored.",
  request: { query: z.object({ site: Id }) },
  responses: {
    200: { description: "Recorded or ignored", content: { "application/json": { schema: z.object({ result: z.string(), orderId: z.string().nullable() }) } } },
    ...errorResponses(400, 401, 413),
  },
});

const PAID = new Set(["paid", "partially_refunded", "refunded", "partially_paid"]);

async function onOrder(env: Env, site: SiteRuntime, json: unknown, topic: string) {
  const parsed = ShopifyOrder.safeParse(json);
  if (!parsed.success) throw new ApiError(400, "invalid_request", "Not a Shopify order payload.", parsed.error.issues);
  const o = parsed.data;
  const orderId = `shopify-${o.id}`;
  if (!o.customer) return { result: "ignored_guest_order", orderId };
  const cancelled = topic === "orders/cancelled" || !!o.cancelled_at;
  if (!cancelled && topic !== "orders/paid" && !PAID.has(o.financial_status ?? "")) return { result: "ignored_unpaid", orderId };
  const customerId = String(o.customer.id);
  await siteStub(env, site.siteId).rememberOrder(orderId, customerId);
  const base = {
    id: orderId,
    customerId,
    email: o.email ?? undefined,
    items: o.line_items.map((l) => ({ productId: String(l.product_id ?? l.variant_id ?? "unknown"), quantity: l.quantity, price: l.price })),
    total: o.total_price,
    currency: o.currency,
    createdAt: o.created_at,
  };
  // A cancelled order is first recorded as paid (if it ever was), then cancelled: points net to zero.
  const first = await recordOrder(env, site, Order.parse({ ...base, status: "paid" }));
  if (!cancelled) return { result: first.result, orderId };
  const r = await recordOrder(env, site, Order.parse({ ...base, status: "cancelled" }));
  return { result: r.result, orderId };
}

async function onRefund(env: Env, site: SiteRuntime, json: unknown) {
  const parsed = ShopifyRefund.safeParse(json);
  if (!parsed.success) throw new ApiError(400, "invalid_request", "Not a Shopify refund payload.", parsed.error.issues);
  const r = parsed.data;
  const orderId = `shopify-${r.order_id}`;
  const customerId = await siteStub(env, site.siteId).customerOfOrder(orderId);
  if (!customerId) return { result: "ignored_unknown_order", orderId };
  const refunds = r.transactions.filter((t) => t.kind === "refund" && (t.status ?? "success") === "success");
  const amount = refunds.length ? refunds.reduce((s, t) => s + t.amount, 0) : r.refund_line_items.reduce((s, l) => s + (l.subtotal ?? 0), 0);
  if (amount <= 0) return { result: "ignored_zero_refund", orderId };
  const at = Date.parse(r.processed_at ?? r.created_at ?? "") || Date.now();
  const result = await recordRefund(env, site, customerId, { orderId, refundId: `shopify-refund-${r.id}`, amount: Math.round(amount * 100) / 100, createdAt: at });
  return { result: result.result === "created" ? "refunded" : result.result, orderId };
}

export const shopify = createRouter().openapi(shopifyOrdersRoute, async (c) => {
  const { site: siteId } = c.req.valid("query");
  const site = await siteRuntime(c.env, siteId);
  const raw = new Uint8Array(await c.req.arrayBuffer());
  const given = c.req.header("X-Shopify-Hmac-Sha256") ?? "";
  // Unknown site and bad signature answer the same, so the endpoint does not reveal which sites exist.
  const expected = site ? btoa(String.fromCharCode(...(await hmacSha256(site.shopifySecret, raw)))) : "";
  if (!site || !given || !timingSafeEqual(given, expected)) throw new ApiError(401, "unauthorized", "Invalid Shopify webhook signature.");

  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    throw new ApiError(400, "malformed_json", "Request body is not valid JSON.");
  }
  const topic = c.req.header("X-Shopify-Topic") ?? "orders/paid";
  if (!(TOPICS as readonly string[]).includes(topic)) return c.json({ result: "ignored_topic", orderId: null }, 200);
  // Redeliveries are recognised by webhook id; the id is noted only after success, so a delivery
  // that failed half-way is processed again (every step below is idempotent anyway).
  const delivery = c.req.header("X-Shopify-Webhook-Id")?.slice(0, 100);
  const siteObject = siteStub(c.env, site.siteId);
  if (delivery && (await siteObject.deliverySeen(`shopify:${delivery}`))) return c.json({ result: "duplicate_delivery", orderId: null }, 200);
  const out = topic === "refunds/create" ? await onRefund(c.env, site, json) : await onOrder(c.env, site, json, topic);
  if (delivery) await siteObject.noteDelivery(`shopify:${delivery}`);
  return c.json(out, 200);
});
