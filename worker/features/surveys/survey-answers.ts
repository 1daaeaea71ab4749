import type { ProfileState, SurveyAnswer, SurveyStatus } from "../customers/profile";
import { answerKey, type SurveyDef } from "./survey";
import { legacyStatus, roundOf } from "./survey-round";

/**
 * Profile attributes from survey answers: every answer's traits, oldest first, so the newest
 * answer wins per name (changing "dry" to "oily" moves `skinType` with it).
 */
export function attributesFrom(answers: Record<string, SurveyAnswer>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of Object.values(answers).sort((x, y) => x.at - y.at)) Object.assign(out, a.traits ?? {});
  return out;
}

/**
 * Applies one checked response to a profile: stores the answer (a later answer to the same
 * question replaces the earlier one), refreshes the attributes and the survey's status; `null`
 * records a dismissal ("Not now"). Returns whether the survey is now complete. No I/O.
 */
export function applyResponse(p: ProfileState, def: SurveyDef, questionId: string, answer: SurveyAnswer | null, now: number): { completed: boolean } {
  const surveys = (p.surveys ??= {});
  const st: SurveyStatus = surveys[def.id] ?? legacyStatus(def, p.answers) ?? { completedAt: null, dismissedAt: null, closedVisit: null, lastAt: now };
  st.lastAt = Math.max(st.lastAt, now);
  let completed = false;
  if (answer === null) {
    st.dismissedAt = now;
    st.closedVisit = p.visits;
  } else {
    p.answers[answerKey(def.id, questionId)] = answer;
    p.attributes = attributesFrom(p.answers);
    completed = roundOf(def, p.answers, st).pending.length === 0;
    if (completed) {
      st.completedAt = now;
      st.closedVisit = p.visits;
    }
  }
  surveys[def.id] = st;
  return { completed };
}

/**
 * After a visitor profile was folded into a customer's (answers keep the newer of two): survey
 * statuses combine (latest of each moment) and attributes are derived again from the merged answers.
 */
export function mergeSurveys(target: ProfileState, from: Pick<ProfileState, "surveys">): void {
  const max = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
  for (const [id, s] of Object.entries(from.surveys ?? {})) {
    const mine = target.surveys?.[id];
    (target.surveys ??= {})[id] = mine
      ? { completedAt: max(mine.completedAt, s.completedAt), dismissedAt: max(mine.dismissedAt, s.dismissedAt), closedVisit: mine.closedVisit, lastAt: Math.max(mine.lastAt, s.lastAt) }
      : { ...s, closedVisit: null };
  }
  target.attributes = attributesFrom(target.answers);
}

/** NPS answers of a profile: survey id → { score, text, at } (one NPS question per survey). */
export function npsAnswers(p: Pick<ProfileState, "answers">): { surveyId: string; score: number; text: string | null; at: number }[] {
  return Object.entries(p.answers).flatMap(([key, a]) => (a.score === undefined ? [] : [{ surveyId: key.slice(0, key.indexOf("/")), score: a.score, text: a.text ?? null, at: a.at }]));
}
