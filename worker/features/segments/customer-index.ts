import type { Stage } from "./lifecycle";
import type { DailyCounts } from "./event-windows";
import type { Rfm } from "./rfm";
import { SegmentBook, type Classified, type SegmentsConfig } from "./site-segments";
import type { SiteConfig } from "../site/site-config.schemas";
import type { Sql } from "../../platform/sql";

/** One row of the customer index: what listing and segments need without waking profiles. */
export interface CustomerIndexEntry {
  customerId: string;
  email: string | null;
  firstName: string | null;
  visits: number;
  productViews: number;
  cartItems: number;
  orders: number;
  spend: number;
  points: number;
  lastOrderAt: number | null;
  lastSeen: number;
  /** Loyalty tier id, survey answer tags and answers (`survey/question` → option ids), for segment rules. */
  tier?: string | null;
  tags?: string[];
  answers?: Record<string, string[]>;
  locale?: string | null;
  marketingConsent?: boolean | null;
  birthday?: string | null;
  firstOrderAt?: number | null;
  /** Daily event counts for rules over windows (trimmed by the Site to what its rules read). */
  eventDays?: DailyCounts;
  /** Traits set by quiz answers (e.g. skinType), for segment rules. */
  attributes?: Record<string, string>;
}

/** One customer as the profile API shows them: the index row with stage, RFM and segment ids. */
export type IndexedCustomer = CustomerIndexEntry & { stage: Stage; rfm: Rfm | null; segments: string[] };

/** A page of a segment's members, with where the next page starts (null on the last page). */
export interface SegmentPage {
  customers: (CustomerIndexEntry & { stage: Stage })[];
  nextCursor: string | null;
}

/** The segmenting part of a site's config, with the defaults of a site that set none. */
export function segmentsConfigOf(c: SiteConfig | undefined): SegmentsConfig {
  return {
    lapsedAfterDays: c?.lapsedAfterDays ?? 90,
    lifecycle: c?.lifecycle ?? { atRiskAfterDays: null, lapsedAfterDays: null, loyalMinOrders: 3, vipSpend: null },
    segments: c?.segments ?? [],
  };
}

/** Whether a config change moves rules or thresholds, so everyone must be re-filed at once. */
export function segmentRulesChanged(before: SiteConfig, after: SiteConfig): boolean {
  return JSON.stringify([before.segments, before.lifecycle, before.lapsedAfterDays]) !== JSON.stringify([after.segments, after.lifecycle, after.lapsedAfterDays]);
}

/** One `segment.entered` / `segment.left` webhook to send, with its idempotency key. */
export interface SegmentEvent {
  type: "segment.entered" | "segment.left";
  data: { customerId: string; email: string | null; segment: string };
  key: string;
}

/** The webhooks announcing one customer's membership change, pure (`at` keys a change apart from later ones). */
export function segmentEvents(entry: Pick<CustomerIndexEntry, "customerId" | "email">, c: Pick<Classified, "entered" | "left">, at: number): SegmentEvent[] {
  const out: SegmentEvent[] = [];
  for (const [type, list] of [
    ["segment.entered", c.entered],
    ["segment.left", c.left],
  ] as const)
    for (const segment of list) out.push({ type, data: { customerId: entry.customerId, email: entry.email, segment }, key: `${entry.customerId}:${segment}:${at}` });
  return out;
}

/** Reads of the Site's `customers` index (SegmentBook files customers into it) and erasure of a row. */
export class CustomerIndex {
  constructor(private readonly sql: Sql) {}

  /** One customer with their stage, RFM and segments, or null when not indexed. */
  lookup(customerId: string, now: number): IndexedCustomer | null {
    const row = this.sql<{ stage: string; entry: string }>`SELECT stage, entry FROM customers WHERE id = ${customerId}`[0];
    if (!row) return null;
    return { ...(JSON.parse(row.entry) as CustomerIndexEntry), stage: row.stage as Stage, ...new SegmentBook(this.sql).of(customerId, now) };
  }

  /** A page of a segment's members (a lifecycle stage, `rfm-<group>`, or a rule segment id) in id order after `cursor`. */
  page(segment: string, cursor: string | null, limit: number): SegmentPage {
    const { rows } = new SegmentBook(this.sql).members(segment, cursor, limit);
    const page = rows.slice(0, limit).map((r) => ({ ...(JSON.parse(r.entry) as CustomerIndexEntry), stage: r.stage as Stage }));
    return { customers: page, nextCursor: rows.length > limit ? (page.at(-1)?.customerId ?? null) : null };
  }

  /**
   * A page of customers in id order after `cursor`, optionally only those whose id or email
   * (any case) starts with `query`. Each match kind is one index range (the primary key; the
   * `lower(email)` index), so a page costs the matches of its prefix, never a scan of the shop.
   */
  list(query: string | null, cursor: string | null, limit: number): { customers: (CustomerIndexEntry & { stage: Stage })[]; nextCursor: string | null } {
    const after = cursor ?? "";
    const take = limit + 1;
    type Row = { id: string; stage: string; entry: string };
    let rows: Row[];
    if (!query) rows = this.sql<Row>`SELECT id, stage, entry FROM customers WHERE id > ${after} ORDER BY id LIMIT ${take}`;
    else {
      const lower = query.toLowerCase();
      const byId = this.sql<Row>`SELECT id, stage, entry FROM customers WHERE id >= ${query} AND id < ${`${query}￿`} AND id > ${after} ORDER BY id LIMIT ${take}`;
      const byEmail = this.sql<Row>`SELECT id, stage, entry FROM customers
        WHERE lower(email) >= ${lower} AND lower(email) < ${`${lower}￿`} AND id > ${after} ORDER BY id LIMIT ${take}`;
      const seen = new Map([...byId, ...byEmail].map((r) => [r.id, r]));
      rows = [...seen.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, take);
    }
    const page = rows.slice(0, limit).map((r) => ({ ...(JSON.parse(r.entry) as CustomerIndexEntry), stage: r.stage as Stage }));
    return { customers: page, nextCursor: rows.length > limit ? (page.at(-1)?.customerId ?? null) : null };
  }

  /** Erasure: the customer's index row and segment memberships; false when they were not indexed. */
  remove(customerId: string): boolean {
    new SegmentBook(this.sql).forget(customerId);
    return this.sql`DELETE FROM customers WHERE id = ${customerId} RETURNING id`.length > 0;
  }
}
