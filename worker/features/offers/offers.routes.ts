import { createRoute, z } from "@hono/zod-openapi";
import { Id, errorResponses } from "../../platform/schemas";

/** PUT /v1/offers/{offerId}/codes: the shop stocks the discount codes win-back and occasion offers hand out. */
export const offerCodesRoute = createRoute({
  method: "put",
  path: "/v1/offers/{offerId}/codes",
  operationId: "addOfferCodes",
  tags: ["Server"],
  summary: "Add discount codes to an offer's pool",
  description:
    "Codes for win-back, birthday and anniversary offers (site config `offers`). Codes already in the pool are ignored; each code goes to one shopper, once. When the pool runs dry the offer still shows, without a code, until codes are added.",
  security: [{ secretKey: [] }],
  request: {
    params: z.object({ offerId: Id }),
    body: { required: true, content: { "application/json": { schema: z.object({ codes: z.array(z.string().min(1).max(100)).min(1).max(10000) }).openapi("OfferCodes") } } },
  },
  responses: {
    200: { description: "Pool updated", content: { "application/json": { schema: z.object({ added: z.number().int(), available: z.number().int() }) } } },
    ...errorResponses(400, 401, 403, 404, 409, 413),
  },
});
