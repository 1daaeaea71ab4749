import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import type { Action, LoyaltyProgram, RewardDef } from "../features/loyalty";
import { emptyProfile, type ProfileState, type SurveyAnswer, type Traits } from "../features/customers/profile";
import { reportVisit, touchProfile, type VisitNews } from "../features/experiments/profile-arms";
import type { ExperimentRule } from "../features/experiments/assignment";
import type { SurveyDef } from "../features/surveys/survey";
import { applyResponse, npsAnswers } from "../features/surveys/survey-answers";
import { createSql, migrate, type Sql } from "../platform/sql";
import { PROFILE_MIGRATIONS } from "../platform/migrations/profile";
import { LoyaltyBook, ReferralCache } from "../features/loyalty/loyalty-book";
import { LoyaltyFlow, type LoyaltyState, type RedeemResult } from "../features/loyalty/loyalty-flow";
import { OrderFlow } from "../features/orders/order-flow";
import type { OrderInput, OrderResult, RefundInput } from "../features/orders/order-types";
import type { ProfileHost } from "../features/customers/profile-host";
import type { MergePayload, ProfileRef, StoredEvent } from "../features/customers/profile-types";
import type { WebhookEndpoint } from "../features/webhooks/webhooks";
import type { ReferralProgress } from "../features/loyalty/site-loyalty";
import { ProfileTriggers } from "../features/webhooks/profile-triggers";
import { ActivityLog } from "../features/customers/profile-activity";
import { OfferBook, type OfferDelivery } from "../features/offers/profile-offers";
import type { IssuedOffer, Occasion } from "../features/offers/offers";
import { fileCustomer, profileExport } from "../features/customers/file-customer";
import { recordEvents } from "../features/customers/events-flow";
import { MergeFlow } from "../features/identity/merge-flow";
import { insightsStub, siteStub } from "../platform/stubs";
import { bestEffort } from "../platform/best-effort";
import { InsightsReporter } from "../features/insights/insights-reporter";
import { ProfileWishlist, type SavedListResult } from "../features/wishlist/profile-wishlist";
import type { SavedItem } from "../features/wishlist/wishlist";

/**
 * One shopper of one shop (docs/architecture.md). Every change to that shopper goes through this
 * object, so two tabs can never lose each other's update. Public methods are the RPC API; each
 * loads the profile, applies a feature's rules, persists and sends the effects, the longer flows
 * in their feature folder (orders/order-flow.ts, loyalty/loyalty-flow.ts) through a ProfileHost.
 */
