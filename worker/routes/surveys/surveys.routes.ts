import { createRoute, z } from "@hono/zod-openapi";
import { Id, errorResponses } from "../../schemas/common";
import { SurveyResponseBody } from "../../schemas/shopper";

export const surveyResponseRoute = createRoute({
  method: "post",
  path: "/v1/surveys/{surveyId}/responses",
  tags: ["Visitor"],
  summary: "Answer a survey question (zero-party data)",
  description: "Answers are stored with time and source; the tags the shop mapped to the chosen options steer recommendations.",
  security: [{ publishableKey: [], visitorId: [] }],
  request: {
    params: z.object({ surveyId: Id }),
    body: { required: true, content: { "application/json": { schema: SurveyResponseBody } } },
  },
  responses: {
    201: {
      description: "Stored",
      content: { "application/json": { schema: z.object({ surveyId: z.string(), questionId: z.string(), answers: z.array(z.string()), tags: z.array(z.string()) }) } },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});
