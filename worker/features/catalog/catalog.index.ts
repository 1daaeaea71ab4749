import { createRouter } from "../../platform/create-router";
import * as handlers from "./catalog.handlers";
import * as routes from "./catalog.routes";

/** Server-side catalog sync, mounted by worker/index.ts behind the secret key. */
export const catalog = createRouter().openapi(routes.upsertProductsRoute, handlers.upsertProducts);
