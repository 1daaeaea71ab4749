import { createRouter } from "../../platform/create-router";
import * as handlers from "./offers.handlers";
import * as routes from "./offers.routes";

/** Server-side offers: code pools the shop uploads (the same pools loyalty rewards use). */
export const offers = createRouter().openapi(routes.offerCodesRoute, handlers.offerCodes);
