import type { AppRouteHandler } from "../../platform/create-router";
import { ApiError } from "../../platform/errors";
import { orderCurrency, recordOrder, recordRefund, unsupportedCurrencyText } from "./orders.service";
import type { createOrderRoute, createRefundRoute } from "./orders.routes";

/** Records (or re-sends) a trusted order; a paid order in a currency without a rate is refused before anything is stored. */
export const createOrder: AppRouteHandler<typeof createOrderRoute> = async (c) => {
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
};

/** Records a refund against the customer's order, once per refund id; 404 when the order is unknown. */
export const createRefund: AppRouteHandler<typeof createRefundRoute> = async (c) => {
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
};
