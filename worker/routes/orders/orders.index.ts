import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../lib/create-router";
import { errorResponses } from "../../schemas/common";
import { Order } from "../../schemas/shopper";
import { recordOrder } from "../../services/orders";

const OrderResult = z
  .object({
    result: z.enum(["created", "duplicate", "updated"]),
    orderId: z.string(),
    status: z.enum(["paid", "refunded", "cancelled"]),
    pointsChange: z.number().int(),
    points: z.number().int(),
  })
  .openapi("OrderResult");

export const createOrderRoute = createRoute({
  method: "post",
  path: "/v1/orders",
  tags: ["Server"],
  summary: "Record a trusted order",
  description:
    "Idempotent by `id`: the same order sent again changes nothing (200, `duplicate`). Sending it again with status `refunded` or `cancelled` reverses the points it earned (200, `updated`).",
  security: [{ secretKey: [] }],
  request: { body: { required: true, content: { "application/json": { schema: Order } } } },
  responses: {
    201: { description: "Recorded and credited", content: { "application/json": { schema: OrderResult } } },
    200: { description: "Already recorded, or status changed", content: { "application/json": { schema: OrderResult } } },
    ...errorResponses(400, 401, 403, 413),
  },
});

export const orders = createRouter().openapi(createOrderRoute, async (c) => {
  const result = await recordOrder(c.env, c.get("site"), c.req.valid("json"));
  return c.json(result, result.result === "created" ? 201 : 200);
});
