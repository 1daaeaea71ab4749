import { createRoute, z } from "@hono/zod-openapi";
import { DELIVERY_EVENT_TYPES, TEST_EVENT } from "./webhooks";
import { errorResponses } from "../../platform/schemas";

const security = [{ secretKey: [] }];
const DeliveryId = z.string().regex(/^dlv_[0-9a-f]{1,64}$/, "a delivery id (dlv_…)");

/** One webhook delivery as the log shows it; also the answer to a replay. */
export const Delivery = z
  .object({
    id: z.string().openapi({ example: "dlv_3f2a…" }),
    eventId: z.string().openapi({ description: "The `webhook-id` header: the same on every attempt and replay, so receivers can dedupe" }),
    type: z.enum(DELIVERY_EVENT_TYPES),
    endpoint: z.string(),
    status: z.enum(["pending", "delivered", "dead"]).openapi({ description: "`dead`: every attempt failed (a dead letter); replay it to try again" }),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastStatus: z.number().int().nullable().openapi({ description: "HTTP status of the last attempt (null: no answer)" }),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .openapi("WebhookDelivery");

const Page = z.object({ deliveries: z.array(Delivery), nextCursor: z.string().nullable() });
const pageQuery = { cursor: z.string().max(40).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) };

/** GET /v1/webhooks/deliveries: the shop sees what was sent to its endpoints and how it went. */
export const listDeliveriesRoute = createRoute({
  method: "get",
  path: "/v1/webhooks/deliveries",
  operationId: "listWebhookDeliveries",
  tags: ["Server"],
  summary: "Webhook delivery log",
  description:
    "Every webhook this site sent or is sending, newest first: one row per event and endpoint with its attempts, last answer and status. Retries follow a fixed schedule (at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h); after the eighth failure a delivery is a dead letter. Kept 30 days.",
  security,
  request: { query: z.object({ status: z.enum(["pending", "delivered", "dead"]).optional(), ...pageQuery }) },
  responses: { 200: { description: "A page of deliveries", content: { "application/json": { schema: Page } } }, ...errorResponses(400, 401, 403) },
});

/** GET /v1/webhooks/dead-letters: the shop finds deliveries that failed every attempt. */
export const deadLettersRoute = createRoute({
  method: "get",
  path: "/v1/webhooks/dead-letters",
  operationId: "listWebhookDeadLetters",
  tags: ["Server"],
  summary: "Webhook dead letters",
  description: "Deliveries that failed every attempt, newest first. Replay one with `POST /v1/webhooks/deliveries/{id}/replay`, or all with `POST /v1/webhooks/dead-letters/replay`.",
  security,
  request: { query: z.object(pageQuery) },
  responses: { 200: { description: "A page of dead letters", content: { "application/json": { schema: Page } } }, ...errorResponses(400, 401, 403) },
});

/** GET /v1/webhooks/deliveries/{deliveryId}: the shop debugs one delivery with its payload and attempts. */
export const getDeliveryRoute = createRoute({
  method: "get",
  path: "/v1/webhooks/deliveries/{deliveryId}",
  operationId: "getWebhookDelivery",
  tags: ["Server"],
  summary: "One webhook delivery with its payload and attempts",
  security,
  request: { params: z.object({ deliveryId: DeliveryId }) },
  responses: {
    200: {
      description: "The delivery",
      content: {
        "application/json": {
          schema: Delivery.extend({
            payload: z.unknown(),
            attemptLog: z.array(z.object({ n: z.number().int(), at: z.string().nullable(), status: z.number().int().nullable(), error: z.string().nullable(), ms: z.number() })),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

/** POST /v1/webhooks/deliveries/{deliveryId}/replay: the shop resends one delivery after fixing its endpoint. */
export const replayDeliveryRoute = createRoute({
  method: "post",
  path: "/v1/webhooks/deliveries/{deliveryId}/replay",
  operationId: "replayWebhookDelivery",
  tags: ["Server"],
  summary: "Send a webhook delivery again",
  description: "Re-queues the delivery at the start of the retry schedule, with the same `webhook-id` and body (signed anew).",
  security,
  request: { params: z.object({ deliveryId: DeliveryId }) },
  responses: { 202: { description: "Queued", content: { "application/json": { schema: Delivery } } }, ...errorResponses(400, 401, 403, 404) },
});

/** POST /v1/webhooks/dead-letters/replay: the shop resends every dead letter after an outage. */
export const replayDeadLettersRoute = createRoute({
  method: "post",
  path: "/v1/webhooks/dead-letters/replay",
  operationId: "replayWebhookDeadLetters",
  tags: ["Server"],
  summary: "Send every dead letter again",
  security,
  responses: { 202: { description: "Queued", content: { "application/json": { schema: z.object({ replayed: z.number().int() }) } } }, ...errorResponses(401, 403) },
});

/** POST /v1/webhooks/test: the shop checks that its endpoints receive and verify Revisit's webhooks. */
export const sendTestRoute = createRoute({
  method: "post",
  path: "/v1/webhooks/test",
  operationId: "sendTestWebhook",
  tags: ["Server"],
  summary: "Send a test event to the webhook endpoints",
  description: `Queues one signed \`${TEST_EVENT}\` event (\`{ type, timestamp, data: { siteId, message } }\`, signed like every other event with the site's \`whsec_…\` secret) to the configured endpoint named in \`endpoint\`, or to every configured endpoint, whatever events they subscribe to. It goes through the same outbox as real events and is tried at once, but only once (no retries): a failed test becomes a dead letter you can replay. Answers the deliveries (one per endpoint); follow each with \`GET /v1/webhooks/deliveries/{id}\` until its status is \`delivered\` or \`dead\`. 400 when the site has no endpoint or \`endpoint\` is not one of them.`,
  security,
  request: {
    body: {
      required: false,
      content: {
        "application/json": {
          schema: z.object({ endpoint: z.string().max(2048).optional().openapi({ description: "The URL of one configured endpoint (as in the site config's `webhooks`); omitted: all of them" }) }),
        },
      },
    },
  },
  responses: {
    202: { description: "Queued", content: { "application/json": { schema: z.object({ eventId: z.string(), deliveries: z.array(Delivery) }) } } },
    ...errorResponses(400, 401, 403, 404),
  },
});
