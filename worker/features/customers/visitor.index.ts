import { createRouter } from "../../platform/create-router";
import * as handlers from "./visitor.handlers";
import * as routes from "./visitor.routes";

/** The widget's consent-withdrawal route, behind the publishable key and visitor id. */
export const visitor = createRouter().openapi(routes.eraseVisitorRoute, handlers.eraseVisitor);
