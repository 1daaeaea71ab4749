import type { z } from "@hono/zod-openapi";
import type { Env } from "../../env";
import type { AppRouteHandler } from "../../platform/create-router";
import { hmacSha256, timingSafeEqual } from "../../platform/crypto";
import { ApiError } from "../../platform/errors";
import type { SiteRuntime } from "../../platform/kv-layout";
import { siteRuntime } from "../../platform/store";
import { siteStub } from "../../platform/stubs";
import { Order } from "../customers/shopper.schemas";
import { orderCurrency, recordOrder, recordRefund, unsupportedCurrencyText } from "./orders.service";
import { parseExactJson, readShopifyOrder, readShopifyRefund } from "./shopify-payload";
import type { ShopifyAnswer, shopifyOrdersRoute } from "./shopify.routes";

const TOPICS = ["orders/create", "orders/paid", "orders/cancelled", "refunds/create"] as const;

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

/** Verifies the signature over the raw body, then records the order or refund once per Shopify delivery. */
export const shopifyOrders: AppRouteHandler<typeof shopifyOrdersRoute> = async (c) => {
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
};
