import { createRouter } from "../../platform/create-router";
import * as handlers from "./segments.handlers";
import * as routes from "./segments.routes";

/** Server-side segment listing and membership paging, behind the secret key. */
export const segments = createRouter().openapi(routes.listSegmentsRoute, handlers.listSegments).openapi(routes.segmentCustomersRoute, handlers.segmentCustomers);
