import { createRouter } from "../../platform/create-router";
import * as handlers from "./admin.handlers";
import * as routes from "./admin.routes";

/** Deployment administration (sites and their keys), behind the ADMIN_TOKEN. */
export const admin = createRouter().openapi(routes.createSiteRoute, handlers.createSite).openapi(routes.rotateKeysRoute, handlers.rotateKeys);
