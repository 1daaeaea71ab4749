import { createRoute, z } from "@hono/zod-openapi";
import { Id, Money, errorResponses } from "../../platform/schemas";
import { Order } from "../customers/shopper.schemas";

const OrderResult = z
  .object({
    result: z.enum(["created", "duplicate", "updated"]),
    orderId: z.string(),
    status: z.enum(["paid", "refunded", "cancelled", "partially_refunded"]),
    pointsChange: z.number().int().openapi({ description: "Points this call added; negative when it reversed points" }),
    points: z.number().int().openapi({ description: "Spendable balance after the call (available minus owed)" }),
    pending: z.number().int().openapi({ description: "Points still inside the return window" }),
    owed: z.number().int().openapi({ description: "Points reversed after they were spent" }),
  })
  .openapi("OrderResult");

/** POST /v1/orders: the shop's backend reports trusted orders, which earn points and feed recommendations. */
export const createOrderRoute = createRoute({
  method: "post",
  path: "/v1/orders",
  operationId: "recordOrder",
  tags: ["Server"],
  summary: "Record a trusted order",
  description:
    "Idempotent by `id`: the same order sent again changes nothing (200, `duplicate`). Sending it again with status `refunded` or `cancelled` refunds whatever was not refunded yet and reverses the points it earned (200, `updated`). Points stay pending for the program's `pendingDays`.\n\n" +
    "Currencies: an order in the site currency earns `loyalty.pointsPerUnit` per unit (or the site currency's own `currencyRates` entry); an order in another currency earns its `loyalty.currencyRates` rate and counts towards spend (spend tiers, lifecycle, RFM) at that rate over the site currency's. A paid order in a currency that is neither is refused with 422 `unsupported_currency` and nothing is stored: add a rate (0 records such orders without points) and send it again. Codes are ISO 4217 in capitals; totals are in major units (12.5 USD, 1250 JPY, 1.234 KWD).",
  security: [{ secretKey: [] }],
  request: { body: { required: true, content: { "application/json": { schema: Order } } } },
  responses: {
    201: { description: "Recorded and credited", content: { "application/json": { schema: OrderResult } } },
    200: { description: "Already recorded, or status changed", content: { "application/json": { schema: OrderResult } } },
    ...errorResponses(400, 401, 403, 413, 422),
  },
});

const Refund = z
  .object({
    id: Id.openapi({ description: "Refund id; the same id twice refunds once" }),
    customerId: Id,
    amount: Money.optional().openapi({ description: "Refunded money; omitted = everything not yet refunded" }),
    createdAt: z.string().datetime({ offset: true }).optional(),
    items: z
      .array(z.object({ productId: Id, quantity: z.number().int().min(1).max(100000) }))
      .min(1)
      .max(500)
      .optional()
      .openapi({ description: "The refunded lines. Recommendations stop counting a line once all its units are refunded; without lines, the refunded share of the whole order. Needs `amount`." }),
  })
  .refine((r) => r.items === undefined || r.amount !== undefined, { message: "amount is required when items are given", path: ["amount"] })
  .openapi("Refund");

/** POST /v1/orders/{orderId}/refunds: the shop reports (partial) refunds so earned points are reversed fairly. */
export const createRefundRoute = createRoute({
  method: "post",
  path: "/v1/orders/{orderId}/refunds",
  operationId: "refundOrder",
  tags: ["Server"],
  summary: "Refund (part of) an order",
  description:
    "Reverses the share of the order's points that the refunded amount is of its total; a full refund also reverses the first-order and referral bonuses it unlocked. Points already spent are shown as `owed`, never silently subtracted.",
  security: [{ secretKey: [] }],
  request: { params: z.object({ orderId: Id }), body: { required: true, content: { "application/json": { schema: Refund } } } },
  responses: {
    201: { description: "Refund recorded", content: { "application/json": { schema: OrderResult } } },
    200: { description: "Refund id already recorded", content: { "application/json": { schema: OrderResult } } },
    ...errorResponses(400, 401, 403, 404),
  },
});
