import type { SurveyAnswer, SurveyStatus } from "../customers/profile";
import { answerKey, type SurveyDef, type SurveyQuestionDef } from "./survey";

/** Where a shopper stands in one survey's current round. */
export interface SurveyRound {
  /** Questions not answered since the survey was last completed, in the shop's order. */
  pending: SurveyQuestionDef[];
  /** Started (some questions answered this round) and not dismissed since: the quiz continues. */
  inProgress: boolean;
  completedAt: number | null;
  dismissedAt: number | null;
  /** The visit (count) in which the survey was last completed or dismissed. */
  closedVisit: number | null;
}

/**
 * Status for profiles from before surveys kept one: every question answered counts as completed
 * at the latest answer. Undefined when the shopper never touched the survey.
 */
export function legacyStatus(def: SurveyDef, answers: Record<string, SurveyAnswer>): SurveyStatus | undefined {
  return legacyFrom(answerTimes(def, answers));
}

/** When each question of the survey was last answered (-Infinity: never), in the shop's order. */
function answerTimes(def: SurveyDef, answers: Record<string, SurveyAnswer>): number[] {
  return def.questions.map((q) => answers[answerKey(def.id, q.id)]?.at ?? -Infinity);
}

function legacyFrom(times: number[]): SurveyStatus | undefined {
  const known = times.filter((t) => t !== -Infinity);
  if (known.length === 0) return undefined;
  const last = Math.max(...known);
  return { completedAt: known.length === times.length ? last : null, dismissedAt: null, closedVisit: null, lastAt: last };
}

/**
 * One survey's round: a survey shown again (display `once: false`) starts over, so only answers
 * newer than its last completion count; a dismissal newer than every answer of the round pauses it.
 */
export function roundOf(def: SurveyDef, answers: Record<string, SurveyAnswer>, status: SurveyStatus | undefined): SurveyRound {
  const times = answerTimes(def, answers);
  const st = status ?? legacyFrom(times);
  const since = st?.completedAt ?? -Infinity;
  const pending = def.questions.filter((_, i) => !((times[i] ?? -Infinity) > since));
  let lastAnswer = -Infinity;
  for (const t of times) if (t > since && t > lastAnswer) lastAnswer = t;
  const dismissed = st?.dismissedAt != null && st.dismissedAt >= lastAnswer;
  return {
    pending,
    inProgress: pending.length > 0 && pending.length < def.questions.length && !dismissed,
    completedAt: st?.completedAt ?? null,
    dismissedAt: st?.dismissedAt ?? null,
    closedVisit: st?.closedVisit ?? null,
  };
}
