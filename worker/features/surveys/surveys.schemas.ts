import { z } from "@hono/zod-openapi";
import { DEFAULT_NPS_FOLLOW_UP, DEFAULT_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH } from "./survey";
import { Id, LocalText } from "../../platform/schemas";

/** Attribute names a survey option may set on the profile (`ProfileState.attributes`), e.g. `skinType`. */
const AttributeName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, "a name like skinType (letters, digits, _; up to 40)");

export const SurveyOption = z
  .object({
    id: Id,
    label: LocalText,
    /** Tags that steer recommendations (e.g. `dry-skin` picks products tagged so). */
    tags: z.array(z.string().min(1).max(64)).max(20).default([]),
    /** Declarative traits the option maps to, stored on the profile as attributes (e.g. `{ "skinType": "dry" }`). */
    traits: z
      .record(AttributeName, z.string().min(1).max(100))
      .refine((t) => Object.keys(t).length <= 10, "at most 10 traits per option")
      .default({})
      .openapi({ description: 'Traits this option maps to, kept on the profile as `attributes` (e.g. { skinType: "dry" })' }),
  })
  .openapi("SurveyOption");

const prompt = { id: Id, prompt: LocalText };
const options = z.array(SurveyOption).min(2).max(20);

export const SurveyQuestion = z
  .discriminatedUnion("type", [
    z.object({ ...prompt, type: z.literal("single"), options }),
    z.object({ ...prompt, type: z.literal("multi"), options }),
    z.object({
      ...prompt,
      type: z.literal("nps"),
      /** The "why" asked with the score; default: "What is the main reason for your score?" in en/ar/fa. */
      followUp: LocalText.default(DEFAULT_NPS_FOLLOW_UP),
    }),
    z.object({ ...prompt, type: z.literal("text"), maxLength: z.number().int().min(1).max(TEXT_MAX_LENGTH).default(DEFAULT_TEXT_MAX_LENGTH) }),
  ])
  .openapi("SurveyQuestion", { description: "single / multi choice (options with tags and traits), nps (0–10 with a follow-up why), or short free text" });

/** When a survey may start for a shopper; every rule is optional (rules are data, never code). */
export const SurveyDisplay = z
  .object({
    /** `purchase`: only once the shopper has a paid order. */
    after: z.enum(["any", "purchase"]).default("any"),
    /** From the shopper's Nth visit on. */
    minVisits: z.number().int().min(1).max(1000).default(1),
    /** Only for members of any of these segments (lifecycle stage, `rfm-<group>` or rule segment ids); empty: everyone. */
    segments: z.array(Id).max(20).default([]),
    /** Never again once completed or dismissed ("Not now"); false: again after `cooldownDays`. */
    once: z.boolean().default(true),
    /** Not within this many days of the shopper's last survey answer or dismissal (any survey). */
    cooldownDays: z.number().min(0).max(3650).default(0),
  })
  .openapi("SurveyDisplay");

export const Survey = z
  .object({
    id: Id,
    /** Launched: shown to shoppers under its display rules. False: paused (kept, answers kept, shown to nobody). */
    active: z.boolean().default(true).openapi({ description: "Launched (true, the default) or paused (false: kept with its answers, shown to nobody)" }),
    /** Shown question by question (a multi-step quiz shows "2 of 3"). */
    questions: z.array(SurveyQuestion).min(1).max(20),
    display: SurveyDisplay.default(SurveyDisplay.parse({})),
  })
  .superRefine((s, ctx) => {
    const ids = s.questions.map((q) => q.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) ctx.addIssue({ code: "custom", path: ["questions"], message: `question id "${dup}" is used twice` });
    if (s.questions.filter((q) => q.type === "nps").length > 1) ctx.addIssue({ code: "custom", path: ["questions"], message: "a survey holds at most one nps question" });
    for (const [i, q] of s.questions.entries()) {
      if (q.type !== "single" && q.type !== "multi") continue;
      const o = q.options.map((x) => x.id);
      const d = o.find((id, k) => o.indexOf(id) !== k);
      if (d) ctx.addIssue({ code: "custom", path: ["questions", i, "options"], message: `option id "${d}" is used twice` });
    }
  })
  .openapi("Survey");
