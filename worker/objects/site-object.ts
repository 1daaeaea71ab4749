import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { createSql, migrate, type Sql } from "../platform/sql";
import { SITE_MIGRATIONS } from "../platform/migrations/site";
import { customerStub } from "../platform/stubs";
import { allowsLocalDev } from "../platform/outbound-url";
import { alarmBy } from "../platform/alarm";
import { configVersion, publishKeys, publishRuntime, rotateKeyList, SiteRecordTable, type SiteRecord } from "../features/site/site-record";
import type { SiteConfig } from "../features/site/site-config.schemas";
import { CustomerIndex, segmentRulesChanged, segmentsConfigOf, type CustomerIndexEntry, type IndexedCustomer, type SegmentPage } from "../features/segments/customer-index";
import { SegmentBook, type Classified, type SegmentsConfig } from "../features/segments/site-segments";
import { announceSegments, segmentsRefiled } from "../features/segments/segment-effects";
import { DailyRefile } from "../features/segments/site-refile";
import { previewSegment, type SegmentPreview } from "../features/segments/segment-preview";
import { SegmentHistory, type HistoryDay } from "../features/segments/segment-history";
import type { Condition } from "../features/segments/rules";
import type { RewardDef } from "../features/loyalty";
import { issueRewardCode, Referrals, RewardCodes, type CodeMinter, type ReferralProgress } from "../features/loyalty/site-loyalty";
import { addOfferCodes, issueOfferCode, type OfferCodeSource } from "../features/offers/offer-codes";
import type { Product } from "../features/catalog/catalog.schemas";
import { SiteRecs, type ProductPatch } from "../features/recommendations/site-recs";
import { NpsBook, type NpsEntry, type NpsSummaryData } from "../features/surveys/site-nps";
import { PlatformOrders } from "../features/orders/platform-orders";
import { eraseSiteCustomer } from "../features/customers/site-erasure";
import { lifecycleSnapshot } from "../features/segments/lifecycle-snapshot";
import type { LifecycleSnapshot } from "../features/insights/lifecycle-insights";
import { ConsoleSessions, type NewSession, type SessionRecord, type SessionSubject, type StaffMember, type StaffRole } from "../features/console-auth/session-store";
import { AuditBook, type AuditInput, type AuditPage } from "../features/console-auth/audit-log";
import { SaverBook } from "../features/wishlist/saver-book";
import { fanOutStep } from "../features/wishlist/wishlist-fanout";

/** Orders arriving close together are published to KV together, this long after the first. */
const RECS_DEBOUNCE_MS = 5_000;
/** A catalog change too large to publish in one call goes on from the alarm, this soon. */
const PUBLISH_AGAIN_MS = 1_000;

/**
 * One shop: its configuration (source of truth), keys, catalog, customer index and aggregates.
 * Publishes read-mostly copies (config, catalog, popular) to KV for the edge (README.md, Design
 * notes: "KV is a read cache, never the only copy").
 *
 * A thin RPC shell: each method loads state, calls a feature module, persists, then sends its
 * effects to other objects (profiles, the webhook outbox). One deliberate exception: `segment.*`
 * webhooks are queued before the membership they announce is stored (SegmentBook.index), so a
 * failed announcement leaves membership as it was and the next change tries again.
 */
