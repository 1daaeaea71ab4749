import { npsScore, type NpsCounts } from "./survey-nps";
import type { Sql } from "../../platform/sql";

/** One shopper's latest score in one survey. */
export interface NpsEntry {
  surveyId: string;
  /** The shopper's Profile object id. */
  shopper: string;
  score: number;
  /** The follow-up ("why"), plain text, or null. */
  text: string | null;
  at: number;
}

export interface NpsSummaryData extends NpsCounts {
  recent: { score: number; text: string; at: string }[];
}

/** Keeps each shopper's latest NPS score per survey and answers the site's summary. */
export class NpsBook {
  constructor(private readonly sql: Sql) {}

  /** Stores a score; an older one than what is stored (a late retry) changes nothing. */
  record(e: NpsEntry): void {
    this.sql`INSERT INTO nps_scores (survey_id, shopper, score, text, at) VALUES (${e.surveyId}, ${e.shopper}, ${e.score}, ${e.text}, ${e.at})
      ON CONFLICT (survey_id, shopper) DO UPDATE SET score = excluded.score, text = excluded.text, at = excluded.at WHERE excluded.at >= nps_scores.at`;
  }

  /** A visitor merged into a customer: their scores become the customer's (the newer per survey wins). */
  move(from: string, to: string): void {
    for (const r of this.sql<{ survey_id: string; score: number; text: string | null; at: number }>`SELECT survey_id, score, text, at FROM nps_scores WHERE shopper = ${from}`)
      this.record({ surveyId: r.survey_id, shopper: to, score: r.score, text: r.text, at: r.at });
    this.forget(from);
  }

  /** Erasure: every score of this shopper. */
  forget(shopper: string): void {
    this.sql`DELETE FROM nps_scores WHERE shopper = ${shopper}`;
  }

  /** Promoters / passives / detractors and the score, counted in SQL, plus the latest follow-up texts. */
  summary(surveyId: string, recent: number): NpsSummaryData {
    const c = this.sql<{ n: number; p: number | null; d: number | null }>`SELECT count(*) AS n, sum(score >= 9) AS p, sum(score <= 6) AS d FROM nps_scores WHERE survey_id = ${surveyId}`[0];
    const responses = c?.n ?? 0;
    const promoters = c?.p ?? 0;
    const detractors = c?.d ?? 0;
    const texts = this.sql<{ score: number; text: string; at: number }>`SELECT score, text, at FROM nps_scores WHERE survey_id = ${surveyId} AND text IS NOT NULL ORDER BY at DESC LIMIT ${recent}`;
    return {
      responses,
      promoters,
      passives: responses - promoters - detractors,
      detractors,
      score: npsScore(promoters, detractors, responses),
      recent: texts.map((t) => ({ score: t.score, text: t.text, at: new Date(t.at).toISOString() })),
    };
  }
}
