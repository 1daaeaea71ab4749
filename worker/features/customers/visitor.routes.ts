import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "../../platform/schemas";

/** DELETE /v1/visitor: the widget erases an anonymous shopper's data when consent is withdrawn. */
export const eraseVisitorRoute = createRoute({
  method: "delete",
  path: "/v1/visitor",
  operationId: "eraseVisitor",
  tags: ["Visitor"],
  summary: "Erase this anonymous visitor's profile (consent withdrawn)",
  description:
    "Called by the widget when the shopper withdraws consent: everything stored under this visitor id (events, cart, answers, visit counts) is deleted. A customer's profile is not touched; the shop erases customers with `DELETE /v1/customers/{customerId}`.",
  security: [{ publishableKey: [], visitorId: [] }],
  responses: {
    200: { description: "Erased", content: { "application/json": { schema: z.object({ erased: z.literal(true) }) } } },
    ...errorResponses(400, 401, 403),
  },
});
