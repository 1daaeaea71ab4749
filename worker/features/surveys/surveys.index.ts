import { createRouter } from "../../platform/create-router";
import * as handlers from "./surveys.handlers";
import * as routes from "./surveys.routes";

/** Survey answers from the widget and from the shop's server, and the NPS summary. */
export const surveys = createRouter()
  .openapi(routes.surveyResponseRoute, handlers.surveyResponse)
  .openapi(routes.customerSurveyResponseRoute, handlers.customerSurveyResponse)
  .openapi(routes.npsSummaryRoute, handlers.npsSummary);
