import { shopperRef } from "../../app-env";
import type { Env } from "../../env";
import type { SurveyAnswer } from "../customers/profile";
import type { ProfileRef } from "../customers/profile-types";
import type { SurveyResponseBody } from "./surveys.schemas";
import type { SiteRuntime } from "../../platform/kv-layout";
import { answerKey, checkResponse } from "./survey";
import type { AppRouteHandler } from "../../platform/create-router";
import { sha256Hex } from "../../platform/crypto";
import { ApiError } from "../../platform/errors";
import { emitWebhook } from "../webhooks/webhooks.service";
import type { customerSurveyResponseRoute, npsSummaryRoute, surveyResponseRoute } from "./surveys.routes";
import { profileStub, siteStub } from "../../platform/stubs";

/**
 * Checks a response against the site's survey, stores it on the shopper's profile and, for an
 * identified customer, queues `survey.answered`. Shared by the widget route and the server route.
 */
async function storeResponse(env: Env, site: SiteRuntime, ref: ProfileRef, surveyId: string, body: SurveyResponseBody, source: SurveyAnswer["source"]) {
  const check = checkResponse(site.config.surveys, surveyId, body);
  if (!check.ok) throw new ApiError(check.status, check.status === 404 ? "not_found" : "invalid_request", check.message);
  const now = Date.now();
  const answer = check.answer && { ...check.answer, at: now, source };
  const { completed, consent } = await profileStub(env, ref).answer(ref, check.survey, check.question.id, answer, now);
  // Only identified customers: an anonymous visitor id is a bearer secret and never leaves Revisit.
  if (ref.kind === "customer" && answer) {
    const data = {
      customerId: ref.id,
      surveyId,
      questionId: check.question.id,
      type: check.question.type,
      answers: answer.answers,
      labels: answer.labels,
      tags: answer.tags,
      attributes: answer.traits ?? {},
      score: answer.score ?? null,
      text: answer.text ?? null,
      completed,
      consent,
      source,
      answeredAt: new Date(now).toISOString(),
    };
    // The same answer sent twice (a retry) is one event; a changed answer is a new one.
    const content = await sha256Hex(JSON.stringify([[...answer.answers].sort(), answer.score ?? null, answer.text ?? null]));
    await emitWebhook(env, site.siteId, "survey.answered", data, `${ref.id}:${answerKey(surveyId, check.question.id)}:${content.slice(0, 32)}`, { webhooks: site.config.webhooks });
  }
  return {
    surveyId,
    questionId: check.question.id,
    answers: answer?.answers ?? [],
    tags: answer?.tags ?? [],
    score: answer?.score ?? null,
    text: answer?.text ?? null,
    dismissed: answer === null,
    completed,
  };
}

/** Stores the widget shopper's answer (as a visitor or verified customer) with source `widget`. */
export const surveyResponse: AppRouteHandler<typeof surveyResponseRoute> = async (c) => {
  const { surveyId } = c.req.valid("param");
  const site = c.get("site");
  const result = await storeResponse(c.env, site, shopperRef(site.siteId, c.get("shopper")), surveyId, c.req.valid("json"), "widget");
  return c.json(result, 201);
};

/** Stores an answer the shop collected itself on the customer's profile, with source `api`. */
export const customerSurveyResponse: AppRouteHandler<typeof customerSurveyResponseRoute> = async (c) => {
  const { customerId, surveyId } = c.req.valid("param");
  const site = c.get("site");
  const result = await storeResponse(c.env, site, { siteId: site.siteId, kind: "customer", id: customerId }, surveyId, c.req.valid("json"), "api");
  return c.json(result, 201);
};

/** Summarises a survey's NPS question from the site object's tallies; 404 when there is none. */
export const npsSummary: AppRouteHandler<typeof npsSummaryRoute> = async (c) => {
  const { surveyId } = c.req.valid("param");
  const { recent } = c.req.valid("query");
  const site = c.get("site");
  const survey = site.config.surveys.find((s) => s.id === surveyId);
  if (!survey) throw new ApiError(404, "not_found", `No survey "${surveyId}".`);
  const question = survey.questions.find((q) => q.type === "nps");
  if (!question) throw new ApiError(404, "not_found", `Survey "${surveyId}" has no NPS question.`);
  const summary = await siteStub(c.env, site.siteId).npsSummary(surveyId, recent);
  return c.json({ surveyId, questionId: question.id, ...summary }, 200);
};
