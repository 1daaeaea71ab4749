import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../platform/create-router";
import { hmacSha256, timingSafeEqual } from "../../platform/crypto";
import { ApiError } from "../../platform/errors";
import { Id, errorResponses } from "../../platform/schemas";
import { Order } from "../customers/shopper.schemas";
import type { SiteRuntime } from "../../platform/kv-layout";
import { orderCurrency, recordOrder, recordRefund, unsupportedCurrencyText } from "./orders.service";
import { siteRuntime } from "../../platform/store";
import type { Env } from "../../env";
import { parseExactJson, readShopifyOrder, readShopifyRefund } from "./shopify-payload";
import { siteStub } from "../../platform/stubs";

const TOPICS = ["orders/create", "orders/paid", "orders/cancelled", "refunds/create"] as const;

const ShopifyAnswer = z
  .object({
    result: z.string().openapi({
      description:
        "`created`, `duplicate`, `updated`, `refunded`, `duplicate_delivery`, or why nothing was recorded: `ignored_topic`, `ignored_guest_order`, `ignored_unpaid`, `ignored_unknown_order`, `ignored_zero_refund`, `ignored_invalid_payload`",
    }),
    orderId: z.string().nullable(),
    reason: z.string().optional().openapi({ description: "Why the payload was ignored, or why a recorded order earned no points (e.g. its currency has no rate)" }),
  })
  .openapi("ShopifyWebhookAnswer");

export const shopifyOrdersRoute = createRoute({
  method: "post",
  path: "/v1/integrations/shopify/orders",
  tags: ["Integrations"],
  summary: "Shopify order and refund webhooks",
  description:
    "Point Shopify's `orders/create`, `orders/paid`, `orders/cancelled` and `refunds/create` webhooks at `/v1/integrations/shopify/orders?site=<siteId>`. The body is verified with `X-Shopify-Hmac-Sha256` (base64 HMAC-SHA256 of the raw body with the site's Shopify webhook secret) before it is parsed; `X-Shopify-Topic` says which payload it is, and redeliveries with the same `X-Shopify-Webhook-Id` are acknowledged without effect.\n\n" +
    "Once the signature verifies the answer is always 200, because Shopify retries anything else and eventually drops the subscription: unpaid orders, guest checkouts (no customer), unknown topics and payloads Revisit cannot use (not JSON, no usable id or `total_price`) are acknowledged with an `ignored_…` result and a `reason`, which is also logged. Odd fields are tolerated: ids may be numbers (exact even above 2^53), digit strings or GraphQL ids (`gid://shopify/Customer/123`), all normalised to the REST form `123`, so both spellings reach the same customer (`GET /v1/customers/123`) and order (`shopify-<id>`); a customer without `id` is read from `admin_graphql_api_id`; prices may be strings (`\"12.50\"`) or numbers; line items with a missing, zero, negative or huge quantity are dropped (points come from `total_price`); currency codes are upper-cased.\n\n" +
    "Currencies: `total_price` earns at the rules of `POST /v1/orders`. An order in a currency that is neither the site currency nor in `loyalty.currencyRates` (or without a currency, recorded as `XXX`) is still recorded, so purchases and recommendations see it, but earns no points and adds no spend; `reason` and the log say so. Adding a rate later does not credit orders already recorded.",
  request: { query: z.object({ site: Id }) },
  responses: {
    200: { description: "Recorded or ignored (see `result` and `reason`)", content: { "application/json": { schema: ShopifyAnswer } } },
    ...errorResponses(400, 401, 413),
  },
});

type Answer = z.infer<typeof ShopifyAnswer>;

const PAID = new Set(["paid", "partially_refunded", "refunded", "partially_paid"]);

/** Acknowledges a payload Revisit cannot use, and logs why (a field path or code, never shopper data). */
function ignored(site: SiteRuntime, topic: string, reason: string): Answer {
  console.warn(`shopify webhook ignored: site ${site.siteId}, ${topic}: ${reason}`);
  return { result: "ignored_invalid_payload", orderId: null, reason };
}

