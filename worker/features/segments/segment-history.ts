import type { Sql } from "../../platform/sql";
import { DAY_MS } from "../../platform/time";

/**
 * Segment sizes over time (GET /v1/segments/history): one row per shop and UTC day in the
 * `segment_history` table, `{ segmentId: members }` of every stage, RFM group and rule segment.
 *
 * Written by the daily re-filing (site-refile.ts) when its pass ends: that is the moment the
 * counts are freshest (everyone was just re-judged against the clock), it already runs once a day
 * on the Site's alarm, and it costs one GROUP BY a day instead of a check on every index change.
 * A day is written once: a second pass the same day (never planned, but a retried alarm could)
 * keeps the first row.
 */

/** The longest range one history request may ask for, in days (a year and a bit, for year-on-year). */
export const HISTORY_MAX_DAYS = 400;

/** One recorded day. */
export interface HistoryDay {
  day: string;
  counts: Record<string, number>;
}

/** `YYYY-MM-DD` of the UTC day `now` falls in. */
export function dayKey(now: number): string {
  return new Date(Math.floor(now / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/** A `YYYY-MM-DD` that names a real calendar day, as ms at its UTC midnight; null otherwise. */
export function parseDay(day: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const t = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(t) || dayKey(t) !== day ? null : t;
}

/** Why a `from`–`to` range cannot be answered, or null when it can (both ends included). */
export function rangeProblem(from: string, to: string): string | null {
  const a = parseDay(from);
  const b = parseDay(to);
  if (a === null || b === null) return "`from` and `to` must be calendar days, YYYY-MM-DD.";
  if (a > b) return "`from` must not be after `to`.";
  if ((b - a) / DAY_MS + 1 > HISTORY_MAX_DAYS) return `A range covers at most ${HISTORY_MAX_DAYS} days.`;
  return null;
}

/** The `segment_history` table of one SiteObject. */
export class SegmentHistory {
  constructor(private readonly sql: Sql) {}

  /** Records the counts for the day of `now`, once: a later call the same day changes nothing (false). */
  record(counts: Record<string, number>, now: number): boolean {
    return this.sql`INSERT INTO segment_history (day, counts) VALUES (${dayKey(now)}, ${JSON.stringify(counts)}) ON CONFLICT (day) DO NOTHING RETURNING day`.length > 0;
  }

  /** Recorded days from `from` to `to` (YYYY-MM-DD, both included), oldest first; days with no row are absent. */
  range(from: string, to: string): HistoryDay[] {
    return this.sql<{ day: string; counts: string }>`SELECT day, counts FROM segment_history WHERE day >= ${from} AND day <= ${to} ORDER BY day`.map((r) => ({
      day: r.day,
      counts: JSON.parse(r.counts) as Record<string, number>,
    }));
  }
}
