import { createRoute, z } from "@hono/zod-openapi";
import { EventBatch } from "./shopper.schemas";
import { errorResponses } from "../../platform/schemas";

/** POST /v1/events: the widget's browser events, which shape what this shopper sees. */
export const eventsRoute = createRoute({
  method: "post",
  path: "/v1/events",
  operationId: "recordEvents",
  tags: ["Visitor"],
  summary: "Record a batch of browser events",
  description: "Up to 50 events, each with a client-made id; ids already stored are skipped, so retries are safe. Events shape what this shopper sees, never points or money.",
  security: [{ publishableKey: [], visitorId: [] }],
  request: { body: { required: true, content: { "application/json": { schema: EventBatch } } } },
  responses: {
    202: { description: "Stored", content: { "application/json": { schema: z.object({ accepted: z.number().int(), duplicates: z.number().int() }) } } },
    ...errorResponses(400, 401, 403, 413),
  },
});
