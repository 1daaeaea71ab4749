import { lifecycleStage, STAGES, type Stage } from "./lifecycle";
import { effectiveThresholds, medianGap, type LifecycleConfig } from "./lifecycle-thresholds";
import { quintileEdges, RFM_GROUPS, rfmFor, type Rfm, type RfmEdges } from "./rfm";
import { matches, windowNeeds, type Condition, type Facts } from "./rules";
import { trimCounts } from "./event-windows";
import type { Sql } from "../../platform/sql";
import type { CustomerIndexEntry } from "./customer-index";
import { DAY_MS } from "../../platform/time";

/** How long the shop-wide statistics (RFM quintiles, buying rhythm) are reused before a refresh. */
const STATS_TTL_MS = 10 * 60_000;

export interface SegmentsConfig {
  lapsedAfterDays: number;
  lifecycle: LifecycleConfig;
  segments: { id: string; name: string; rule: Condition }[];
}

export interface ShopStats {
  rfm: RfmEdges;
  medianGapDays: number | null;
  buyers: number;
}

export interface Classified {
  stage: Stage;
  rfm: Rfm | null;
  segments: string[];
  entered: string[];
  left: string[];
  /** The stage or RFM group changed (only rule segments are announced by webhook). */
  moved?: boolean;
}

/** Keeps each customer's stage, RFM and rule-segment membership current in the Site's index. */
export class SegmentBook {
  /** The statistics read once per book (a book lives for one call: a re-filing batch reads them once, not per customer). */
  private memo: ShopStats | null = null;

  constructor(private readonly sql: Sql) {}

  /** Shop-wide quintiles and buying rhythm, recomputed at most every few minutes as orders arrive. */
  stats(now: number, force = false): ShopStats {
    if (this.memo && !force) return this.memo;
    this.memo = this.readStats(now, force);
    return this.memo;
  }

  private readStats(now: number, force: boolean): ShopStats {
    const row = this.sql<{ computed_at: number; data: string }>`SELECT computed_at, data FROM site_stats`[0];
    if (row && !force && now - row.computed_at < STATS_TTL_MS) return JSON.parse(row.data) as ShopStats;
    const buyers = this.sql<{ entry: string }>`SELECT entry FROM customers WHERE entry LIKE '%"orders":%' `
      .map((r) => JSON.parse(r.entry) as CustomerIndexEntry)
      .filter((e) => e.orders > 0 && e.lastOrderAt !== null);
    const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
    const stats: ShopStats = {
      rfm: {
        recencyDays: quintileEdges(sorted(buyers.map((e) => Math.max(0, (now - (e.lastOrderAt ?? now)) / DAY_MS)))),
        orders: quintileEdges(sorted(buyers.map((e) => e.orders))),
        spend: quintileEdges(sorted(buyers.map((e) => e.spend))),
      },
      medianGapDays: medianGap(
        buyers.filter((e) => e.orders >= 2 && e.firstOrderAt != null && e.lastOrderAt !== null).map((e) => ((e.lastOrderAt ?? 0) - (e.firstOrderAt ?? 0)) / DAY_MS / (e.orders - 1)),
      ),
      buyers: buyers.length,
    };
    this.sql`INSERT INTO site_stats (k, computed_at, data) VALUES (1, ${now}, ${JSON.stringify(stats)}) ON CONFLICT (k) DO UPDATE SET computed_at = excluded.computed_at, data = excluded.data`;
    return stats;
  }

