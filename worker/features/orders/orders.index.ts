import { createRouter } from "../../platform/create-router";
import * as handlers from "./orders.handlers";
import * as routes from "./orders.routes";

/** Server-side trusted orders and refunds, behind the secret key. */
export const orders = createRouter().openapi(routes.createOrderRoute, handlers.createOrder).openapi(routes.createRefundRoute, handlers.createRefund);
