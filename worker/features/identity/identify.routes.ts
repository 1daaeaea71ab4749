import { createRoute, z } from "@hono/zod-openapi";
import { IdentifyBody } from "../customers/shopper.schemas";
import { errorResponses } from "../../platform/schemas";

/** POST /v1/identify: the widget links an anonymous visitor to the shop's signed-in customer. */
export const identifyRoute = createRoute({
  method: "post",
  path: "/v1/identify",
  operationId: "identifyVisitor",
  tags: ["Visitor"],
  summary: "Link this visitor to a verified customer and merge",
  description:
    "`hash` is hex(HMAC-SHA256(identitySecret, customerId)), or with `expires` (unix seconds, decimal, no leading zeros) hex(HMAC-SHA256(identitySecret, 'revisit-expiring-v2' + LF + expires + LF + customerId)), where LF is one line-feed byte (\\n); the hash stops working at `expires`. The expiring form of earlier releases (customerId + '.' + expires) is refused with reason `legacy_expiring_form`: it was also the plain hash of another id. The anonymous profile (events, cart, survey answers) is merged into the customer's; nothing is lost.",
  security: [{ publishableKey: [], visitorId: [] }],
  request: { body: { required: true, content: { "application/json": { schema: IdentifyBody } } } },
  responses: {
    200: {
      description: "Identified",
      content: { "application/json": { schema: z.object({ customerId: z.string(), visits: z.number().int(), merged: z.boolean() }) } },
    },
    ...errorResponses(400, 401, 403),
  },
});
