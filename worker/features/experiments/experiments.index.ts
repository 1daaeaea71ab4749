import { createRouter } from "../../platform/create-router";
import * as handlers from "./experiments.handlers";
import * as routes from "./experiments.routes";

/** Experiment results for the shop, behind the secret key. */
export const experiments = createRouter().openapi(routes.experimentResultsRoute, handlers.experimentResults);
