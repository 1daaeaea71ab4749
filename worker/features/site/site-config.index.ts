import { createRouter } from "../../platform/create-router";
import * as handlers from "./site-config.handlers";
import * as routes from "./site-config.routes";
import * as keyHandlers from "./site-keys.handlers";
import * as keyRoutes from "./site-keys.routes";

/** Server-side site configuration and the shop's own key rotation, behind the secret key. */
export const siteConfig = createRouter()
  .openapi(routes.getConfigRoute, handlers.getConfig)
  .openapi(routes.putConfigRoute, handlers.putConfig)
  .openapi(keyRoutes.rotateOwnKeysRoute, keyHandlers.rotateOwnKeys);
