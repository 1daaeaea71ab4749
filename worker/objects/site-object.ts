import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import type { Stage } from "../features/segments/lifecycle";
import type { DailyCounts } from "../features/segments/event-windows";
import type { Rfm } from "../features/segments/rfm";
import { emitWebhook } from "../features/webhooks/webhooks.service";
import { membershipIds } from "../features/segments/segment-membership";
import { SegmentBook, type Classified, type SegmentsConfig } from "../features/segments/site-segments";
import { DailyRefile } from "../features/segments/site-refile";
import { createSql, migrate, type Sql } from "../platform/sql";
import { SITE_MIGRATIONS } from "../platform/migrations/site";
import type { RewardDef } from "../features/loyalty";
import { mintRewardCode, Referrals, RewardCodes, type ReferralProgress } from "../features/loyalty/site-loyalty";
import type { Product } from "../features/catalog/catalog.schemas";
import { SiteRecs, type ProductPatch } from "../features/recommendations/site-recs";
import { NpsBook, type NpsEntry, type NpsSummaryData } from "../features/surveys/site-nps";
import type { SiteConfig } from "../features/site/site-config.schemas";
import { kvKeys, type KeyEntry, type SiteRuntime } from "../platform/kv-layout";
import { allowsLocalDev, type OutboundPolicy } from "../platform/outbound-url";
import { DAY_MS } from "../platform/time";
import { customerStub } from "../platform/stubs";

/** The secrets of a site. The secret key itself is never stored, only its SHA-256. */
export interface SiteSecrets {
  identitySecret: string;
  webhookSecret: string;
  shopifySecret: string;
}

export interface SiteRecord {
  id: string;
  createdAt: number;
  config: SiteConfig;
  secrets: SiteSecrets;
  /** Hashes of every API key of the site, with when each stops working (null = no end). */
  keys: { hash: string; kind: KeyEntry["kind"]; expiresAt: number | null }[];
}

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

/** Offer codes share the reward code table, in their own namespace. */
const offerPool = (offerId: string) => `offer:${offerId}`;

/** Orders arriving close together are published to KV together, this long after the first. */
const RECS_DEBOUNCE_MS = 5_000;

/**
 * One shop (DESIGN §2): its configuration (source of truth), keys, catalog, customer index and
 * aggregates. Publishes read-mostly copies (config, catalog, popular) to KV for the edge.
 */
