import type { Locale, SurveyQuestion } from "../../../contract/experience";
import { localize, type LocalText } from "../../platform/localize";
import type { ProfileState, SurveyAnswer } from "../customers/profile";
import { displayDecision, type DisplayRules } from "./survey-display";
import { roundOf } from "./survey-round";

/** Longest free text any question may accept (characters); a text question's own `maxLength` is 1..this. */
export const TEXT_MAX_LENGTH = 1000;
/** A text question's `maxLength` when the shop sets none: about a tweet. */
export const DEFAULT_TEXT_MAX_LENGTH = 280;
/** An NPS follow-up answer is short free text too. */
export const NPS_FOLLOW_UP_MAX_LENGTH = 500;
/** The "why" asked with an NPS score when the shop writes none. */
export const DEFAULT_NPS_FOLLOW_UP: LocalText = {
  en: "What is the main reason for your score?",
  ar: "ما السبب الرئيسي لتقييمك؟",
  fa: "دلیل اصلی امتیاز شما چیست؟",
};

export interface SurveyOptionDef {
  id: string;
  label: LocalText;
  tags: string[];
  /** Declarative traits the option maps to (e.g. `{ skinType: "dry" }`), kept as profile attributes. */
  traits?: Record<string, string> | undefined;
}

export type SurveyQuestionDef =
  | { id: string; type: "single" | "multi"; prompt: LocalText; options: SurveyOptionDef[] }
  | { id: string; type: "nps"; prompt: LocalText; followUp?: LocalText | undefined }
  | { id: string; type: "text"; prompt: LocalText; maxLength?: number | undefined };

/** A survey as the site config holds it (older configs lack `display`, `traits`, `followUp`, `maxLength`: defaults apply). */
export interface SurveyDef {
  id: string;
  /** False: paused by the shop, shown to nobody (older configs lack it: launched). */
  active?: boolean | undefined;
  questions: SurveyQuestionDef[];
  display?: Partial<DisplayRules> | undefined;
}

/** Key under which an answer is stored on the profile. */
export const answerKey = (surveyId: string, questionId: string) => `${surveyId}/${questionId}`;

/** Longest accepted free text of a question (0 for choice questions). */
export function maxLengthOf(q: SurveyQuestionDef): number {
  if (q.type === "text") return q.maxLength ?? DEFAULT_TEXT_MAX_LENGTH;
  if (q.type === "nps") return NPS_FOLLOW_UP_MAX_LENGTH;
  return 0;
}

/**
 * Free text as stored: plain text, never interpreted. Unicode-normalised (NFC), line breaks
 * unified to `\n`, every other control character removed, surrounding space trimmed. Format
 * characters Persian and Arabic need (ZWNJ, ZWJ, directional marks) are kept.
 */
export function sanitizeText(raw: string): string {
  return (
    raw
      .normalize("NFC")
      .replace(/\r\n?|[\u2028\u2029]/g, "\n")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g, "")
      .trim()
  );
}

/** What a shopper sends for one question (the body of `POST /v1/surveys/{surveyId}/responses`). */
export interface SurveyResponseInput {
  questionId: string;
  answers?: string[] | undefined;
  score?: number | undefined;
  text?: string | undefined;
  dismissed?: true | undefined;
}

/** A checked response: the answer to store (time, source and consent are added by the caller), or a dismissal. */
export type ResponseCheck =
  | { ok: true; survey: SurveyDef; question: SurveyQuestionDef; answer: Pick<SurveyAnswer, "answers" | "tags" | "labels" | "score" | "text" | "traits"> | null }
  | { ok: false; status: 400 | 404; message: string };

/**
 * Checks a response against the question it answers: choice answers must be options (exactly
 * one for single choice), an NPS question takes a 0–10 score with optional follow-up text, a
 * text question takes non-empty text within its `maxLength`. Resolves the tags and traits the
 * chosen options map to. `answer: null` is a dismissal ("Not now").
 */
