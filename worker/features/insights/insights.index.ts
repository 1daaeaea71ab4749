import { createRouter } from "../../platform/create-router";
import * as handlers from "./insights.handlers";
import * as routes from "./insights.routes";

/** Retention insights for the shop, behind the secret key (JSON, or CSV with `Accept: text/csv`). */
export const insights = createRouter()
  .openapi(routes.summaryRoute, handlers.summary)
  .openapi(routes.cohortsRoute, handlers.cohorts)
  .openapi(routes.loyaltyInsightsRoute, handlers.loyalty)
  .openapi(routes.recommendationInsightsRoute, handlers.recommendations)
  .openapi(routes.surveyInsightsRoute, handlers.surveys)
  .openapi(routes.lifecycleInsightsRoute, handlers.lifecycle);
