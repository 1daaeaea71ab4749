import { createRouter } from "../../platform/create-router";
import * as handlers from "./site-config.handlers";
import * as routes from "./site-config.routes";

/** Server-side site configuration, behind the secret key. */
export const siteConfig = createRouter().openapi(routes.getConfigRoute, handlers.getConfig).openapi(routes.putConfigRoute, handlers.putConfig);
