/**
 * Net Promoter Score arithmetic (pure). Scores 9–10 are promoters, 7–8 passives, 0–6
 * detractors; the score is % promoters − % detractors, rounded to a whole number (−100…100).
 */

export type NpsGroup = "promoter" | "passive" | "detractor";

/** The group a 0–10 score falls in. */
export function npsGroup(score: number): NpsGroup {
  return score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor";
}

export interface NpsCounts {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** Null without responses (no score to speak of). */
  score: number | null;
}

/** Counts and score from one score per shopper (the caller keeps only each shopper's latest). */
export function npsCounts(scores: readonly number[]): NpsCounts {
  const promoters = scores.filter((s) => npsGroup(s) === "promoter").length;
  const detractors = scores.filter((s) => npsGroup(s) === "detractor").length;
  const responses = scores.length;
  return { responses, promoters, passives: responses - promoters - detractors, detractors, score: npsScore(promoters, detractors, responses) };
}

/** % promoters − % detractors, rounded half away from zero; null for no responses. */
export function npsScore(promoters: number, detractors: number, responses: number): number | null {
  if (responses === 0) return null;
  const x = ((promoters - detractors) * 100) / responses;
  const r = Math.sign(x) * Math.round(Math.abs(x));
  return r === 0 ? 0 : r;
}
