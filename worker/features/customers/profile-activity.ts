import { dayOf, type DailyCounts } from "../segments/event-windows";
import type { Sql } from "../../platform/sql";
import { DAY_MS } from "../../platform/time";
import { LIMITS } from "./profile";
import type { ShopperEvent } from "./profile-changes";
import type { StoredEvent } from "./profile-types";

/** Daily counts are kept this long (the longest window a rule may ask for, plus slack). */
export const DAILY_COUNT_DAYS = 400;
/** The retention window a profile assumes until the site's is known (the documented default). */
export const DEFAULT_RETENTION_DAYS = 365;

/**
 * The activity side of a profile: daily event counts and the retention of raw events. Raw events
 * older than the site's `retention.eventsDays` are deleted by the profile's alarm; what they
 * meant lives on in the profile's aggregates (event counts, category affinity, recently viewed,
 * purchases) and in the daily counts here.
 */
export class ActivityLog {
  constructor(private readonly sql: Sql) {}

  /** Counts accepted events into their days. */
  count(events: { type: string; at: number }[]): void {
    for (const e of events) this.sql`INSERT INTO event_days (type, day, n) VALUES (${e.type}, ${dayOf(e.at)}, 1) ON CONFLICT (type, day) DO UPDATE SET n = n + 1`;
  }

  /** Adds another profile's daily counts (a visitor merged into a customer). */
  add(days: DailyCounts): void {
    for (const [type, byDay] of Object.entries(days))
      for (const [day, n] of Object.entries(byDay)) this.sql`INSERT INTO event_days (type, day, n) VALUES (${type}, ${Number(day)}, ${n}) ON CONFLICT (type, day) DO UPDATE SET n = n + excluded.n`;
  }

  /** Daily counts from `sinceDay` on, as `{ type: { day: n } }`. */
  days(sinceDay = 0): DailyCounts {
    const out: DailyCounts = {};
    for (const r of this.sql<{ type: string; day: number; n: number }>`SELECT type, day, n FROM event_days WHERE day >= ${sinceDay} ORDER BY type, day`) (out[r.type] ??= {})[r.day] = r.n;
    return out;
  }

  /** Forgets every raw event and daily count (a visitor emptied into a customer). */
  clear(): void {
    this.sql`DELETE FROM events`;
    this.sql`DELETE FROM event_days`;
  }

  /** Stores a raw event unless its id was seen; returns whether it was new (retries are harmless). */
  store(e: StoredEvent): boolean {
    const { id, at, ...data } = e;
    return this.sql`INSERT OR IGNORE INTO events (id, type, at, data) VALUES (${id}, ${e.type}, ${at}, ${JSON.stringify(data)}) RETURNING id`.length > 0;
  }

  /** Every raw event, oldest first (a merge hands them over; the export shows them). */
  events(): StoredEvent[] {
    return this.sql<{ id: string; at: number; data: string }>`SELECT id, at, data FROM events ORDER BY at`.map((r) => ({ ...(JSON.parse(r.data) as ShopperEvent), id: r.id, at: r.at }));
  }

  /** Raw events are bounded: the oldest beyond the cap go (their effect lives on in the aggregates). */
  trim(): void {
    this.sql`DELETE FROM events WHERE id IN (SELECT id FROM events ORDER BY at DESC LIMIT -1 OFFSET ${LIMITS.rawEvents})`;
  }

  /** The site's retention window in days, as last passed in (or the default). */
  retentionDays(): number {
    return this.note("retention_days") ?? DEFAULT_RETENTION_DAYS;
  }

  /** Remembers the site's window; true when it changed (the alarm may need to move). */
  setRetentionDays(days: number): boolean {
    if (this.note("retention_days") === days) return false;
    this.setNote("retention_days", days);
    return true;
  }

  /** Events at or before this time are past the window. */
  cutoff(now: number): number {
    return now - this.retentionDays() * DAY_MS;
  }

  /**
   * Deletes raw events past the retention window and daily counts past their own bound.
   * Returns how many raw events went.
   */
  sweep(now: number): number {
    const gone = this.sql<{ id: string }>`DELETE FROM events WHERE at <= ${this.cutoff(now)} RETURNING id`.length;
    this.sql`DELETE FROM event_days WHERE day < ${dayOf(now) - DAILY_COUNT_DAYS}`;
    return gone;
  }

  /** When the oldest raw event leaves the window (the next sweep), or null without raw events. */
  nextSweepAt(): number | null {
    const oldest = this.sql<{ t: number | null }>`SELECT min(at) AS t FROM events`[0]?.t ?? null;
    return oldest === null ? null : oldest + this.retentionDays() * DAY_MS + 1;
  }

  /** Browsing re-files a customer in the shop's index at most this often (rules over event windows). */
  lastBrowseIndex(): number {
    return this.note("browse_indexed_at") ?? 0;
  }

  noteBrowseIndex(now: number): void {
    this.setNote("browse_indexed_at", now);
  }

  private note(k: string): number | null {
    return this.sql<{ v: number }>`SELECT v FROM activity_notes WHERE k = ${k}`[0]?.v ?? null;
  }

  private setNote(k: string, v: number): void {
    this.sql`INSERT INTO activity_notes (k, v) VALUES (${k}, ${v}) ON CONFLICT (k) DO UPDATE SET v = excluded.v`;
  }
}