async function onOrder(env: Env, site: SiteRuntime, json: unknown, topic: string): Promise<Answer> {
  const read = readShopifyOrder(json);
  if (!read.ok) return ignored(site, topic, read.reason);
  const o = read.value;
  const orderId = `shopify-${o.id}`;
  if (!o.customerId) return { result: "ignored_guest_order", orderId };
  const cancelled = topic === "orders/cancelled" || o.cancelled;
  if (!cancelled && topic !== "orders/paid" && !PAID.has(o.financialStatus)) return { result: "ignored_unpaid", orderId };
  const base = Order.safeParse({
    id: orderId,
    customerId: o.customerId,
    email: o.email,
    items: o.items,
    total: o.total,
    currency: o.currency,
    createdAt: o.createdAt ?? new Date().toISOString(),
    status: "paid",
  });
  if (!base.success) return ignored(site, topic, `unusable ${base.error.issues.map((i) => i.path.map(String).join(".")).join(", ")}`);
  const notes = [...o.notes];
  if (!orderCurrency(site, o.currency).supported) notes.push(`recorded without points: ${unsupportedCurrencyText(site, o.currency)}`);
  if (notes.length) console.warn(`shopify webhook: site ${site.siteId}, ${topic}, order ${orderId}: ${notes.join("; ")}`);
  const reason = notes.length ? { reason: notes.join("; ") } : {};
  await siteStub(env, site.siteId).rememberOrder(orderId, o.customerId);
  // A cancelled order is first recorded as paid (if it ever was), then cancelled: points net to zero.
  const first = await recordOrder(env, site, base.data);
  if (!cancelled) return { result: first.result, orderId, ...reason };
  const r = await recordOrder(env, site, { ...base.data, status: "cancelled" });
  return { result: r.result, orderId, ...reason };
}

async function onRefund(env: Env, site: SiteRuntime, json: unknown): Promise<Answer> {
  const read = readShopifyRefund(json);
  if (!read.ok) return ignored(site, "refunds/create", read.reason);
  const r = read.value;
  const orderId = `shopify-${r.orderId}`;
  const customerId = await siteStub(env, site.siteId).customerOfOrder(orderId);
  if (!customerId) return { result: "ignored_unknown_order", orderId };
  if (r.amount <= 0) return { result: "ignored_zero_refund", orderId };
  const at = Date.parse(r.at ?? "") || Date.now();
  const result = await recordRefund(env, site, customerId, { orderId, refundId: `shopify-refund-${r.id}`, amount: r.amount, createdAt: at });
  return { result: result.result === "created" ? "refunded" : result.result, orderId };
}

/** The body as JSON with large ids kept exact, or null when it is not JSON. */
function bodyJson(raw: Uint8Array): { json: unknown } | null {
  try {
    return { json: parseExactJson(new TextDecoder().decode(raw)) };
  } catch {
    return null;
  }
}

export const shopify = createRouter().openapi(shopifyOrdersRoute, async (c) => {
  const { site: siteId } = c.req.valid("query");
  const site = await siteRuntime(c.env, siteId);
  const raw = new Uint8Array(await c.req.arrayBuffer());
  const given = c.req.header("X-Shopify-Hmac-Sha256") ?? "";
  // Unknown site and bad signature answer the same, so the endpoint does not reveal which sites exist.
  const expected = site ? btoa(String.fromCharCode(...(await hmacSha256(site.shopifySecret, raw)))) : "";
  if (!site || !given || !timingSafeEqual(given, expected)) throw new ApiError(401, "unauthorized", "Invalid Shopify webhook signature.");

  const topic = c.req.header("X-Shopify-Topic") ?? "orders/paid";
  if (!(TOPICS as readonly string[]).includes(topic)) return c.json({ result: "ignored_topic", orderId: null }, 200);
  const body = bodyJson(raw);
  if (!body) return c.json(ignored(site, topic, "body is not valid JSON"), 200);
  // Redeliveries are recognised by webhook id; the id is noted only after success, so a delivery
  // that failed half-way is processed again (every step below is idempotent anyway).
  const delivery = c.req.header("X-Shopify-Webhook-Id")?.slice(0, 100);
  const siteObject = siteStub(c.env, site.siteId);
  if (delivery && (await siteObject.deliverySeen(`shopify:${delivery}`))) return c.json({ result: "duplicate_delivery", orderId: null }, 200);
  const out = topic === "refunds/create" ? await onRefund(c.env, site, body.json) : await onOrder(c.env, site, body.json, topic);
  if (delivery) await siteObject.noteDelivery(`shopify:${delivery}`);
  return c.json(out, 200);
});
