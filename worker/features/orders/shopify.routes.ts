import { createRoute, z } from "@hono/zod-openapi";
import { Id, errorResponses } from "../../platform/schemas";

/** What every verified Shopify delivery gets back: the outcome, and why when nothing was recorded. */
export const ShopifyAnswer = z
  .object({
    result: z.string().openapi({
      description:
        "`created`, `duplicate`, `updated`, `refunded`, `duplicate_delivery`, or why nothing was recorded: `ignored_topic`, `ignored_guest_order`, `ignored_unpaid`, `ignored_unknown_order`, `ignored_zero_refund`, `ignored_invalid_payload`",
    }),
    orderId: z.string().nullable(),
    reason: z.string().optional().openapi({ description: "Why the payload was ignored, or why a recorded order earned no points (e.g. its currency has no rate)" }),
  })
  .openapi("ShopifyWebhookAnswer");

/** POST /v1/integrations/shopify/orders: Shopify's own order and refund webhooks, signed with the site's Shopify secret. */
export const shopifyOrdersRoute = createRoute({
  method: "post",
  path: "/v1/integrations/shopify/orders",
  operationId: "receiveShopifyOrder",
  tags: ["Integrations"],
  summary: "Shopify order and refund webhooks",
  description:
    "Point Shopify's `orders/create`, `orders/paid`, `orders/cancelled` and `refunds/create` webhooks at `/v1/integrations/shopify/orders?site=<siteId>`. The body is verified with `X-Shopify-Hmac-Sha256` (base64 HMAC-SHA256 of the raw body with the site's Shopify webhook secret) before it is parsed; `X-Shopify-Topic` says which payload it is, and redeliveries with the same `X-Shopify-Webhook-Id` are acknowledged without effect.\n\n" +
    'Once the signature verifies the answer is always 200, because Shopify retries anything else and eventually drops the subscription: unpaid orders, guest checkouts (no customer), unknown topics and payloads Revisit cannot use (not JSON, no usable id or `total_price`) are acknowledged with an `ignored_…` result and a `reason`, which is also logged. Odd fields are tolerated: ids may be numbers (exact even above 2^53), digit strings or GraphQL ids (`gid://shopify/Customer/123`), all normalised to the REST form `123`, so both spellings reach the same customer (`GET /v1/customers/123`) and order (`shopify-<id>`); a customer without `id` is read from `admin_graphql_api_id`; prices may be strings (`"12.50"`) or numbers; line items with a missing, zero, negative or huge quantity are dropped (points come from `total_price`); currency codes are upper-cased.\n\n' +
    "Currencies: `total_price` earns at the rules of `POST /v1/orders`. An order in a currency that is neither the site currency nor in `loyalty.currencyRates` (or without a currency, recorded as `XXX`) is still recorded, so purchases and recommendations see it, but earns no points and adds no spend; `reason` and the log say so. Adding a rate later does not credit orders already recorded.",
  // No API key: Shopify signs the body (X-Shopify-Hmac-Sha256), which the handler verifies first.
  security: [],
  request: { query: z.object({ site: Id }) },
  responses: {
    200: { description: "Recorded or ignored (see `result` and `reason`)", content: { "application/json": { schema: ShopifyAnswer } } },
    ...errorResponses(400, 401, 413),
  },
});
