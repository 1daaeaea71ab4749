/**
 * Pure rules behind the survey block, unit-tested without a DOM: which body each question type
 * posts to `POST /v1/surveys/{surveyId}/responses`, and the free-text length limit.
 */
import type { SurveyQuestion } from "../../../contract/experience";

/** The NPS scale, 0 (not likely) to 10 (very likely). */
export const NPS_SCORES: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** What the shopper has entered so far. */
export interface SurveyInput {
  sel: string[];
  score: number | null;
  text: string;
}

/** A response body ready to post, or the message key saying what is missing. */
export type AnswerResult = { body: Record<string, unknown> } | { missing: "choose" | "write" };

/** Characters still allowed (the API counts UTF-16 units, like `maxlength` and `String.length`). */
export const charsLeft = (v: string, max: number): number => Math.max(0, max - v.length);

/** `v` cut to `max` units, never leaving half of a surrogate pair (an emoji) at the end. */
export function clampText(v: string, max: number): string {
  if (v.length <= max) return v;
  const code = v.charCodeAt(max - 1);
  return v.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/**
 * The body for one question: `{ answers }` for single / multi, `{ score, text? }` for NPS (the
 * follow-up is optional), `{ text }` for free text (blank is not an answer). Text is trimmed and
 * cut to the question's `maxLength`.
 */
export function answerBody(q: SurveyQuestion, a: SurveyInput): AnswerResult {
  const questionId = q.questionId;
  const text = clampText(a.text.trim(), q.maxLength);
  switch (q.type) {
    case "nps":
      if (a.score === null || !NPS_SCORES.includes(a.score)) return { missing: "choose" };
      return { body: text ? { questionId, score: a.score, text } : { questionId, score: a.score } };
    case "text":
      return text ? { body: { questionId, text } } : { missing: "write" };
    default: {
      const answers = q.type === "single" ? a.sel.slice(0, 1) : a.sel;
      return answers.length ? { body: { questionId, answers } } : { missing: "choose" };
    }
  }
}