  /**
   * Files one customer: stage, RFM, rule segments; returns which segments they entered and left.
   * `announce` runs before anything is written, so a failed announcement (a webhook that could
   * not be queued) leaves membership as it was and the next change tries again: at least once.
   */
  async index(given: CustomerIndexEntry, config: SegmentsConfig, now: number, announce: (c: Classified) => Promise<void> = async () => {}): Promise<Classified> {
    // Keep only the daily counts the site's rules read: most shops store none.
    const eventDays = trimCounts(given.eventDays, windowNeeds(config.segments.map((s) => s.rule)), now);
    const { eventDays: _all, ...rest } = given;
    const entry: CustomerIndexEntry = eventDays ? { ...rest, eventDays } : rest;
    const { stage, rfm, facts } = this.judge(entry, config, now);
    const segments = config.segments.filter((s) => matches(s.rule, facts)).map((s) => s.id);
    const before = new Set(this.sql<{ segment_id: string }>`SELECT segment_id FROM segment_members WHERE customer_id = ${entry.customerId}`.map((r) => r.segment_id));
    const row = this.sql<{ stage: string; entry: string; rfm_group: string | null }>`SELECT stage, entry, rfm_group FROM customers WHERE id = ${entry.customerId}`[0];
    const entered = segments.filter((s) => !before.has(s));
    const left = [...before].filter((s) => !segments.includes(s));
    const classified = { stage, rfm, segments, entered, left };
    if (entered.length || left.length) await announce(classified);
    for (const s of entered) this.sql`INSERT OR IGNORE INTO segment_members (segment_id, customer_id) VALUES (${s}, ${entry.customerId})`;
    for (const s of left) this.sql`DELETE FROM segment_members WHERE segment_id = ${s} AND customer_id = ${entry.customerId}`;
    const json = JSON.stringify(entry);
    // Re-filing an unchanged customer (the daily pass) writes nothing.
    if (row?.stage !== stage || row.entry !== json || row.rfm_group !== (rfm?.group ?? null))
      this.sql`INSERT INTO customers (id, email, stage, entry, rfm_group) VALUES (${entry.customerId}, ${entry.email}, ${stage}, ${json}, ${rfm?.group ?? null})
        ON CONFLICT (id) DO UPDATE SET email = excluded.email, stage = excluded.stage, entry = excluded.entry, rfm_group = excluded.rfm_group`;
    return { ...classified, moved: row !== undefined && (row.stage !== stage || row.rfm_group !== (rfm?.group ?? null)) };
  }

  /**
   * Stage, RFM and the facts rules read for one index entry, without writing anything: the one
   * judgement both filing (`index`) and the rule preview (segment-preview.ts) use.
   */
  judge(entry: CustomerIndexEntry, config: SegmentsConfig, now: number): { stage: Stage; rfm: Rfm | null; facts: Facts } {
    const stats = this.stats(now);
    const t = effectiveThresholds(config.lifecycle, stats.medianGapDays, config.lapsedAfterDays);
    const stage = lifecycleStage({
      ...entry,
      now,
      lapsedAfterDays: t.lapsedAfterDays,
      atRiskAfterDays: t.atRiskAfterDays,
      vipSpend: config.lifecycle.vipSpend ?? Math.max(1, stats.rfm.spend[3] ?? 500),
      loyalMinOrders: config.lifecycle.loyalMinOrders,
    });
    const rfm = rfmFor(entry, stats.rfm, now);
    return { stage, rfm, facts: factsOf(entry, stage, rfm, now) };
  }

  /** Re-files every customer (after the rules or thresholds changed). */
  async reindexAll(config: SegmentsConfig, now: number, announce?: (entry: CustomerIndexEntry, c: Classified) => Promise<void>): Promise<number> {
    this.stats(now, true);
    const known = new Set(config.segments.map((s) => s.id));
    this.sql`DELETE FROM segment_members WHERE segment_id NOT IN (SELECT value FROM json_each(${JSON.stringify([...known])}))`;
    let n = 0;
    for (const row of this.sql<{ entry: string }>`SELECT entry FROM customers`) {
      const entry = JSON.parse(row.entry) as CustomerIndexEntry;
      await this.index(entry, config, now, announce ? (c) => announce(entry, c) : undefined);
      n++;
    }
    return n;
  }

  /**
   * The daily pass (from the Site's alarm): re-files the next `limit` customers after `after` in id
   * order against the clock, because stages, RFM recency, day-based fields and event windows
   * change as days pass with no change to the customer. Returns where to continue, or null when
   * everyone was re-filed. Keyset order keeps a pass correct while customers are added.
   */
  async refile(
    config: SegmentsConfig,
    now: number,
    after: string,
    limit: number,
    changed: (entry: CustomerIndexEntry, c: Classified) => Promise<void>,
  ): Promise<{ next: string | null; changed: number }> {
    if (after === "") this.stats(now, true);
    const rows = this.sql<{ id: string; entry: string }>`SELECT id, entry FROM customers WHERE id > ${after} ORDER BY id LIMIT ${limit}`;
    let n = 0;
    for (const row of rows) {
      const entry = JSON.parse(row.entry) as CustomerIndexEntry;
      const c = await this.index(entry, config, now, (x) => changed(entry, x));
      if (c.moved && c.entered.length === 0 && c.left.length === 0) await changed(entry, c);
      if (c.moved || c.entered.length || c.left.length) n++;
    }
    return { next: rows.length === limit ? (rows.at(-1)?.id ?? null) : null, changed: n };
  }

