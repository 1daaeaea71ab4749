import { createRouter } from "../../platform/create-router";
import * as handlers from "./shopify.handlers";
import * as routes from "./shopify.routes";

/** Shopify's webhooks, authenticated by their own signature (no Revisit key), so mounted outside the key middleware. */
export const shopify = createRouter().openapi(routes.shopifyOrdersRoute, handlers.shopifyOrders);
