import { shopperRef } from "../../app-env";
import { answerKey, checkAnswer } from "../../domain/survey";
import { createRouter } from "../../lib/create-router";
import { ApiError } from "../../lib/errors";
import { profileStub } from "../../services/store";
import { emitWebhook } from "../../services/webhooks";
import { surveyResponseRoute } from "./surveys.routes";

export const surveys = createRouter().openapi(surveyResponseRoute, async (c) => {
  const { surveyId } = c.req.valid("param");
  const { questionId, answers } = c.req.valid("json");
  const site = c.get("site");
  const check = checkAnswer(site.config.surveys, surveyId, questionId, answers);
  if (!check.ok) {
    const missing = check.code === "unknown_survey" || check.code === "unknown_question";
    throw new ApiError(missing ? 404 : 400, missing ? "not_found" : "invalid_request", check.message);
  }
  const ref = shopperRef(site.siteId, c.get("shopper"));
  const now = Date.now();
  const unique = [...new Set(answers)];
  await profileStub(c.env, ref).answer(ref, answerKey(surveyId, questionId), { answers: unique, tags: check.tags, labels: check.labels, at: now, source: "widget" }, now);
  // Only identified customers: an anonymous visitor id is a bearer secret and never leaves Revisit.
  if (ref.kind === "customer") {
    const data = { customerId: ref.id, surveyId, questionId, answers: unique, labels: check.labels, tags: check.tags, answeredAt: new Date(now).toISOString() };
    await emitWebhook(c.env, site.siteId, "survey.answered", data, `${ref.id}:${answerKey(surveyId, questionId)}:${[...unique].sort().join(",")}`, { webhooks: site.config.webhooks });
  }
  return c.json({ surveyId, questionId, answers: unique, tags: check.tags }, 201);
});