  /** Segment ids a customer belongs to, plus their RFM (for the profile API). */
  of(customerId: string, now: number): { segments: string[]; rfm: Rfm | null } {
    const row = this.sql<{ entry: string }>`SELECT entry FROM customers WHERE id = ${customerId}`[0];
    const segments = this.sql<{ segment_id: string }>`SELECT segment_id FROM segment_members WHERE customer_id = ${customerId} ORDER BY segment_id`.map((r) => r.segment_id);
    return { segments, rfm: row ? rfmFor(JSON.parse(row.entry) as CustomerIndexEntry, this.stats(now).rfm, now) : null };
  }

  /**
   * A page of members in customer-id order after `cursor` (keyset pagination: stable while
   * members come and go, and an index seek at any depth, so page 1,000 costs what page 1 does).
   */
  members(segment: string, cursor: string | null, limit: number): { rows: { id: string; entry: string; stage: string }[]; kind: "stage" | "rfm" | "rule" } {
    const after = cursor ?? "";
    if ((STAGES as readonly string[]).includes(segment))
      return {
        kind: "stage",
        rows: this.sql<{ id: string; entry: string; stage: string }>`SELECT id, entry, stage FROM customers WHERE stage = ${segment} AND id > ${after} ORDER BY id LIMIT ${limit + 1}`,
      };
    const group = segment.startsWith("rfm-") ? segment.slice(4).replaceAll("-", "_") : null;
    if (group && (RFM_GROUPS as readonly string[]).includes(group))
      return {
        kind: "rfm",
        rows: this.sql<{ id: string; entry: string; stage: string }>`SELECT id, entry, stage FROM customers WHERE rfm_group = ${group} AND id > ${after} ORDER BY id LIMIT ${limit + 1}`,
      };
    return {
      kind: "rule",
      rows: this.sql<{ id: string; entry: string; stage: string }>`SELECT c.id AS id, c.entry AS entry, c.stage AS stage FROM segment_members m JOIN customers c ON c.id = m.customer_id
        WHERE m.segment_id = ${segment} AND m.customer_id > ${after} ORDER BY m.customer_id LIMIT ${limit + 1}`,
    };
  }

  /** Member counts of every stage, RFM group and rule segment. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.sql<{ k: string; n: number }>`SELECT stage AS k, count(*) AS n FROM customers GROUP BY stage`) out[r.k] = r.n;
    for (const r of this.sql<{ k: string; n: number }>`SELECT rfm_group AS k, count(*) AS n FROM customers WHERE rfm_group IS NOT NULL GROUP BY rfm_group`)
      out[`rfm-${r.k.replaceAll("_", "-")}`] = r.n;
    for (const r of this.sql<{ k: string; n: number }>`SELECT segment_id AS k, count(*) AS n FROM segment_members GROUP BY segment_id`) out[r.k] = r.n;
    return out;
  }

  forget(customerId: string): void {
    this.sql`DELETE FROM segment_members WHERE customer_id = ${customerId}`;
  }
}

/** What rules can see about a customer. */
export function factsOf(e: CustomerIndexEntry, stage: Stage, rfm: Rfm | null, now: number): Facts {
  const days = (t: number | null) => (t ? Math.floor((now - t) / DAY_MS) : null);
  return {
    orders: e.orders,
    spend: e.spend,
    points: e.points,
    visits: e.visits,
    productViews: e.productViews,
    cartItems: e.cartItems,
    daysSinceLastOrder: days(e.lastOrderAt),
    daysSinceLastSeen: days(e.lastSeen || null),
    tier: e.tier ?? null,
    stage,
    "rfm.r": rfm?.r ?? null,
    "rfm.f": rfm?.f ?? null,
    "rfm.m": rfm?.m ?? null,
    "rfm.group": rfm?.group ?? null,
    locale: e.locale ?? null,
    marketingConsent: e.marketingConsent ?? null,
    email: e.email,
    birthdayMonth: e.birthday ? Number(e.birthday.slice(5, 7)) : null,
    tags: e.tags ?? [],
    answers: e.answers ?? {},
    events: e.eventDays ?? {},
    now,
    attributes: e.attributes ?? {},
  };
}
