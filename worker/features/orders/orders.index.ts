import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../platform/create-router";
import { ApiError } from "../../platform/errors";
import { Id, Money, errorResponses } from "../../platform/schemas";
import { Order } from "../customers/shopper.schemas";
import { orderCurrency, recordOrder, recordRefund, unsupportedCurrencyText } from "./orders.service";

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

export const createOrderRoute = createRoute({
  method: "post",
  path: "/v1/orders",
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

export const createRefundRoute = createRoute({
  method: "post",
  path: "/v1/orders/{orderId}/refunds",
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

export const orders = createRouter()
  .openapi(createOrderRoute, async (c) => {
    const site = c.get("site");
    const order = c.req.valid("json");
    // Refused before anything is stored, so the shop can add a rate and send the same id again.
    // Re-sends as refunded/cancelled pass: they only reverse what the order earned.
    if (order.status === "paid" && !orderCurrency(site, order.currency).supported) {
      const details = { currency: order.currency, siteCurrency: site.config.currency, currencyRates: Object.keys(site.config.loyalty.currencyRates) };
      throw new ApiError(422, "unsupported_currency", unsupportedCurrencyText(site, order.currency), details);
    }
    const result = await recordOrder(c.env, site, order);
    if (result.result === "not_found") throw new ApiError(404, "not_found", "Order not found.");
    return c.json({ ...result, result: result.result }, result.result === "created" ? 201 : 200);
  })
  .openapi(createRefundRoute, async (c) => {
    const { orderId } = c.req.valid("param");
    const body = c.req.valid("json");
    const result = await recordRefund(c.env, c.get("site"), body.customerId, {
      orderId,
      refundId: body.id,
      amount: body.amount ?? null,
      createdAt: body.createdAt ? Date.parse(body.createdAt) : Date.now(),
      items: body.items,
    });
    if (result.result === "not_found") throw new ApiError(404, "not_found", `No order "${orderId}" for customer "${body.customerId}".`);
    return c.json({ ...result, result: result.result === "created" ? ("created" as const) : ("duplicate" as const) }, result.result === "created" ? 201 : 200);
  });