export type Survey = z.infer<typeof Survey>;

const FreeText = z.string().max(TEXT_MAX_LENGTH);

/** What is wrong with a response body that fits none of the four shapes, in one sentence. */
export function responseShapeError(input: unknown): string {
  if (!input || typeof input !== "object" || Array.isArray(input)) return "expected an object like { questionId, answers }";
  const b = input as Record<string, unknown>;
  const unknown = Object.keys(b).find((k) => !["questionId", "answers", "score", "text", "dismissed"].includes(k));
  if (unknown !== undefined) return `unknown field "${unknown}"`;
  if (!Id.safeParse(b.questionId).success) return "questionId: the question's id is required";
  const sent = (["answers", "score", "text", "dismissed"] as const).filter((k) => b[k] !== undefined);
  if (sent.length === 0) return "send answers (single/multi), score (nps), text (text) or dismissed: true";
  if (sent.includes("dismissed")) return b.dismissed !== true ? "dismissed must be true" : "dismissed: true is sent alone (with questionId)";
  if (sent.includes("answers") && sent.length > 1) return "answers (single/multi) cannot be combined with score or text";
  if (sent.includes("answers")) return "answers: 1 to 20 option ids";
  if (sent.includes("score") && !z.number().int().min(0).max(10).safeParse(b.score).success) return "score: an integer from 0 to 10";
  if (!FreeText.safeParse(b.text).success) return `text: a string of at most ${TEXT_MAX_LENGTH} characters`;
  return "invalid survey response";
}

/**
 * `POST /v1/surveys/{surveyId}/responses`: one shape per question type (checked against the
 * question itself by features/surveys/survey.ts `checkResponse`). Strict, so a body never half-matches.
 */
export const SurveyResponseBody = z
  .union(
    [
      z
        .strictObject({ questionId: Id, answers: z.array(Id).min(1).max(20).openapi({ description: "The chosen option ids" }) })
        .openapi("SurveyChoiceResponse", { description: "single / multi choice" }),
      z
        .strictObject({ questionId: Id, score: z.number().int().min(0).max(10), text: FreeText.optional().openapi({ description: 'The follow-up ("why"), plain text' }) })
        .openapi("SurveyNpsResponse", { description: "nps: a 0–10 score with the optional why" }),
      z
        .strictObject({ questionId: Id, text: FreeText.openapi({ description: "Plain text, at most the question's maxLength after trimming; never interpreted" }) })
        .openapi("SurveyTextResponse", { description: "free text" }),
      z
        .strictObject({ questionId: Id, dismissed: z.literal(true) })
        .openapi("SurveyDismissal", { description: 'The shopper said "Not now": counts for the survey\'s `once` and `cooldownDays` rules' }),
    ],
    { error: (issue) => responseShapeError(issue.input) },
  )
  .openapi("SurveyResponse");
export type SurveyResponseBody = z.infer<typeof SurveyResponseBody>;

export const SurveyResponseResult = z
  .object({
    surveyId: z.string(),
    questionId: z.string(),
    answers: z.array(z.string()),
    tags: z.array(z.string()),
    score: z.number().int().nullable(),
    text: z.string().nullable(),
    dismissed: z.boolean(),
    /** Every question of the survey is now answered. */
    completed: z.boolean(),
  })
  .openapi("SurveyResponseResult");

export const NpsSummary = z
  .object({
    surveyId: z.string(),
    questionId: z.string(),
    responses: z.number().int().openapi({ description: "Shoppers with a score (each shopper's latest score counts once)" }),
    promoters: z.number().int().openapi({ description: "Scores 9–10" }),
    passives: z.number().int().openapi({ description: "Scores 7–8" }),
    detractors: z.number().int().openapi({ description: "Scores 0–6" }),
    score: z.number().int().nullable().openapi({ description: "% promoters − % detractors, rounded (−100…100); null without responses" }),
    recent: z.array(z.object({ score: z.number().int(), text: z.string(), at: z.string() })).openapi({ description: 'The latest follow-up answers (the "why"), newest first' }),
  })
  .openapi("NpsSummary");
