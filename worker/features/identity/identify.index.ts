import { createRouter } from "../../platform/create-router";
import * as handlers from "./identify.handlers";
import * as routes from "./identify.routes";

/** The widget's identify route, behind the publishable key and visitor id. */
export const identify = createRouter().openapi(routes.identifyRoute, handlers.identify);
