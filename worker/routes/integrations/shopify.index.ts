import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../lib/create-router";
import { hmacSha256, timingSafeEqual } from "../../lib/crypto";
import { ApiError } from "../../lib/errors";
import { Id, errorResponses } from "../../schemas/common";
import { Order } from "../../schemas/shopper";
import { recordOrder } from "../../services/orders";
import { siteRuntime } from "../../services/store";

/** Shopify ids are JSON numbers (some above 2^53 in their docs); read them as given. */
const ShopifyId = z.union([z.number().nonnegative(), z.string().min(1).max(64)]);

/** The fields of Shopify's `orders/create` / `orders/paid` payload that Revisit reads. */
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

export const shopifyOrdersRoute = createRoute({
  method: "post",
  path: "/v1/integrations/shopify/orders",
  tags: ["Integrations"],
  summary: "Shopify orders/create and orders/paid webhook",
  description:
    "Point the Shopify webhook at `/v1/integrations/shopify/orders?site=<siteId>`. The body is verified with `X-Shopify-Hmac-Sha256` (base64 HMAC-SHA256 of the raw body with the site's Shopify webhook secret) before it is parsed. Orders without a customer are acknowledged and ignored.",
  request: { query: z.object({ site: Id }) },
  responses: {
    200: { description: "Recorded or ignored", content: { "application/json": { schema: z.object({ result: z.string(), orderId: z.string().nullable() }) } } },
    ...errorResponses(400, 401, 413),
  },
});

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
  const parsed = ShopifyOrder.safeParse(json);
  if (!parsed.success) throw new ApiError(400, "invalid_request", "Not a Shopify order payload.", parsed.error.issues);
  const o = parsed.data;
  if (!o.customer) return c.json({ result: "ignored_guest_order", orderId: String(o.id) }, 200);
  const order = Order.parse({
    id: `shopify-${o.id}`,
    customerId: String(o.customer.id),
    email: o.email ?? undefined,
    items: o.line_items.map((l) => ({ productId: String(l.product_id ?? l.variant_id ?? "unknown"), quantity: l.quantity, price: l.price })),
    total: o.total_price,
    currency: o.currency,
    createdAt: o.created_at,
    status: o.cancelled_at ? "cancelled" : o.financial_status === "refunded" ? "refunded" : "paid",
  });
  const result = await recordOrder(c.env, site, order);
  return c.json({ result: result.result, orderId: order.id }, 200);
});
