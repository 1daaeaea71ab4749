import { createRouter } from "../../platform/create-router";
import * as handlers from "./events.handlers";
import * as routes from "./events.routes";

/** The widget's event intake, behind the publishable key and visitor id. */
export const events = createRouter().openapi(routes.eventsRoute, handlers.events);