export function checkResponse(surveys: readonly SurveyDef[], surveyId: string, body: SurveyResponseInput): ResponseCheck {
  const survey = surveys.find((s) => s.id === surveyId);
  if (!survey) return { ok: false, status: 404, message: `No survey "${surveyId}".` };
  const q = survey.questions.find((x) => x.id === body.questionId);
  if (!q) return { ok: false, status: 404, message: `No question "${body.questionId}" in survey "${surveyId}".` };
  if (body.dismissed) return { ok: true, survey, question: q, answer: null };
  const bad = (message: string): ResponseCheck => ({ ok: false, status: 400, message });
  const text = body.text === undefined ? undefined : sanitizeText(body.text);
  const max = maxLengthOf(q);
  if (text !== undefined && text.length > max) return bad(`text is longer than this question's ${max} characters (${text.length}).`);

  if (q.type === "single" || q.type === "multi") {
    if (!body.answers) return bad(`Question "${q.id}" is ${q.type === "single" ? "single" : "multiple"} choice: send answers (option ids).`);
    const unique = [...new Set(body.answers)];
    if (q.type === "single" && unique.length !== 1) return bad("This question takes exactly one answer.");
    const chosen = unique.map((id) => q.options.find((o) => o.id === id));
    const missing = unique.find((_, i) => !chosen[i]);
    if (missing !== undefined) return bad(`"${missing}" is not one of the options of question "${q.id}".`);
    const opts = chosen as SurveyOptionDef[];
    const traits: Record<string, string> = {};
    for (const o of opts) Object.assign(traits, o.traits ?? {});
    return { ok: true, survey, question: q, answer: { answers: unique, tags: [...new Set(opts.flatMap((o) => o.tags))], labels: opts.map((o) => o.label.en), traits } };
  }
  if (body.answers) return bad(`Question "${q.id}" is ${q.type === "nps" ? "an NPS question: send score (0–10) and optional text" : "free text: send text"}, not answers.`);
  if (q.type === "nps") {
    if (body.score === undefined) return bad(`Question "${q.id}" is an NPS question: send score (an integer 0–10) and optional text.`);
    return { ok: true, survey, question: q, answer: { answers: [], tags: [], labels: [], score: body.score, ...(text ? { text } : {}) } };
  }
  if (body.score !== undefined) return bad(`Question "${q.id}" is free text: send text, not a score.`);
  if (!text) return bad(`Question "${q.id}" is free text: send non-empty text.`);
  return { ok: true, survey, question: q, answer: { answers: [], tags: [], labels: [], text } };
}

/**
 * Tags from all answers (newest first), with the label of the answer that produced them in the
 * shopper's language: "Matches your answer: …" quotes the option as the quiz showed it (issue 15:
 * Arabic text quoted "Oily skin"). Options are looked up in the site's surveys by id; an option
 * the shop has since removed keeps the label stored with the answer (English).
 */
export function answerTags(answers: Record<string, SurveyAnswer>, surveys: readonly SurveyDef[] = [], locale: Locale = "en"): { tag: string; label: string }[] {
  const out: { tag: string; label: string }[] = [];
  // Most shoppers answered nothing: no option table for them (this runs on every experience).
  if (Object.keys(answers).length === 0) return out;
  const options = new Map<string, LocalText>();
  for (const s of surveys) for (const q of s.questions) if (q.type === "single" || q.type === "multi") for (const o of q.options) options.set(`${answerKey(s.id, q.id)}#${o.id}`, o.label);
  for (const [key, a] of Object.entries(answers).sort(([, x], [, y]) => y.at - x.at)) {
    const labels =
      a.answers.length === a.labels.length
        ? a.answers.map((id, i) => {
            const l = options.get(`${key}#${id}`);
            return l ? localize(l, locale) : (a.labels[i] ?? id);
          })
        : a.labels;
    for (const tag of a.tags) if (!out.some((o) => o.tag === tag)) out.push({ tag, label: labels.join(locale === "en" ? ", " : "، ") });
  }
  return out;
}

/** What display rules and quiz progress read from a profile. */
export type SurveyShopper = Pick<ProfileState, "kind" | "answers" | "visits" | "orders" | "surveys" | "segments">;

/** The most recent survey answer or dismissal of this shopper (any survey), for `cooldownDays`. */
export function lastSurveyAt(p: Pick<ProfileState, "answers" | "surveys">): number | null {
  let last: number | null = null;
  for (const a of Object.values(p.answers)) last = Math.max(last ?? a.at, a.at);
  for (const s of Object.values(p.surveys ?? {})) last = Math.max(last ?? s.lastAt, s.lastAt);
  return last;
}

/**
 * The question to show this shopper now, localised; null when none. A survey the shopper has
 * started (and not dismissed) continues first, question by question in the shop's order; else the
 * first launched survey (`active` not false) whose display rules (survey-display.ts) let it start. Segment membership comes from
 * the profile's copy of the Site's verdict (customers only; visitors are in no segment).
 */
export function nextQuestion(surveys: readonly SurveyDef[], p: SurveyShopper, locale: Locale, now: number): SurveyQuestion | null {
  const facts = { visits: p.visits, orders: p.orders, segments: p.kind === "customer" ? (p.segments ?? []) : [], lastSurveyAt: lastSurveyAt(p), now };
  const open = surveys
    .filter((s) => s.active !== false)
    .map((s) => ({ s, round: roundOf(s, p.answers, p.surveys?.[s.id]) }))
    .filter((c) => c.round.pending.length > 0 && displayDecision(c.s.display, c.round, facts).show);
  const chosen = open.find((c) => c.round.inProgress) ?? open[0];
  const q = chosen?.round.pending[0];
  if (!chosen || !q) return null;
  return {
    surveyId: chosen.s.id,
    questionId: q.id,
    type: q.type,
    prompt: localize(q.prompt, locale),
    options: q.type === "single" || q.type === "multi" ? q.options.map((o) => ({ id: o.id, label: localize(o.label, locale) })) : [],
    step: chosen.s.questions.indexOf(q) + 1,
    steps: chosen.s.questions.length,
    followUp: q.type === "nps" ? localize(q.followUp ?? DEFAULT_NPS_FOLLOW_UP, locale) : null,
    maxLength: maxLengthOf(q),
  };
}
