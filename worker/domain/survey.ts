import type { Locale, SurveyQuestion } from "./experience-types";
import { localize, type LocalText } from "./localize";
import type { SurveyAnswer } from "./profile";

export interface SurveyDef {
  id: string;
  questions: { id: string; type: "single" | "multi"; prompt: LocalText; options: { id: string; label: LocalText; tags: string[] }[] }[];
}

/** Key under which an answer is stored on the profile. */
export const answerKey = (surveyId: string, questionId: string) => `${surveyId}/${questionId}`;

/** The next question this shopper has not answered, in the shop's order, localised; null when done. */
export function nextQuestion(surveys: SurveyDef[], answers: Record<string, SurveyAnswer>, locale: Locale): SurveyQuestion | null {
  for (const s of surveys) {
    for (const q of s.questions) {
      if (answers[answerKey(s.id, q.id)]) continue;
      return {
        surveyId: s.id,
        questionId: q.id,
        type: q.type,
        prompt: localize(q.prompt, locale),
        options: q.options.map((o) => ({ id: o.id, label: localize(o.label, locale) })),
        step: s.questions.indexOf(q) + 1,
        steps: s.questions.length,
        followUp: null,
        maxLength: 0,
      };
    }
  }
  return null;
}

export type AnswerCheck =
  | { ok: true; tags: string[]; labels: string[] }
  | { ok: false; code: "unknown_survey" | "unknown_question" | "unknown_option" | "single_choice"; message: string };

/** Checks answers against the survey definition and resolves the tags they map to. */
export function checkAnswer(surveys: SurveyDef[], surveyId: string, questionId: string, answers: string[]): AnswerCheck {
  const survey = surveys.find((s) => s.id === surveyId);
  if (!survey) return { ok: false, code: "unknown_survey", message: `No survey "${surveyId}".` };
  const q = survey.questions.find((x) => x.id === questionId);
  if (!q) return { ok: false, code: "unknown_question", message: `No question "${questionId}" in survey "${surveyId}".` };
  const unique = [...new Set(answers)];
  if (q.type === "single" && unique.length !== 1) return { ok: false, code: "single_choice", message: "This question takes exactly one answer." };
  const chosen = unique.map((id) => q.options.find((o) => o.id === id));
  if (chosen.some((o) => !o)) return { ok: false, code: "unknown_option", message: "An answer is not one of the question's options." };
  const opts = chosen as NonNullable<(typeof chosen)[number]>[];
  return { ok: true, tags: [...new Set(opts.flatMap((o) => o.tags))], labels: opts.map((o) => o.label.en) };
}

/** Tags from all answers, with the English label of the answer that produced them (newest first). */
export function answerTags(answers: Record<string, SurveyAnswer>): { tag: string; label: string }[] {
  const out: { tag: string; label: string }[] = [];
  for (const a of Object.values(answers).sort((x, y) => y.at - x.at)) {
    for (const tag of a.tags) if (!out.some((o) => o.tag === tag)) out.push({ tag, label: a.labels.join(", ") });
  }
  return out;
}
