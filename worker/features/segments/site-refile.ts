import type { Sql } from "../../platform/sql";
import type { Classified, SegmentBook, SegmentsConfig } from "./site-segments";
import type { CustomerIndexEntry } from "./customer-index";
import { DAY_MS } from "../../platform/time";
import { SegmentHistory } from "./segment-history";

/** The daily pass starts at this hour (UTC): quiet for most shops, before the morning's emails. */
export const REFILE_HOUR_UTC = 3;
/** Customers re-filed per alarm run: keeps each run short (a few hundred ms at most). */
export const REFILE_BATCH = 500;

/**
 * The daily re-filing of every customer (README.md, Design notes, "Segments are data"): lifecycle
 * stages, RFM recency and rules such as "no order for 90 days" or "3 product views in 30 days"
 * move as days pass, with no change to the customer. Runs on the Site object's alarm in batches
 * with a keyset cursor, so a site with 100,000 customers is re-filed over a few hundred short runs
 * instead of one long one, and a crash mid-pass resumes where it stopped. No polling: the alarm
 * sleeps until the next day. The end of a pass records the day's segment sizes (segment-history.ts).
 */
export class DailyRefile {
  constructor(private readonly sql: Sql) {}

  /** When the next run is due: now while a pass is under way, else the next scheduled pass. */
  nextAt(): number | null {
    const at = this.note("refile_at");
    return at === null ? null : Number(at);
  }

  due(now: number): boolean {
    const at = this.nextAt();
    return at !== null && at <= now;
  }

  /** Schedules the next pass at the next REFILE_HOUR_UTC after `now`. */
  schedule(now: number): number {
    const at = nextPassAt(now);
    this.setNote("refile_at", String(at));
    return at;
  }

  /** One batch of the pass; moves the cursor on, or ends the pass and schedules tomorrow's. */
  async step(book: SegmentBook, config: SegmentsConfig, now: number, changed: (entry: CustomerIndexEntry, c: Classified) => Promise<void>): Promise<{ done: boolean; changed: number }> {
    const after = this.note("refile_cursor") ?? "";
    const r = await book.refile(config, now, after, REFILE_BATCH, changed);
    if (r.next === null) {
      // Everyone was just judged against the clock: the day's segment sizes for the history.
      new SegmentHistory(this.sql).record(book.counts(), now);
      this.sql`DELETE FROM site_notes WHERE k = 'refile_cursor'`;
      this.schedule(now);
      return { done: true, changed: r.changed };
    }
    this.setNote("refile_cursor", r.next);
    this.setNote("refile_at", String(now + 1_000));
    return { done: false, changed: r.changed };
  }

  private note(k: string): string | null {
    return this.sql<{ v: string }>`SELECT v FROM site_notes WHERE k = ${k}`[0]?.v ?? null;
  }

  private setNote(k: string, v: string): void {
    this.sql`INSERT INTO site_notes (k, v) VALUES (${k}, ${v}) ON CONFLICT (k) DO UPDATE SET v = excluded.v`;
  }
}

/** The next REFILE_HOUR_UTC strictly after `now`. */
export function nextPassAt(now: number): number {
  const day = Math.floor(now / DAY_MS) * DAY_MS + REFILE_HOUR_UTC * 3_600_000;
  return day > now ? day : day + DAY_MS;
}
