import { createRouter } from "../../platform/create-router";
import * as handlers from "./wishlist.handlers";
import * as routes from "./wishlist.routes";

/** Save for later: the shopper's own routes, behind the publishable key and visitor id (worker/index.ts). */
export const wishlist = createRouter().openapi(routes.saveRoute, handlers.save).openapi(routes.unsaveRoute, handlers.unsave);