export class ProfileObject extends DurableObject<Env> {
  private readonly sql: Sql;
  private readonly book: LoyaltyBook;
  private readonly triggers: ProfileTriggers;
  private readonly activity: ActivityLog;
  private readonly offerBook: OfferBook;
  private readonly loyaltyFlow: LoyaltyFlow;
  private readonly orders: OrderFlow;
  private readonly merge: MergeFlow;
  private readonly host: ProfileHost;
  private readonly insights: InsightsReporter;
  private readonly wishlist: ProfileWishlist;
  /** `lastSeen` as stored, and a later one only in memory (see `visit`). */
  private storedLastSeen = 0;
  private unsavedLastSeen: number | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = createSql(ctx.storage);
    this.book = new LoyaltyBook(this.sql);
    this.activity = new ActivityLog(this.sql);
    this.triggers = new ProfileTriggers(this.sql, ctx.storage, env, () => this.activity.nextSweepAt());
    this.offerBook = new OfferBook(this.sql);
    this.insights = new InsightsReporter({ env, book: this.book });
    this.host = {
      env,
      sql: this.sql,
      book: this.book,
      activity: this.activity,
      objectId: ctx.id.toString(),
      load: (ref, now) => this.load(ref, now),
      save: (p) => this.save(p),
      index: (p) => this.index(p),
      report: (p, force) => this.insights.report(p, force),
    };
    this.merge = new MergeFlow(this.host);
    this.wishlist = new ProfileWishlist(this.host);
    this.loyaltyFlow = new LoyaltyFlow(this.host, new ReferralCache(ctx.storage.kv));
    this.orders = new OrderFlow(this.host, this.loyaltyFlow);
    migrate(ctx.storage, PROFILE_MIGRATIONS);
  }

  /**
   * Counts the visit (a page load) and returns the profile as the experience needs it. A page load
   * inside the current visit only moves `lastSeen`; rewriting the whole profile for that was most of
   * an experience's cost (and its latency: the write must commit before the answer), so such a move
   * is kept in memory and stored with the next write, or once it is LAST_SEEN_WRITE_MS (or a quarter
   * of the idle window) old. Arms in experiments the profile lacks are given here too, and saved at once.
   */
  visit(ref: ProfileRef, now: number, idleMs: number, experiments: readonly ExperimentRule[] = []): { profile: ProfileState; news: VisitNews | null } {
    const p = this.load(ref, now);
    const t = touchProfile(p, now, idleMs, experiments);
    // A quarter of the idle window at most, so a lost in-memory copy (eviction) can only split a visit whose gap was nearly the whole window.
    if (t.changed || p.lastSeen - this.storedLastSeen >= Math.min(LAST_SEEN_WRITE_MS, idleMs / 4)) this.save(p);
    else this.unsavedLastSeen = p.lastSeen;
    return { profile: p, news: t.news };
  }

  /** What `GET /v1/experience` needs from this object in one call: the visit counted (insights hear of it), arms given, and a customer's loyalty facts. */
  async visitWithLoyalty(
    ref: ProfileRef,
    now: number,
    idleMs: number,
    program: LoyaltyProgram | null,
    experiments: readonly ExperimentRule[] = [],
  ): Promise<{ profile: ProfileState; loyalty: LoyaltyState | null; referral: ReferralProgress | null }> {
    const { profile, news } = this.visit(ref, now, idleMs, experiments);
    if (news) await reportVisit(this.env, ref, profile, news, this.host.objectId, now);
    if (!program || ref.kind !== "customer") return { profile, loyalty: null, referral: null };
    return { profile, loyalty: this.loyaltyFlow.stateOf(profile, program, now), referral: await this.loyaltyFlow.referral(ref, profile.traits.email) };
  }

  /** Called by the Site when this customer's referral counts changed: the next experience asks again. */
  referralChanged(): void {
    this.loyaltyFlow.referralChanged();
  }

  /** Stores a batch of browser events (features/customers/events-flow.ts). */
  recordEvents(ref: ProfileRef, events: StoredEvent[], categoriesOf: Record<string, string[]>, now: number, retentionDays?: number, attributionDays?: number) {
    return recordEvents(this.host, { arm: () => this.triggers.arm(), observe: (p) => this.observeTriggers(p) }, ref, events, categoriesOf, now, retentionDays, attributionDays);
  }

  /**
   * Stores a checked survey response (a later answer to the same question replaces the earlier
   * one; `null` records "Not now") with the consent the profile knows at this moment; an NPS score
   * also goes to the Site's summary, keyed by this object's id (a pseudonym, never the visitor id).
   */
  async answer(ref: ProfileRef, survey: SurveyDef, questionId: string, answer: SurveyAnswer | null, now: number): Promise<{ completed: boolean; consent: { marketing: boolean | null } }> {
    const p = this.load(ref, now);
    const consent = { marketing: p.traits.marketingConsent };
    const stored = answer && { ...answer, consent };
    const { completed } = applyResponse(p, survey, questionId, stored, now);
    this.save(p);
    if (stored?.score !== undefined) await this.site(ref.siteId).recordNps({ surveyId: survey.id, shopper: this.ctx.id.toString(), score: stored.score, text: stored.text ?? null, at: stored.at });
    if (stored) await bestEffort("insights survey count", () => insightsStub(this.env, ref.siteId).recordSurvey(survey.id, 1, now, stored.score ?? null, this.ctx.id.toString()));
    // Answers feed segment rules (e.g. "said they have dry skin").
    if (p.kind === "customer" && stored) await this.index(this.load(ref, now)); // as stored now: others may have written while the Site answered
    return { completed, consent };
  }

  /** Sets traits; `null` clears one, absent leaves it. Creates the customer profile if needed. */
  async setTraits(ref: ProfileRef, traits: Partial<Traits>, now: number): Promise<ProfileState> {
    const p = this.load(ref, now);
    Object.assign(p.traits, Object.fromEntries(Object.entries(traits).filter(([, v]) => v !== undefined)));
    this.save(p);
    if (p.kind === "customer") await this.index(p);
    return p;
  }

  /** Saves a product for later (features/wishlist/profile-wishlist.ts). */
  saveProduct(ref: ProfileRef, item: SavedItem, now: number): Promise<SavedListResult> {
    return this.wishlist.save(ref, item, now);
  }

  /** Removes a product from the saved list. */
  unsaveProduct(ref: ProfileRef, productId: string, now: number): Promise<SavedListResult> {
    return this.wishlist.unsave(ref, productId, now);
  }

  /** A visitor's data, for merging into a customer (features/identity/merge-flow.ts). */
  mergePayload(ref: ProfileRef, now: number): MergePayload {
    return this.merge.payload(ref, now);
  }

  /** Folds a visitor's payload into this customer, once per visitor version. */
  absorb(ref: ProfileRef, from: MergePayload, now: number): Promise<ProfileState> {
    return this.merge.absorb(ref, from, now);
  }

  /** After a merge: the anonymous profile keeps only its visit count and a pointer to the customer. */
  markMerged(ref: ProfileRef, customerId: string, now: number): void {
    this.merge.markMerged(ref, customerId, now);
  }

  /** Records a trusted order once per id (features/orders/order-flow.ts). */
  recordOrder(ref: ProfileRef, order: OrderInput, program: LoyaltyProgram, categoriesOf: Record<string, string[]>, now: number, webhooks?: readonly WebhookEndpoint[]): Promise<OrderResult> {
    return this.orders.record(ref, order, program, categoriesOf, now, webhooks);
  }

  /** Refunds (part of) an order once per refund id (features/orders/order-flow.ts). */
  refund(ref: ProfileRef, r: RefundInput, program: LoyaltyProgram, now: number): Promise<OrderResult> {
    return this.orders.refund(ref, r, program, now);
  }

  /** Awards a fixed action (review, birthday, …) once per `key`, within the program's caps. */
  awardAction(ref: ProfileRef, action: Action, key: string, program: LoyaltyProgram, at: number, now: number) {
    return this.loyaltyFlow.awardAction(ref, action, key, program, at, now);
  }

  /** The shop adjusts the customer's points with a reason, once per key (features/loyalty/points-adjust.ts). */
  adjustPoints(ref: ProfileRef, key: string, points: number, reason: string, program: LoyaltyProgram, now: number) {
    return this.loyaltyFlow.adjust(ref, key, points, reason, program, now);
  }

  /** The referrer's side of a referral: credited (once per friend) when the friend's first order arrives. */
  creditReferrer(ref: ProfileRef, friendId: string, program: LoyaltyProgram, at: number, now: number): Promise<number> {
    return this.loyaltyFlow.creditReferrer(ref, friendId, program, at, now);
  }

  /** Takes the referrer's reward back when the friend's qualifying order is refunded. */
  reverseReferrer(ref: ProfileRef, friendId: string, program: LoyaltyProgram, at: number, now: number): Promise<void> {
    return this.loyaltyFlow.reverseReferrer(ref, friendId, program, at, now);
  }

  /** Remembers who referred this shopper (first code wins; not after they have ordered). */
  noteReferral(ref: ProfileRef, code: string, now: number): boolean {
    const p = this.load(ref, now);
    if (p.referredBy || p.orders > 0) return false;
    p.referredBy = code;
    this.save(p);
    return true;
  }

  /** Redeems a reward for points, atomically (features/loyalty/loyalty-flow.ts). */
  redeem(ref: ProfileRef, reward: RewardDef, redemptionId: string, program: LoyaltyProgram, now: number): Promise<RedeemResult> {
    return this.loyaltyFlow.redeem(ref, reward, redemptionId, program, now);
  }

  /**
   * Codes for the offer occasions that apply to this customer now (decided from their profile by
   * features/offers/offers.service.ts): the one issued before, or a new one from the Site's pool or the shop's mint
   * webhook, once per occasion (features/offers/profile-offers.ts). Nothing for visitors: codes are personal.
   */
  async issueOffers(ref: ProfileRef, occasions: Occasion[], rules: OfferDelivery[], now: number): Promise<IssuedOffer[]> {
    if (ref.kind !== "customer") return [];
    return this.offerBook.issue(occasions, rules, now, (offer, issueId) => this.site(ref.siteId).issueOfferCode(offer, ref.id, issueId));
  }

  /** Loyalty as the shopper and the shop see it, at `now`, under the given program. */
  loyalty(ref: ProfileRef, program: LoyaltyProgram, now: number): LoyaltyState {
    return this.loyaltyFlow.stateOf(this.load(ref, now), program, now);
  }

  /** The whole profile as the server API shows it. */
  view(ref: ProfileRef, now: number) {
    const state = this.load(ref, now);
    return { exists: state.version > 0, state, orders: this.book.recentOrders(), offers: this.offerBook.all() };
  }

  /** Everything held about this shopper (GDPR access): see features/customers/file-customer.ts. */
  exportAll(ref: ProfileRef, now: number) {
    return profileExport(this.host, this.load(ref, now), this.offerBook.all());
  }

  /** Erases this profile completely (GDPR erasure). Returns the visitor ids that were merged into it. */
  async erase(): Promise<string[]> {
    const row = this.sql<{ state: string }>`SELECT state FROM profile`[0];
    const state = row ? (JSON.parse(row.state) as ProfileState) : null;
    const merged = state ? Object.keys(state.mergedFrom) : [];
    // NPS scores (and their follow-up texts) live in the Site's summary too.
    if (state && npsAnswers(state).length) await this.site(state.siteId).forgetNps(this.ctx.id.toString());
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.unsavedLastSeen = null;
    this.book.forget();
    this.insights.forget();
    // This instance may serve more calls before it is evicted: give it its (empty) tables back.
    migrate(this.ctx.storage, PROFILE_MIGRATIONS);
    return merged;
  }

  private load(ref: ProfileRef, now: number): ProfileState {
    const row = this.sql<{ state: string }>`SELECT state FROM profile`[0];
    const p = row ? (JSON.parse(row.state) as ProfileState) : emptyProfile(ref.kind, ref.siteId, ref.id, now);
    this.storedLastSeen = p.lastSeen;
    if (this.unsavedLastSeen !== null && this.unsavedLastSeen > p.lastSeen) p.lastSeen = this.unsavedLastSeen;
    return p;
  }

  private save(p: ProfileState): void {
    p.version += 1;
    this.sql`INSERT INTO profile (k, state) VALUES (1, ${JSON.stringify(p)}) ON CONFLICT (k) DO UPDATE SET state = excluded.state`;
    this.storedLastSeen = p.lastSeen;
    this.unsavedLastSeen = null;
  }

  private site(siteId: string) {
    return siteStub(this.env, siteId);
  }

  /** Keeps the shop's customer index (listing, segments) current, then re-checks the time triggers. */
  private async index(p: ProfileState): Promise<void> {
    const segments = await fileCustomer(this.host, p, Date.now());
    // Other calls may have written the profile while the Site answered: keep the verdict on the
    // stored state, never by saving this (possibly older) copy over theirs.
    this.keepSegments(this.load({ siteId: p.siteId, kind: p.kind, id: p.id }, Date.now()), segments);
    p.segments = segments;
    await this.insights.report(p);
    await this.observeTriggers(p);
  }

  /** The Site re-filed this customer on its own (new rules or thresholds): keep its verdict. */
  noteSegments(ref: ProfileRef, segments: string[], now: number): void {
    if (ref.kind !== "customer") return;
    const p = this.load(ref, now);
    if (p.version > 0) this.keepSegments(p, segments);
  }

  /** Membership as the Site filed it, kept on the profile so the experience reads it for free. */
  private keepSegments(p: ProfileState, segments: string[]): void {
    if (JSON.stringify(p.segments ?? []) === JSON.stringify(segments)) return;
    p.segments = segments;
    this.save(p);
  }

  /** Time-based triggers (cart abandoned, lapsed, birthday) and tier-change webhooks: see profile-triggers.ts. */
  async alarm(): Promise<void> {
    const now = Date.now();
    const due = this.activity.nextSweepAt();
    if (due !== null && due <= now) this.activity.sweep(now);
    const row = this.sql<{ state: string }>`SELECT state FROM profile`[0];
    await this.triggers.fire(row ? (JSON.parse(row.state) as ProfileState) : null, now);
  }

  /** Webhooks never fail the change that caused them: a moment missed here is picked up on the next change. */
  private async observeTriggers(p: ProfileState): Promise<void> {
    try {
      await this.triggers.observe(p, Date.now());
    } catch (err) {
      console.error("profile triggers:", err instanceof Error ? err.message : err);
    }
  }
}

/** How far `lastSeen` may run ahead of its stored copy (a page load within a visit writes nothing until then). */
const LAST_SEEN_WRITE_MS = 60_000;
