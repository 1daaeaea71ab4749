import { createRoute, z } from "@hono/zod-openapi";
import { Id, errorResponses } from "../../platform/schemas";
import { NpsSummary, SurveyResponseBody, SurveyResponseResult } from "./surveys.schemas";

/** POST /v1/surveys/{surveyId}/responses: the widget stores a shopper's zero-party answer. */
export const surveyResponseRoute = createRoute({
  method: "post",
  path: "/v1/surveys/{surveyId}/responses",
  operationId: "answerSurvey",
  tags: ["Visitor"],
  summary: "Answer a survey question (zero-party data)",
  description:
    'One body per question type: `{ questionId, answers }` for single / multiple choice, `{ questionId, score, text? }` for NPS (0–10 with the optional "why"), `{ questionId, text }` for free text (at most the question\'s `maxLength`), or `{ questionId, dismissed: true }` when the shopper says "Not now". ' +
    "Answers are stored with time, source and the shopper's consent; the tags the shop mapped to the chosen options steer recommendations and their traits become profile attributes. Free text is stored as plain text and never interpreted.",
  security: [{ publishableKey: [], visitorId: [] }],
  request: {
    params: z.object({ surveyId: Id }),
    body: { required: true, content: { "application/json": { schema: SurveyResponseBody } } },
  },
  responses: {
    201: { description: "Stored", content: { "application/json": { schema: SurveyResponseResult } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

/** GET /v1/surveys/{surveyId}/nps: the shop reads its Net Promoter Score without exporting answers. */
export const npsSummaryRoute = createRoute({
  method: "get",
  path: "/v1/surveys/{surveyId}/nps",
  operationId: "getSurveyNps",
  tags: ["Server"],
  summary: "Net Promoter Score of a survey",
  description:
    "Each shopper's latest score counts once (answering again replaces it): promoters (9–10), passives (7–8), detractors (0–6) and the score (% promoters − % detractors, rounded), with the latest follow-up answers.",
  security: [{ secretKey: [] }],
  request: {
    params: z.object({ surveyId: Id }),
    query: z.object({ recent: z.coerce.number().int().min(0).max(100).default(10).openapi({ description: "How many follow-up texts to include (newest first)" }) }),
  },
  responses: {
    200: { description: "The summary", content: { "application/json": { schema: NpsSummary } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

/** POST /v1/customers/{customerId}/surveys/{surveyId}/responses: the shop records answers it collected itself. */
export const customerSurveyResponseRoute = createRoute({
  method: "post",
  path: "/v1/customers/{customerId}/surveys/{surveyId}/responses",
  operationId: "recordCustomerSurveyAnswer",
  tags: ["Server"],
  summary: "Record a customer's survey answer from the shop's server",
  description:
    "The same bodies as `POST /v1/surveys/{surveyId}/responses` (e.g. answers collected at checkout or in a support call), stored with source `api`. Creates the profile if the customer is new.",
  security: [{ secretKey: [] }],
  request: {
    params: z.object({ customerId: Id, surveyId: Id }),
    body: { required: true, content: { "application/json": { schema: SurveyResponseBody } } },
  },
  responses: {
    201: { description: "Stored", content: { "application/json": { schema: SurveyResponseResult } } },
    ...errorResponses(400, 401, 403, 404),
  },
});