export class SiteObject extends DurableObject<Env> {
  private readonly sql: Sql;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = createSql(ctx.storage);
    migrate(ctx.storage, SITE_MIGRATIONS);
  }

  /** Creates the site once; a second create answers `exists` and changes nothing. */
  async create(record: SiteRecord): Promise<"created" | "exists"> {
    if (this.record()) return "exists";
    this.saveRecord(record);
    await Promise.all(record.keys.map((k) => this.publishKey(record.id, k)));
    await this.publishRuntime(record);
    await this.recs(record.id)?.flush();
    return "created";
  }

  get(): SiteRecord | null {
    return this.record();
  }

  async putConfig(config: SiteConfig): Promise<SiteConfig | null> {
    const r = this.record();
    if (!r) return null;
    const rulesChanged = JSON.stringify([r.config.segments, r.config.lifecycle, r.config.lapsedAfterDays]) !== JSON.stringify([config.segments, config.lifecycle, config.lapsedAfterDays]);
    r.config = config;
    this.saveRecord(r);
    await this.publishRuntime(r);
    // New rules or thresholds apply to everyone at once, not only to customers who change next.
    if (rulesChanged) await new SegmentBook(this.sql).reindexAll(this.segmentsConfig(), Date.now(), async (entry, c) => {
      await this.announceSegments(entry, c);
      await this.pushSegments(r.id, entry.customerId, c);
    });
    return config;
  }

  /** Adds new keys and lets the current ones expire after `graceSeconds`. */
  async rotateKeys(newKeys: SiteRecord["keys"], graceSeconds: number, now: number): Promise<boolean> {
    const r = this.record();
    if (!r) return false;
    const until = now + graceSeconds * 1000;
    const old = r.keys.filter((k) => k.expiresAt === null || k.expiresAt > now).map((k) => ({ ...k, expiresAt: Math.min(k.expiresAt ?? until, until) }));
    r.keys = [...old, ...newKeys];
    this.saveRecord(r);
    await Promise.all(r.keys.map((k) => this.publishKey(r.id, k)));
    return true;
  }

  /**
   * Bulk upsert, partial update and delete of catalog products (recommendations part). Changed
   * products are published to KV at once up to a batch; larger imports finish from the alarm.
   */
  async upsertProducts(products: Product[], deletes: string[], patches: ProductPatch[] = []) {
    const recs = this.recs();
    if (!recs) return null;
    const result = recs.upsert(products, patches, deletes);
    const left = await recs.flush();
    if (left > 0) await this.ctx.storage.setAlarm(Date.now() + 1_000);
    return { ...result, publishing: left };
  }

  /** Keeps one customer's index row current and files them under their lifecycle stage. */
  /** Keeps one customer's index row current: lifecycle stage, RFM, rule-segment membership. */
  async indexCustomer(entry: CustomerIndexEntry): Promise<Classified> {
    const c = await new SegmentBook(this.sql).index(entry, this.segmentsConfig(), Date.now(), (c) => this.announceSegments(entry, c));
    await this.armRefile();
    return c;
  }

  /** `segment.entered` / `segment.left` webhooks for one customer's membership change. */
  private async announceSegments(entry: CustomerIndexEntry, c: Classified): Promise<void> {
    const r = this.record();
    if (!r || r.config.webhooks.length === 0) return;
    const at = Date.now();
    for (const [type, list] of [["segment.entered", c.entered], ["segment.left", c.left]] as const)
      for (const segment of list)
        await emitWebhook(this.env, r.id, type, { customerId: entry.customerId, email: entry.email, segment }, `${entry.customerId}:${segment}:${at}`, { webhooks: r.config.webhooks });
  }

  /**
   * Hands a re-filed customer's membership to their profile (features/segments/segment-membership.ts: the
   * experience reads it there). Best effort: the profile's next change files it again anyway.
   */
  private async pushSegments(siteId: string, customerId: string, c: Classified): Promise<void> {
    try {
      const ref = { siteId, kind: "customer", id: customerId } as const;
      await customerStub(this.env, siteId, customerId).noteSegments(ref, membershipIds(c), Date.now());
    } catch (err) {
      console.error("segment push:", err instanceof Error ? err.message : err);
    }
  }

  customer(customerId: string): (CustomerIndexEntry & { stage: Stage; rfm: Rfm | null; segments: string[] }) | null {
    const row = this.sql<{ stage: string; entry: string }>`SELECT stage, entry FROM customers WHERE id = ${customerId}`[0];
    if (!row) return null;
    return { ...(JSON.parse(row.entry) as CustomerIndexEntry), stage: row.stage as Stage, ...new SegmentBook(this.sql).of(customerId, Date.now()) };
  }


  /** Erasure: the index row, referral links and the customer's name on issued reward codes. */
  async removeCustomer(customerId: string): Promise<boolean> {
    const referrer = new Referrals(this.sql).forget(customerId);
    new SegmentBook(this.sql).forget(customerId);
    this.sql`UPDATE reward_codes SET customer_id = NULL WHERE customer_id = ${customerId}`;
    this.sql`DELETE FROM platform_orders WHERE customer_id = ${customerId}`;
    this.recs()?.forgetCustomer(customerId);
    const removed = this.sql`DELETE FROM customers WHERE id = ${customerId} RETURNING id`.length > 0;
    await this.referralChanged(referrer);
    return removed;
  }

  /** Members of a stage in id order, after `cursor` (keyset pagination: stable while rows change). */
  /** A page of a segment's members (a lifecycle stage, `rfm-<group>`, or a rule segment id). */
  listSegment(segment: string, cursor: string | null, limit: number) {
    const { rows } = new SegmentBook(this.sql).members(segment, cursor, limit);
    const page = rows.slice(0, limit).map((r) => ({ ...(JSON.parse(r.entry) as CustomerIndexEntry), stage: r.stage as Stage }));
    return { customers: page, nextCursor: rows.length > limit ? (page.at(-1)?.customerId ?? null) : null };
  }

  /** Every segment with its member count: lifecycle stages, RFM groups and the site's rule segments. */
  segmentCounts(): { counts: Record<string, number>; rules: { id: string; name: string }[] } {
    return { counts: new SegmentBook(this.sql).counts(), rules: this.segmentsConfig().segments.map(({ id, name }) => ({ id, name })) };
  }

  private segmentsConfig(): SegmentsConfig {
    const c = this.record()?.config;
    return {
      lapsedAfterDays: c?.lapsedAfterDays ?? 90,
      lifecycle: c?.lifecycle ?? { atRiskAfterDays: null, lapsedAfterDays: null, loyalMinOrders: 3, vipSpend: null },
      segments: c?.segments ?? [],
    };
  }


  /**
   * Learns from one trusted paid order (recommendations part): co-purchase neighbours, re-buy
   * intervals and popularity. KV copies follow a few seconds later, batched by the alarm.
   */
  async recordPurchases(order: { orderId: string; customerId: string; items: { productId: string; quantity: number }[]; total: number; at: number }): Promise<void> {
    const recs = this.recs();
    if (!recs || order.items.length === 0) return;
    recs.learn({ id: order.orderId, customerId: order.customerId, items: order.items, total: order.total, at: order.at });
    await this.publishRecsSoon();
  }

  /**
   * Takes a refunded order's share or lines back out of the recommendations learning, once per
   * refund id (a redelivered refund changes nothing). Called on every refund path after the profile.
   */
  async refundPurchases(r: { customerId: string; orderId: string; refundId: string; amount: number | null; items?: { productId: string; quantity: number }[] | undefined }): Promise<"unlearnt" | "duplicate" | "unknown"> {
    const recs = this.recs();
    if (!recs) return "unknown";
    const result = recs.unlearn(r.customerId, r.orderId, r.refundId, { amount: r.amount, items: r.items });
    if (result === "unlearnt") await this.publishRecsSoon();
    return result;
  }

  /** KV copies of recommendation data follow a few seconds later, batched by the alarm. */
  private async publishRecsSoon(): Promise<void> {
    const alarm = await this.ctx.storage.getAlarm();
    // The alarm may be set for the daily re-filing, hours away: publishing must not wait for it.
    if (alarm === null || alarm > Date.now() + RECS_DEBOUNCE_MS) await this.ctx.storage.setAlarm(Date.now() + RECS_DEBOUNCE_MS);
  }

  /**
   * One alarm, two jobs: publishes queued recommendation data to KV (a batch per run until nothing
   * is left), and the daily re-filing of customers against the clock (a batch per run). Then
   * sleeps until the sooner of the two.
   */
  async alarm(): Promise<void> {
    const now = Date.now();
    const left = (await this.recs()?.flush()) ?? 0;
    const refile = new DailyRefile(this.sql);
    if (refile.due(now)) {
      const r = this.record();
      await refile.step(new SegmentBook(this.sql), this.segmentsConfig(), now, async (entry, c) => {
        if (c.entered.length || c.left.length) await this.announceSegments(entry, c);
        if (r) await this.pushSegments(r.id, entry.customerId, c);
      });
    }
    const next = [left > 0 ? now + 1_000 : null, refile.nextAt()].filter((t): t is number => t !== null);
    if (next.length) await this.ctx.storage.setAlarm(Math.min(...next));
  }

  /** Arms the daily re-filing once the site has customers (kept armed by the alarm after that). */
  private async armRefile(): Promise<void> {
    const refile = new DailyRefile(this.sql);
    if (refile.nextAt() !== null) return;
    const at = refile.schedule(Date.now());
    const alarm = await this.ctx.storage.getAlarm();
    if (alarm === null || alarm > at) await this.ctx.storage.setAlarm(at);
  }

  private recs(siteId = this.record()?.id): SiteRecs | null {
    return siteId ? new SiteRecs(this.sql, this.env.KV, siteId) : null;
  }

  // ---- loyalty: referrals, reward codes, platform webhook dedupe ------------------------------

  referralCode(customerId: string, email: string | null): ReferralProgress {
    return new Referrals(this.sql).progress(customerId, email);
  }

  async referralJoined(code: string, friendId: string, friendEmail: string | null) {
    const referrals = new Referrals(this.sql);
    const result = referrals.joined(code, friendId, friendEmail, Date.now());
    if (result === "joined") await this.referralChanged(referrals.referrerOfFriend(friendId));
    return result;
  }

  async referralOrdered(code: string, friendId: string, friendEmail: string | null, orderId: string): Promise<string | null> {
    const referrer = new Referrals(this.sql).ordered(code, friendId, friendEmail, orderId, Date.now());
    await this.referralChanged(referrer);
    return referrer;
  }

  /** Tells a referrer's profile that its cached referral counts are stale (features/loyalty/loyalty-book.ts ReferralCache). */
  private async referralChanged(referrerId: string | null): Promise<void> {
    const siteId = this.record()?.id;
    if (!referrerId || !siteId) return;
    await customerStub(this.env, siteId, referrerId).referralChanged();
  }

  /** Takes the referrer's reward back (on the referrer's profile) when the friend's order is refunded. */
  async referralReversed(friendId: string, orderId: string): Promise<void> {
    const referrer = new Referrals(this.sql).reversed(friendId, orderId);
    const r = this.record();
    if (!referrer || !r) return;
    await this.referralChanged(referrer);
    const stub = customerStub(this.env, r.id, referrer);
    await stub.reverseReferrer({ siteId: r.id, kind: "customer", id: referrer }, friendId, r.config.loyalty, Date.now(), Date.now());
  }

  addRewardCodes(rewardId: string, codes: string[]) {
    return new RewardCodes(this.sql).add(rewardId, codes);
  }

  /** A code for a redemption: from the pool, or minted by the shop's webhook. */
  async issueRewardCode(reward: RewardDef, customerId: string, redemptionId: string): Promise<string | null> {
    if (reward.delivery === "pool") return new RewardCodes(this.sql).take(reward.id, redemptionId, customerId, Date.now());
    const r = this.record();
    return r ? mintRewardCode(reward, this.outboundPolicy(), r.secrets.webhookSecret, { customerId, rewardId: reward.id, redemptionId, discount: reward.discount }, redemptionId) : null;
  }

  // ---- offers: per-offer code pools (the reward pool machinery, under `offer:<id>`) ------------

  /** Adds codes to an offer's pool (codes already there are ignored). */
  addOfferCodes(offerId: string, codes: string[]) {
    return new RewardCodes(this.sql).add(offerPool(offerId), codes);
  }

  /** A code for one issue of an offer: from the pool, or minted by the shop's webhook (`offer.issued`); null when none. */
  async issueOfferCode(offer: { id: string; delivery: "pool" | "webhook"; webhookUrl: string | null; discount?: { type: "fixed" | "percent"; value: number } | undefined }, customerId: string, issueId: string): Promise<string | null> {
    if (offer.delivery === "pool") return new RewardCodes(this.sql).take(offerPool(offer.id), issueId, customerId, Date.now());
    const r = this.record();
    return r ? mintRewardCode(offer, this.outboundPolicy(), r.secrets.webhookSecret, { customerId, offerId: offer.id, issueId, discount: offer.discount ?? null }, issueId, "offer.issued") : null;
  }

  /** Outbound calls follow the deployment's policy (worker/platform/outbound-url.ts): the dev exception only with `DEV_ALLOW_LOCAL_WEBHOOKS=1`. */
  private outboundPolicy(): OutboundPolicy {
    return { allowLocalDev: allowsLocalDev(this.env) };
  }

  /** Which customer a platform order belongs to (refund webhooks carry only the order id). */
  rememberOrder(orderId: string, customerId: string): void {
    this.sql`INSERT OR IGNORE INTO platform_orders (order_id, customer_id) VALUES (${orderId}, ${customerId})`;
  }

  customerOfOrder(orderId: string): string | null {
    return this.sql<{ customer_id: string }>`SELECT customer_id FROM platform_orders WHERE order_id = ${orderId}`[0]?.customer_id ?? null;
  }

  /** Whether a platform webhook delivery was already processed (a redelivery). */
  deliverySeen(id: string): boolean {
    return this.sql`SELECT 1 AS x FROM platform_webhooks WHERE id = ${id}`.length > 0;
  }

  /** Records a processed delivery; ids are kept 30 days (platforms stop retrying long before). */
  noteDelivery(id: string): void {
    this.sql`DELETE FROM platform_webhooks WHERE at < ${Date.now() - 30 * DAY_MS}`;
    this.sql`INSERT OR IGNORE INTO platform_webhooks (id, at) VALUES (${id}, ${Date.now()})`;
  }

  // ---- surveys: NPS (site-nps.ts) ------------------------------------------------------------

  /** One shopper's latest NPS score in a survey (answering again replaces it). */
  recordNps(entry: NpsEntry): void {
    new NpsBook(this.sql).record(entry);
  }

  /** A visitor's scores become the customer's they merged into. */
  moveNps(fromShopper: string, toShopper: string): void {
    new NpsBook(this.sql).move(fromShopper, toShopper);
  }

  /** Erasure: removes every NPS score of a shopper (their Profile object id). */
  forgetNps(shopper: string): void {
    new NpsBook(this.sql).forget(shopper);
  }

  /** Promoters, passives, detractors, score and the latest follow-up texts of one survey. */
  npsSummary(surveyId: string, recent = 10): NpsSummaryData {
    return new NpsBook(this.sql).summary(surveyId, recent);
  }

  private record(): SiteRecord | null {
    const row = this.sql<{ record: string }>`SELECT record FROM site`[0];
    return row ? (JSON.parse(row.record) as SiteRecord) : null;
  }

  private saveRecord(r: SiteRecord): void {
    this.sql`INSERT INTO site (k, record) VALUES (1, ${JSON.stringify(r)}) ON CONFLICT (k) DO UPDATE SET record = excluded.record`;
  }

  private async publishKey(siteId: string, k: SiteRecord["keys"][number]): Promise<void> {
    const entry: KeyEntry = { siteId, kind: k.kind, expiresAt: k.expiresAt };
    await this.env.KV.put(kvKeys.apiKey(k.hash), JSON.stringify(entry));
  }

  private async publishRuntime(r: SiteRecord): Promise<void> {
    const runtime: SiteRuntime = { siteId: r.id, config: r.config, identitySecret: r.secrets.identitySecret, shopifySecret: r.secrets.shopifySecret };
    await this.env.KV.put(kvKeys.runtime(r.id), JSON.stringify(runtime));
  }
}