export class SiteObject extends DurableObject<Env> {
  // The table classes only keep `sql`: no statement runs before `migrate` below.
  private readonly sql: Sql = createSql(this.ctx.storage);
  private readonly site = new SiteRecordTable(this.sql);
  private readonly index = new CustomerIndex(this.sql);
  private readonly refile = new DailyRefile(this.sql);
  private readonly referrals = new Referrals(this.sql);
  private readonly codes = new RewardCodes(this.sql);
  private readonly orders = new PlatformOrders(this.sql);
  private readonly nps = new NpsBook(this.sql);
  private readonly sessions = new ConsoleSessions(this.sql);
  private readonly auditLog = new AuditBook(this.sql);
  private readonly savers = new SaverBook(this.sql);

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage, SITE_MIGRATIONS);
  }

  // ---- site: record, config, keys (features/site/site-record.ts) -------------------------------
  /** Creates the site once; a second create answers `exists` and changes nothing. */
  async create(record: SiteRecord): Promise<"created" | "exists"> {
    if (this.site.read()) return "exists";
    this.site.save(record);
    await publishKeys(this.env.KV, record.id, record.keys);
    await publishRuntime(this.env.KV, record);
    await this.recs(record.id)?.flush();
    return "created";
  }

  get(): SiteRecord | null {
    return this.site.read();
  }

  /**
   * Replaces the config; new segment rules or thresholds re-file everyone at once, not only whoever changes next.
   * With `ifVersion`, refuses ("stale") unless the stored config still has that version (configVersion).
   */
  async putConfig(config: SiteConfig, ifVersion: string | null = null): Promise<SiteConfig | "stale" | null> {
    const r = this.site.read();
    if (!r) return null;
    if (ifVersion !== null && configVersion(r.config) !== ifVersion) return "stale";
    this.site.save({ ...r, config });
    await publishRuntime(this.env.KV, { ...r, config });
    if (segmentRulesChanged(r.config, config)) await new SegmentBook(this.sql).reindexAll(segmentsConfigOf(config), Date.now(), (entry, c) => this.refiled(entry, c));
    return config;
  }

  /** Adds new keys and lets the current ones expire after `graceSeconds`. */
  async rotateKeys(newKeys: SiteRecord["keys"], graceSeconds: number, now: number): Promise<boolean> {
    const r = this.site.read();
    if (!r) return false;
    const keys = rotateKeyList(r.keys, newKeys, graceSeconds, now);
    this.site.save({ ...r, keys });
    this.sessions.endWithKeys(now + graceSeconds * 1000);
    await publishKeys(this.env.KV, r.id, keys);
    return true;
  }

  // ---- catalog and recommendations learning (features/recommendations/site-recs.ts) ------------
  /** Bulk upsert, patch and delete of products; published to KV at once up to a batch, larger imports finish from the alarm. */
  async upsertProducts(products: Product[], deletes: string[], patches: ProductPatch[] = []) {
    const recs = this.recs();
    if (!recs) return null;
    // Saved products back in stock or cheaper: their savers hear it from the alarm, a batch at a time (features/wishlist).
    const { result, queued } = this.savers.around([...products.map((p) => p.id), ...patches.map((p) => p.id)], Date.now(), () => recs.upsert(products, patches, deletes));
    const left = await recs.flush();
    if (left > 0) await this.ctx.storage.setAlarm(Date.now() + PUBLISH_AGAIN_MS);
    if (queued > 0) await alarmBy(this.ctx.storage, Date.now());
    return { ...result, publishing: left };
  }

  /** Mirrors a customer's saved products (as of their profile `version`) for the wishlist fan-out (features/wishlist/saver-book.ts). */
  syncSavers(customerId: string, productIds: string[], version: number): boolean {
    return this.savers.sync(customerId, productIds, version, Date.now());
  }

  /** Learns from one trusted paid order: co-purchase neighbours, re-buy intervals and popularity. */
  async recordPurchases(order: { orderId: string; customerId: string; items: { productId: string; quantity: number }[]; total: number; at: number }): Promise<void> {
    const recs = this.recs();
    if (!recs || order.items.length === 0) return;
    recs.learn({ id: order.orderId, customerId: order.customerId, items: order.items, total: order.total, at: order.at });
    await this.publishRecsSoon();
  }

  /** Takes a refunded order's share or lines back out of the learning, once per refund id (every refund path, after the profile). */
  async refundPurchases(r: {
    customerId: string;
    orderId: string;
    refundId: string;
    amount: number | null;
    items?: { productId: string; quantity: number }[] | undefined;
  }): Promise<"unlearnt" | "duplicate" | "unknown"> {
    const recs = this.recs();
    const result = recs ? recs.unlearn(r.customerId, r.orderId, r.refundId, { amount: r.amount, items: r.items }) : "unknown";
    if (result === "unlearnt") await this.publishRecsSoon();
    return result;
  }

  private recs(siteId = this.site.read()?.id): SiteRecs | null {
    return siteId ? new SiteRecs(this.sql, this.env.KV, siteId) : null;
  }

  // ---- customer index and segments (features/segments/) ---------------------------------------
  /** Keeps one customer's index row current: lifecycle stage, RFM, rule-segment membership. */
  async indexCustomer(entry: CustomerIndexEntry): Promise<Classified> {
    const c = await new SegmentBook(this.sql).index(entry, this.segmentsConfig(), Date.now(), (x) => this.announceSegments(entry, x));
    await this.armRefile();
    return c;
  }

  customer(customerId: string): IndexedCustomer | null {
    return this.index.lookup(customerId, Date.now());
  }

  /** The console's customer list: a page in id order, optionally by id or email prefix. */
  listCustomers(query: string | null, cursor: string | null, limit: number) {
    return this.index.list(query, cursor, limit);
  }

  /** Erasure (features/customers/site-erasure.ts), then the referrer's profile hears its counts changed. */
  async removeCustomer(customerId: string): Promise<boolean> {
    const { removed, referrer } = eraseSiteCustomer({ referrals: this.referrals, codes: this.codes, orders: this.orders, index: this.index, recs: this.recs(), savers: this.savers }, customerId);
    this.auditLog.forgetCustomer(customerId);
    await this.referralChanged(referrer);
    return removed;
  }

  /** A page of a segment's members (a lifecycle stage, `rfm-<group>`, or a rule segment id), keyset-paginated. */
  listSegment(segment: string, cursor: string | null, limit: number): SegmentPage {
    return this.index.page(segment, cursor, limit);
  }

  /** Every segment with its member count: lifecycle stages, RFM groups and the site's rule segments. */
  segmentCounts(): { counts: Record<string, number>; rules: { id: string; name: string }[] } {
    return { counts: new SegmentBook(this.sql).counts(), rules: this.segmentsConfig().segments.map(({ id, name }) => ({ id, name })) };
  }

  /** How many customers a rule would match now, before it is saved (features/segments/segment-preview.ts). */
  previewSegment(rule: Condition): SegmentPreview {
    return previewSegment(this.sql, new SegmentBook(this.sql), rule, this.segmentsConfig(), Date.now());
  }

  /** Recorded daily segment sizes from `from` to `to` (features/segments/segment-history.ts). */
  segmentHistory(from: string, to: string): HistoryDay[] {
    return new SegmentHistory(this.sql).range(from, to);
  }

  /** Today's customers by lifecycle stage and tier, for the insights' daily snapshot. */
  lifecycleSnapshot(now: number): LifecycleSnapshot {
    return lifecycleSnapshot(this.sql, now);
  }

  private segmentsConfig(): SegmentsConfig {
    return segmentsConfigOf(this.site.read()?.config);
  }

  // ---- the alarm (recommendation publishing, daily re-filing) and segment effects (webhooks, profiles)
  /** One alarm, three jobs, a batch of each per run: publishing recommendation data to KV, the daily re-filing and the wishlist fan-out. */
  async alarm(): Promise<void> {
    const now = Date.now();
    const left = (await this.recs()?.flush()) ?? 0;
    if (this.refile.due(now)) await this.refile.step(new SegmentBook(this.sql), this.segmentsConfig(), now, (entry, c) => this.refiled(entry, c));
    const fanning = this.savers.pending() && (await fanOutStep(this.env, this.savers, this.site.read(), now));
    const next = [left > 0 ? now + PUBLISH_AGAIN_MS : null, fanning ? now : null, this.refile.nextAt()].filter((t): t is number => t !== null);
    if (next.length) await this.ctx.storage.setAlarm(Math.min(...next));
  }

  /** KV copies of recommendation data follow a few seconds later (not at the daily re-filing, hours away). */
  private async publishRecsSoon(): Promise<void> {
    await alarmBy(this.ctx.storage, Date.now() + RECS_DEBOUNCE_MS);
  }

  /** Arms the daily re-filing once the site has customers (kept armed by the alarm after that). */
  private async armRefile(): Promise<void> {
    if (this.refile.nextAt() === null) await alarmBy(this.ctx.storage, this.refile.schedule(Date.now()));
  }

  /** Segment webhooks and profile updates (features/segments/segment-effects.ts), with the site record as it is now. */
  private announceSegments(entry: CustomerIndexEntry, c: Classified): Promise<void> {
    return announceSegments(this.env, this.site.read(), entry, c);
  }

  private refiled(entry: CustomerIndexEntry, c: Classified): Promise<void> {
    return segmentsRefiled(this.env, this.site.read(), entry, c);
  }

  // ---- loyalty and offers: referrals, reward and offer codes (loyalty/site-loyalty.ts, offers/offer-codes.ts)
  referralCode(customerId: string, email: string | null): ReferralProgress {
    return this.referrals.progress(customerId, email);
  }

  async referralJoined(code: string, friendId: string, friendEmail: string | null) {
    const result = this.referrals.joined(code, friendId, friendEmail, Date.now());
    if (result === "joined") await this.referralChanged(this.referrals.referrerOfFriend(friendId));
    return result;
  }

  async referralOrdered(code: string, friendId: string, friendEmail: string | null, orderId: string): Promise<string | null> {
    const referrer = this.referrals.ordered(code, friendId, friendEmail, orderId, Date.now());
    await this.referralChanged(referrer);
    return referrer;
  }

  /** Takes the referrer's reward back (on the referrer's profile) when the friend's order is refunded. */
  async referralReversed(friendId: string, orderId: string): Promise<void> {
    const referrer = this.referrals.reversed(friendId, orderId);
    const r = this.site.read();
    if (!referrer || !r) return;
    await this.referralChanged(referrer);
    await customerStub(this.env, r.id, referrer).reverseReferrer({ siteId: r.id, kind: "customer", id: referrer }, friendId, r.config.loyalty, Date.now(), Date.now());
  }

  /** Tells a referrer's profile that its cached referral counts are stale (features/loyalty/loyalty-book.ts ReferralCache). */
  private async referralChanged(referrerId: string | null): Promise<void> {
    const siteId = this.site.read()?.id;
    if (!referrerId || !siteId) return;
    await customerStub(this.env, siteId, referrerId).referralChanged();
  }

  addRewardCodes(rewardId: string, codes: string[]): { added: number; available: number } {
    return this.codes.add(rewardId, codes);
  }

  /** A code for a redemption: from the pool, or minted by the shop's webhook. */
  async issueRewardCode(reward: RewardDef, customerId: string, redemptionId: string): Promise<string | null> {
    return issueRewardCode(this.codes, reward, customerId, redemptionId, Date.now(), this.minter());
  }

  /** Adds codes to an offer's pool (codes already there are ignored). */
  addOfferCodes(offerId: string, codes: string[]): { added: number; available: number } {
    return addOfferCodes(this.codes, offerId, codes);
  }

  /** A code for one issue of an offer: from the pool, or minted by the shop's webhook (`offer.issued`); null when none. */
  async issueOfferCode(offer: OfferCodeSource, customerId: string, issueId: string): Promise<string | null> {
    return issueOfferCode(this.codes, offer, customerId, issueId, Date.now(), this.minter());
  }

  /** Codes minted by webhook are signed with the site's secret, to targets the deployment's policy allows (worker/platform/outbound-url.ts). */
  private minter(): CodeMinter | null {
    const r = this.site.read();
    return r ? { policy: { allowLocalDev: allowsLocalDev(this.env) }, webhookSecret: r.secrets.webhookSecret } : null;
  }

  // ---- platform orders (features/orders/platform-orders.ts) ------------------------------------
  /** Which customer a platform order belongs to (refund webhooks carry only the order id). */
  rememberOrder(orderId: string, customerId: string): void {
    this.orders.remember(orderId, customerId);
  }

  customerOfOrder(orderId: string): string | null {
    return this.orders.customerOf(orderId);
  }

  /** Whether a platform webhook delivery was already processed (a redelivery). */
  deliverySeen(id: string): boolean {
    return this.orders.seen(id);
  }

  /** Records a processed delivery; ids are kept 30 days (platforms stop retrying long before). */
  noteDelivery(id: string): void {
    this.orders.note(id, Date.now());
  }

  // ---- surveys: NPS (features/surveys/site-nps.ts) ---------------------------------------------
  /** One shopper's latest NPS score in a survey (answering again replaces it). */
  recordNps(entry: NpsEntry): void {
    this.nps.record(entry);
  }

  /** A visitor's scores become the customer's they merged into. */
  moveNps(fromShopper: string, toShopper: string): void {
    this.nps.move(fromShopper, toShopper);
  }

  /** Erasure: removes every NPS score of a shopper (their Profile object id). */
  forgetNps(shopper: string): void {
    this.nps.forget(shopper);
  }

  /** Promoters, passives, detractors, score and the latest follow-up texts of one survey. */
  npsSummary(surveyId: string, recent = 10): NpsSummaryData {
    return this.nps.summary(surveyId, recent);
  }

  // ---- the merchant console: sessions, staff, audit log (features/console-auth/) --------------
  /** Signs in an owner, or the staff member whose invite hash is live (null: unknown, expired or revoked). */
  openSession(s: NewSession, subject: SessionSubject, now: number): SessionRecord | null {
    return this.sessions.open(s, subject, now);
  }

  session(hash: string, now: number): SessionRecord | null {
    return this.sessions.get(hash, now);
  }

  closeSession(hash: string): boolean {
    return this.sessions.close(hash);
  }

  inviteStaff(id: string, email: string, role: StaffRole, inviteHash: string, now: number): StaffMember {
    return this.sessions.invite(id, email, role, inviteHash, now);
  }

  staff(): StaffMember[] {
    return this.sessions.staff();
  }

  /** Revokes a staff member and every session they hold. */
  removeStaff(id: string): StaffMember | null {
    return this.sessions.remove(id);
  }

  recordAudit(entry: AuditInput): void {
    this.auditLog.append(entry);
  }

  auditPage(before: number | null, limit: number): AuditPage {
    return this.auditLog.page(before, limit);
  }
}
