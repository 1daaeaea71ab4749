import { createRoute } from "@hono/zod-openapi";
import { errorResponses } from "../../platform/schemas";
import { SaveBody, SavedListAnswer, SavedParams } from "./wishlist.schemas";
import { MAX_SAVED } from "./wishlist";

const security = [{ publishableKey: [], visitorId: [] }];
const answer = { content: { "application/json": { schema: SavedListAnswer } } };

/** POST /v1/saved: the heart on a product (the widget, or `window.revisit.save(productId)` on the shop's pages). */
export const saveRoute = createRoute({
  method: "post",
  path: "/v1/saved",
  operationId: "saveProduct",
  tags: ["Visitor"],
  summary: "Save a product for later",
  description: [
    "Keeps the product on this shopper's saved list, which `GET /v1/experience` shows (`saved`) with the catalog's current name, price, image and stock.",
    "A verified customer's list follows them to every device; a visitor's joins the customer's when they log in (`POST /v1/identify`).",
    "When a catalog update puts a saved product back in stock or lowers its price, the shop gets `wishlist.back_in_stock` / `wishlist.price_drop` webhooks for the customers who saved it.",
    `Saving a product already saved changes nothing (\`already_saved\`). The product must be in the catalog (404 otherwise); a list holds at most ${MAX_SAVED} products (409 when full: unsave one first).`,
  ].join(" "),
  security,
  request: { body: { required: true, content: { "application/json": { schema: SaveBody } } } },
  responses: {
    201: { description: "Saved", ...answer },
    200: { description: "Already saved: nothing changed", ...answer },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

/** DELETE /v1/saved/{productId}: the heart tapped again. */
export const unsaveRoute = createRoute({
  method: "delete",
  path: "/v1/saved/{productId}",
  operationId: "unsaveProduct",
  tags: ["Visitor"],
  summary: "Remove a product from the saved list",
  description: "Removes the product from this shopper's saved list (a product that was not saved answers `not_saved`, so a retry is harmless).",
  security,
  request: { params: SavedParams },
  responses: {
    200: { description: "The list after the change", ...answer },
    ...errorResponses(400, 401, 403),
  },
});
