import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import {
  actionAward,
  balanceAt,
  multiplierAt,
  orderPoints,
  refundReversal,
  stampsFor,
  tierStatus,
  type Action,
  type Balance,
  type LedgerEntry,
  type LoyaltyProgram,
  type RewardDef,
  type TierStatus,
} from "../features/loyalty";
import { emptyProfile, LIMITS, type ProfileState, type SurveyAnswer, type Traits } from "../features/customers/profile";
import { applyEvent, forgetPurchases, mergeInto, noteCategories, notePurchases, type ShopperEvent } from "../features/customers/profile-changes";
import { touchVisit } from "../features/customers/visits";
import type { SurveyDef } from "../features/surveys/survey";
import { applyResponse, mergeSurveys, npsAnswers } from "../features/surveys/survey-answers";
import { createSql, migrate, type Sql } from "../platform/sql";
import { PROFILE_MIGRATIONS } from "../platform/migrations/profile";
import { LoyaltyBook, ReferralCache, type Redemption } from "../features/loyalty/loyalty-book";
import type { ReferralProgress } from "../features/loyalty/site-loyalty";
import { ProfileTriggers } from "../features/webhooks/profile-triggers";
import { ActivityLog } from "../features/customers/profile-activity";
import { OfferBook, type OfferDelivery } from "../features/offers/profile-offers";
import type { IssuedOffer, Occasion } from "../features/offers/offers";
import { dayOf, MAX_WINDOW_DAYS, type DailyCounts } from "../features/segments/event-windows";
import type { CustomerIndexEntry } from "./site-object";
import { membershipIds } from "../features/segments/segment-membership";
import { emitWebhook } from "../features/webhooks/webhooks.service";
import { customerStub, profileObjectId, siteStub } from "../platform/stubs";

/** Which profile an RPC call is about; objects are named `site:{siteId}:{kind}:{id}`. */
export interface ProfileRef {
  siteId: string;
  kind: "visitor" | "customer";
  id: string;
}

export type StoredEvent = ShopperEvent & { id: string; at: number };

export interface OrderInput {
  id: string;
  email?: string | undefined;
  items: { productId: string; quantity: number; price: number }[];
  total: number;
  currency: string;
  /** Points per unit of `currency` (`currencyTerms`): 0 when the program cannot value it, so it earns nothing. */
  rate: number;
  /** The order's worth in the site currency, what it adds to spend (tiers, lifecycle, RFM): total × spendFactor. */
  value: number;
  createdAt: number;
  status: "paid" | "refunded" | "cancelled";
}

export interface OrderResult {
  result: "created" | "duplicate" | "updated" | "not_found";
  orderId: string;
  status: OrderInput["status"] | "partially_refunded";
  /** Points this call added (negative: reversed). */
  pointsChange: number;
  /** Spendable balance after the call (available minus owed). */
  points: number;
  pending: number;
  owed: number;
}

export type RedeemResult = { ok: true; redemption: Redemption; balance: number } | { ok: false; code: "insufficient_points" | "reward_unavailable"; balance: number };

/** Everything loyalty-related about one shopper at one moment. */
export interface LoyaltyState {
  balance: Balance;
  tier: TierStatus;
  stamps: Record<string, number>;
  redemptions: Redemption[];
  referredBy: string | null;
  email: string | null;
}

/** What a visitor profile hands over when it is merged into a customer's. */
export interface MergePayload {
  state: ProfileState;
  events: StoredEvent[];
  /** Daily event counts (they outlive raw events; see profile-activity.ts). */
  days?: DailyCounts;
}

/**
 * One shopper of one shop (DESIGN §2). Every change to that shopper goes through this object,
 * so two tabs can never lose each other's update. Public methods are the RPC API.
 */
export class ProfileObject extends DurableObject<Env> {
  private readonly sql: Sql;
  private readonly book: LoyaltyBook;
  private readonly triggers: ProfileTriggers;
  private readonly activity: ActivityLog;
  private readonly offerBook: OfferBook;
  private readonly referrals: ReferralCache;
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
    this.referrals = new ReferralCache(ctx.storage.kv);
    migrate(ctx.storage, PROFILE_MIGRATIONS);
  }

  /**
   * Counts the visit (a page load) and returns the profile as the experience needs it. A page load
   * inside the current visit only moves `lastSeen`; rewriting the whole profile for that was most of
   * an experience's cost (and its latency: the write must commit before the answer), so such a move
   * is kept in memory and stored with the next write, or once it is LAST_SEEN_WRITE_MS (or a quarter
   * of the idle window) old.
   */
  visit(ref: ProfileRef, now: number, idleMs: number): ProfileState {
    const p = this.load(ref, now);
    const t = touchVisit(p, now, idleMs);
    const changed = p.version === 0 || t.newVisit || t.previousVisitAt !== p.previousVisitAt;
    p.visits = t.visits;
    p.lastSeen = t.lastSeen;
    p.previousVisitAt = t.previousVisitAt;
    // A quarter of the idle window at most, so a lost in-memory copy (eviction) can only split a visit whose gap was nearly the whole window.
    if (changed || t.lastSeen - this.storedLastSeen >= Math.min(LAST_SEEN_WRITE_MS, idleMs / 4)) this.save(p);
    else this.unsavedLastSeen = t.lastSeen;
    return p;
  }

  /** What `GET /v1/experience` needs from this object in one call: the visit counted, and a customer's loyalty facts. */
  async visitWithLoyalty(
    ref: ProfileRef,
    now: number,
    idleMs: number,
    program: LoyaltyProgram | null,
  ): Promise<{ profile: ProfileState; loyalty: LoyaltyState | null; referral: ReferralProgress | null }> {
    const profile = this.visit(ref, now, idleMs);
    if (!program || ref.kind !== "customer") return { profile, loyalty: null, referral: null };
    return { profile, loyalty: this.loyaltyOf(profile, program, now), referral: await this.referral(ref, profile.traits.email) };
  }

  /** The customer's referral code and counts: cached here, asked of the Site only when unknown (see ReferralCache). */
  private async referral(ref: ProfileRef, email: string | null): Promise<ReferralProgress> {
    const cached = this.referrals.get(email);
    if (cached) return cached;
    const gen = this.referrals.generation();
    const fresh = await this.site(ref.siteId).referralCode(ref.id, email);
    this.referrals.store(gen, email, fresh);
    return fresh;
  }

  /** Called by the Site when this customer's referral counts changed: the next experience asks again. */
  referralChanged(): void {
    this.referrals.invalidate();
  }

  /** Stores a batch of browser events; ids already seen are skipped, so retries are harmless. */
  async recordEvents(ref: ProfileRef, events: StoredEvent[], categoriesOf: Record<string, string[]>, now: number, retentionDays?: number) {
    const p = this.load(ref, now);
    const before = indexSignature(p);
    const cartBefore = p.cart?.updatedAt;
    const windowMoved = retentionDays !== undefined && this.activity.setRetentionDays(retentionDays);
    const cutoff = this.activity.cutoff(now);
    const hadEvents = this.activity.nextSweepAt() !== null;
    let accepted = 0;
    for (const e of [...events].sort((a, b) => a.at - b.at)) {
      const { id, at, ...data } = e;
      // Past the retention window: already swept (or about to be), so a late retry cannot bring it back.
      if (at <= cutoff) continue;
      const inserted = this.sql`INSERT OR IGNORE INTO events (id, type, at, data) VALUES (${id}, ${e.type}, ${at}, ${JSON.stringify(data)}) RETURNING id`;
      if (inserted.length === 0) continue;
      accepted++;
      this.activity.count([e]);
      applyEvent(p, e, at);
      if (e.type === "product_view") noteCategories(p, categoriesOf[e.productId] ?? []);
    }
    if (accepted > 0) {
      this.trimEvents();
      this.save(p);
      // The shop's index only needs to hear about browsing when it can change a lifecycle stage,
      // or (at most every few minutes) for rules that count events in windows; awaited, so a 2xx
      // means every write is done.
      const stale = now - this.activity.lastBrowseIndex() >= BROWSE_INDEX_MS;
      if (p.kind === "customer" && (indexSignature(p) !== before || stale)) await this.index(p);
      else if (p.kind === "customer" && p.cart?.updatedAt !== cartBefore) await this.observeTriggers(p);
    }
    // The first raw event (or a new window) schedules the retention sweep on the object's alarm.
    if ((accepted > 0 && !hadEvents) || windowMoved) await this.triggers.arm();
    return { accepted, duplicates: events.length - accepted };
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
    // Answers feed segment rules (e.g. "said they have dry skin").
    if (p.kind === "customer" && stored) await this.index(p);
    return { completed, consent };
  }

  /** Sets traits; `null` clears one, absent leaves it. Creates the customer profile if needed. */
  async setTraits(ref: ProfileRef, traits: Partial<Traits>, now: number): Promise<ProfileState> {
    const p = this.load(ref, now);
    Object.assign(p.traits, stripUndefined(traits));
    this.save(p);
    if (p.kind === "customer") await this.index(p);
    return p;
  }

  /** A visitor's data, for merging into a customer. Read-only: the visitor is cleared only after the merge succeeded. */
  mergePayload(ref: ProfileRef, now: number): MergePayload {
    const state = this.load(ref, now);
    const events = this.sql<{ id: string; at: number; data: string }>`SELECT id, at, data FROM events ORDER BY at`.map(
      (r) => ({ ...(JSON.parse(r.data) as ShopperEvent), id: r.id, at: r.at }),
    );
    return { state, events, days: this.activity.days() };
  }

  /**
   * Folds a visitor's payload into this customer. Applied once per visitor version, so a retried
   * identify never double-counts visits.
   */
  async absorb(ref: ProfileRef, from: MergePayload, now: number): Promise<ProfileState> {
    const p = this.load(ref, now);
    if (p.mergedFrom[from.state.id] !== from.state.version && from.state.version > 0) {
      mergeInto(p, from.state);
      mergeSurveys(p, from.state);
      // The visitor's NPS scores count as this customer's from now on (once per shopper).
      if (npsAnswers(from.state).length) await this.site(ref.siteId).moveNps(profileObjectId(this.env, { siteId: ref.siteId, kind: "visitor", id: from.state.id }), this.ctx.id.toString());
      for (const e of from.events) {
        const { id, at, ...data } = e;
        this.sql`INSERT OR IGNORE INTO events (id, type, at, data) VALUES (${id}, ${e.type}, ${at}, ${JSON.stringify(data)})`;
      }
      this.activity.add(from.days ?? {});
      p.mergedFrom[from.state.id] = from.state.version;
      this.trimEvents();
    }
    this.save(p);
    await this.index(p);
    return p;
  }

  /** After a merge: the anonymous profile keeps only its visit count and a pointer to the customer. */
  markMerged(ref: ProfileRef, customerId: string, now: number): void {
    const old = this.load(ref, now);
    const p = emptyProfile(ref.kind, ref.siteId, ref.id, old.createdAt);
    Object.assign(p, { visits: old.visits, handedOverVisits: old.visits, lastSeen: old.lastSeen, previousVisitAt: old.previousVisitAt, mergedInto: customerId, version: old.version });
    this.sql`DELETE FROM events`;
    this.activity.clear();
    this.save(p);
  }

  /**
   * Records a trusted order once per id. A paid order earns points at the currency's rate times
   * the tier multiplier in force when it was placed (pending through the return window), the
   * first-order bonus, punch-card stamps and, for a referred friend's first order, both referral
   * rewards. Sending it again as `refunded` or `cancelled` refunds whatever is not yet refunded.
   */
  async recordOrder(ref: ProfileRef, order: OrderInput, program: LoyaltyProgram, categoriesOf: Record<string, string[]>, now: number): Promise<OrderResult> {
    const p = this.load(ref, now);
    if (order.email && !p.traits.email) p.traits.email = order.email;
    const existing = this.book.order(order.id);
    if (existing) {
      if (order.status === "paid" || existing.refunded >= existing.total || existing.status === "cancelled") return this.orderResult(p, order.id, "duplicate", 0);
      const r = await this.refund(ref, { orderId: order.id, refundId: `${order.id}:${order.status}`, amount: null, at: order.createdAt, status: order.status }, program, now);
      return { ...r, result: r.result === "created" ? "updated" : "duplicate" };
    }

    const paid = order.status === "paid";
    const entries = this.book.entries();
    const points = paid ? orderPoints(order.total, order.rate, program, multiplierAt(entries, program, order.createdAt)) : 0;
    const items = order.items.map((i) => ({ ...i, categories: categoriesOf[i.productId] ?? [] }));
    const stamps: Record<string, number> = Object.fromEntries(program.punchCards.map((c) => [c.id, paid ? stampsFor(c, items) : 0] as const).filter(([, n]) => n !== 0));
    this.sql`INSERT INTO orders (id, status, total, currency, created_at, items, points, stamps) VALUES (${order.id}, ${order.status}, ${order.total}, ${order.currency}, ${order.createdAt}, ${JSON.stringify(order.items)}, ${points}, ${JSON.stringify(stamps)})`;
    let change = 0;
    const completed: { cardId: string; n: number }[] = [];
    if (paid) {
      const firstOrder = p.orders === 0;
      this.book.earn(`order:${order.id}`, points, order.createdAt, program, { pending: true, spend: order.value, reason: "order" });
      change += points;
      if (firstOrder) change += this.award(entries, "first_order", order.id, order.createdAt, program, true);
      for (const [card, n] of Object.entries(stamps)) {
        const def = program.punchCards.find((c) => c.id === card);
        const before = p.stamps[card] ?? 0;
        p.stamps[card] = before + n;
        if (def) for (let k = Math.floor(before / def.required) + 1; k <= Math.floor(p.stamps[card] / def.required); k++) completed.push({ cardId: card, n: k });
      }
      p.orders += 1;
      p.spend = round2(p.spend + order.value);
      p.lastOrderAt = Math.max(p.lastOrderAt ?? 0, order.createdAt);
      p.firstOrderAt = Math.min(p.firstOrderAt ?? order.createdAt, order.createdAt);
      p.purchased = [...new Set([...order.items.map((i) => i.productId), ...p.purchased])].slice(0, LIMITS.purchased);
      notePurchases(p, order.items, order.createdAt);
      this.activity.count([{ type: "order", at: order.createdAt }]);
      if (firstOrder && p.referredBy && ref.kind === "customer") change += await this.referredFirstOrder(ref, p, order, program);
    }
    this.refreshPoints(p, now, program);
    this.save(p);
    await this.index(p);
    if (paid) await this.site(ref.siteId).recordPurchases({ orderId: order.id, customerId: ref.id, items: order.items, total: order.total, at: order.createdAt });
    await this.deliverPunchCards(ref, program, completed, order.id, now);
    return { ...this.orderResult(p, order.id, "created", change), status: order.status };
  }

  /**
   * Refunds (part of) an order once per refund id: reverses the share of the order's points that
   * the refunded amount is of its total (a full refund reverses all of it, plus the first-order
   * and referral bonuses it unlocked). Points already spent show as owed, never as a silent minus.
   */
  async refund(
    ref: ProfileRef,
    r: { orderId: string; refundId: string; amount: number | null; at: number; status?: "refunded" | "cancelled"; items?: { productId: string; quantity: number }[] },
    program: LoyaltyProgram,
    now: number,
  ): Promise<OrderResult> {
    const p = this.load(ref, now);
    const order = this.book.order(r.orderId);
    if (!order) return { result: "not_found", orderId: r.orderId, status: "paid", pointsChange: 0, points: p.points, pending: 0, owed: 0 };
    if (this.sql`SELECT 1 AS x FROM refunds WHERE id = ${r.refundId}`.length) return this.orderResult(p, order.id, "duplicate", 0);
    const left = round2(order.total - order.refunded);
    const amount = round2(Math.min(left, r.amount ?? left));
    const reversal = order.status === "paid" || order.status === "partially_refunded" ? refundReversal(order.points, order.total, order.refunded, amount) : 0;
    this.sql`INSERT INTO refunds (id, order_id, amount, points, at) VALUES (${r.refundId}, ${order.id}, ${amount}, ${reversal}, ${r.at})`;
    const full = amount >= left;
    let change = 0;
    const voided: Redemption[] = [];
    // Spend goes back at the rate the order added it (its site-currency worth; 0 if never counted).
    const added = this.sql<{ spend: number }>`SELECT spend FROM ledger WHERE source = ${`order:${order.id}`} AND kind = 'earn'`[0]?.spend ?? 0;
    const spendBack = order.total > 0 ? round2((amount * added) / order.total) : 0;
    if (this.book.reverse(`refund:${r.refundId}`, `order:${order.id}`, reversal, r.at, { spend: spendBack, reason: r.status ?? "refund" })) change -= reversal;
    const wasCounted = order.status === "paid" || order.status === "partially_refunded";
    if (full && wasCounted) {
      const bonus = `action:first_order:${order.id}`;
      if (this.book.has(bonus) && this.book.reverseAll(`refund:${r.refundId}:first_order`, bonus, r.at, "first order refunded")) change -= this.reversedBy(`refund:${r.refundId}:first_order`);
      const friend = `referral:friend:${order.id}`;
      if (this.book.has(friend)) {
        if (this.book.reverseAll(`refund:${r.refundId}:referral`, friend, r.at, "referred order refunded")) change -= this.reversedBy(`refund:${r.refundId}:referral`);
        await this.site(ref.siteId).referralReversed(ref.id, order.id);
      }
      const stamps = JSON.parse(order.stamps) as Record<string, number>;
      for (const [card, n] of Object.entries(stamps)) p.stamps[card] = Math.max(0, (p.stamps[card] ?? 0) - n);
      voided.push(...this.voidPunchRewards(program, stamps, p.stamps, order.id, r.status ?? "refunded", r.at));
      p.orders = Math.max(0, p.orders - 1);
      forgetPurchases(p, JSON.parse(order.items) as OrderInput["items"], order.created_at);
    }
    p.spend = round2(Math.max(0, p.spend - (wasCounted ? spendBack : 0)));
    const status = full ? (r.status ?? "refunded") : "partially_refunded";
    this.sql`UPDATE orders SET refunded = ${round2(order.refunded + amount)}, status = ${status} WHERE id = ${order.id}`;
    this.refreshPoints(p, now, program);
    this.save(p);
    await this.index(p);
    for (const v of voided) {
      const data = { customerId: ref.id, email: p.traits.email ?? null, redemptionId: v.id, rewardId: v.rewardId, code: v.code, orderId: order.id, reason: r.status ?? "refunded" };
      await emitWebhook(this.env, ref.siteId, "loyalty.reward_voided", data, `${ref.id}:${v.id}`, { now });
    }
    return { ...this.orderResult(p, order.id, "created", change), status: status as OrderResult["status"] };
  }

  /** Awards a fixed action (review, birthday, …) once per `key`, within the program's caps. */
  async awardAction(ref: ProfileRef, action: Action, key: string, program: LoyaltyProgram, at: number, now: number) {
    const p = this.load(ref, now);
    const source = `action:${action}:${key}`;
    if (this.book.has(source)) return { result: "duplicate" as const, points: 0, balance: p.points };
    const award = actionAward(action, this.book.entries(), program, at);
    if (award.points > 0) this.book.earn(source, award.points, at, program, { pending: false, reason: action });
    this.refreshPoints(p, now, program);
    this.save(p);
    if (p.kind === "customer") await this.index(p);
    return { result: award.reason, points: award.points, balance: p.points };
  }

  /** The referrer's side of a referral: credited (once per friend) when the friend's first order arrives. */
  async creditReferrer(ref: ProfileRef, friendId: string, program: LoyaltyProgram, at: number, now: number): Promise<number> {
    const p = this.load(ref, now);
    const source = `action:referral:${friendId}`;
    const award = this.book.has(source) ? { points: 0 } : actionAward("referral", this.book.entries(), program, at);
    if (award.points > 0) this.book.earn(source, award.points, at, program, { pending: true, reason: "referral" });
    this.refreshPoints(p, now, program);
    this.save(p);
    await this.index(p);
    return award.points;
  }

  /** Takes the referrer's reward back when the friend's qualifying order is refunded. */
  async reverseReferrer(ref: ProfileRef, friendId: string, program: LoyaltyProgram, at: number, now: number): Promise<void> {
    const p = this.load(ref, now);
    this.book.reverseAll(`refund:referral:${friendId}`, `action:referral:${friendId}`, at, "referred order refunded");
    this.refreshPoints(p, now, program);
    this.save(p);
    await this.index(p);
  }

  /** Remembers who referred this shopper (first code wins; not after they have ordered). */
  noteReferral(ref: ProfileRef, code: string, now: number): boolean {
    const p = this.load(ref, now);
    if (p.referredBy || p.orders > 0) return false;
    p.referredBy = code;
    this.save(p);
    return true;
  }

  /**
   * Redeems a reward atomically: the points leave the balance before the code is fetched, so a
   * second tab sees the lower balance; if no code can be had the points come back. Repeating a
   * redemption id returns the first result.
   */
  async redeem(ref: ProfileRef, reward: RewardDef, redemptionId: string, program: LoyaltyProgram, now: number): Promise<RedeemResult> {
    const p = this.load(ref, now);
    const seen = this.book.redemption(redemptionId);
    if (seen) return seen.status === "issued" ? { ok: true, redemption: seen, balance: p.points } : { ok: false, code: "reward_unavailable", balance: p.points };
    const balance = balanceAt(this.book.entries(), now);
    if (balance.available - balance.owed < reward.cost) return { ok: false, code: "insufficient_points", balance: balance.available };
    this.book.append({ source: `redeem:${redemptionId}`, kind: "redeem", points: -reward.cost, at: now, availableAt: now, expiresAt: null, reverses: null, spend: 0, reason: `reward ${reward.id}` });
    this.sql`INSERT INTO redemptions (id, reward_id, cost, status, code, at) VALUES (${redemptionId}, ${reward.id}, ${reward.cost}, 'pending', NULL, ${now})`;
    this.refreshPoints(p, now, program);
    this.save(p);
    const code = await this.site(ref.siteId).issueRewardCode(reward, ref.id, redemptionId);
    if (!code) {
      this.book.append({ source: `redeem:${redemptionId}:returned`, kind: "adjust", points: reward.cost, at: now, availableAt: now, expiresAt: null, reverses: null, spend: 0, reason: "reward unavailable" });
      this.sql`UPDATE redemptions SET status = 'failed' WHERE id = ${redemptionId}`;
      this.refreshPoints(p, now, program);
      this.save(p);
      return { ok: false, code: "reward_unavailable", balance: p.points };
    }
    this.sql`UPDATE redemptions SET status = 'issued', code = ${code} WHERE id = ${redemptionId}`;
    await this.index(p);
    return { ok: true, redemption: this.book.redemption(redemptionId) as Redemption, balance: p.points };
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
    return this.loyaltyOf(this.load(ref, now), program, now);
  }

  private loyaltyOf(p: ProfileState, program: LoyaltyProgram, now: number): LoyaltyState {
    const entries = this.book.entries();
    return { balance: balanceAt(entries, now), tier: tierStatus(entries, program, now), stamps: p.stamps, redemptions: this.book.redemptions(), referredBy: p.referredBy, email: p.traits.email };
  }

  /**
   * Each completed punch card earns its free item: a code from the card's reward (no points
   * charged), recorded once per completion number, so a replayed order never issues it twice.
   * Without a code (no reward set, or the pool is empty) the completion still shows in `completed`.
   */
  private async deliverPunchCards(ref: ProfileRef, program: LoyaltyProgram, completed: { cardId: string; n: number }[], orderId: string, now: number): Promise<void> {
    for (const { cardId, n } of completed) {
      const card = program.punchCards.find((c) => c.id === cardId);
      const reward = card?.rewardId ? program.rewards.find((r) => r.id === card.rewardId) : undefined;
      // A completion voided by a reversed order and earned again gets an id of its own.
      const first = `punch-${cardId}-${n}`;
      const id = this.book.redemption(first)?.status === "voided" ? `${first}-r${orderId}` : first;
      if (!reward || this.book.redemption(id)) continue;
      this.sql`INSERT INTO redemptions (id, reward_id, cost, status, code, at) VALUES (${id}, ${reward.id}, 0, 'pending', NULL, ${now})`;
      const code = await this.site(ref.siteId).issueRewardCode(reward, ref.id, id);
      this.sql`UPDATE redemptions SET status = ${code ? "issued" : "failed"}, code = ${code} WHERE id = ${id}`;
    }
  }

  /**
   * A reversed order takes back its stamps, and with them any punch-card reward those stamps
   * completed: the redemption becomes `voided` and the ledger says so (a zero-point line naming
   * the order and the code), so the shop can disable the code (the caller sends
   * `loyalty.reward_voided`). Returns what was voided.
   */
  private voidPunchRewards(program: LoyaltyProgram, taken: Record<string, number>, stamps: Record<string, number>, orderId: string, why: string, at: number): Redemption[] {
    const voided: Redemption[] = [];
    for (const cardId of Object.keys(taken)) {
      const card = program.punchCards.find((c) => c.id === cardId);
      if (!card) continue;
      for (const v of this.book.punchRewardsBeyond(cardId, Math.floor((stamps[cardId] ?? 0) / card.required))) {
        this.sql`UPDATE redemptions SET status = 'voided' WHERE id = ${v.id}`;
        const reason = `punch card reward voided: order ${orderId} ${why}${v.code ? ` (code ${v.code})` : ""}`;
        this.book.append({ source: `void:${v.id}`, kind: "adjust", points: 0, at, availableAt: at, expiresAt: null, reverses: null, spend: 0, reason });
        voided.push({ ...v, status: "voided" });
      }
    }
    return voided;
  }

  private award(entries: LedgerEntry[], action: Action, key: string, at: number, program: LoyaltyProgram, pending: boolean): number {
    const a = actionAward(action, entries, program, at);
    return a.points > 0 && this.book.earn(`action:${action}:${key}`, a.points, at, program, { pending, reason: action }) ? a.points : 0;
  }

  /** A referred friend's first order: the Site checks the referral (no self-referral, no reuse) and credits the referrer. */
  private async referredFirstOrder(ref: ProfileRef, p: ProfileState, order: OrderInput, program: LoyaltyProgram): Promise<number> {
    const referrer = await this.site(ref.siteId).referralOrdered(p.referredBy ?? "", ref.id, p.traits.email, order.id);
    if (!referrer) return 0;
    const a = actionAward("referral_friend", this.book.entries(), program, order.createdAt);
    const friendPoints = a.points > 0 && this.book.earn(`referral:friend:${order.id}`, a.points, order.createdAt, program, { pending: true, reason: "referral_friend" }) ? a.points : 0;
    const referrerRef: ProfileRef = { siteId: ref.siteId, kind: "customer", id: referrer };
    await customerStub(this.env, ref.siteId, referrer).creditReferrer(referrerRef, ref.id, program, order.createdAt, Date.now());
    return friendPoints;
  }

  private reversedBy(source: string): number {
    return -(this.sql<{ points: number }>`SELECT points FROM ledger WHERE source = ${source}`[0]?.points ?? 0);
  }

  /** Caches the spendable balance and the tier on the profile (for the index, segments and quick reads). */
  private refreshPoints(p: ProfileState, now: number, program: LoyaltyProgram): void {
    const entries = this.book.entries();
    const b = balanceAt(entries, now);
    p.points = b.available - b.owed;
    p.tier = program.tiers.length ? (tierStatus(entries, program, now).tier?.id ?? null) : null;
  }

  private orderResult(p: ProfileState, orderId: string, result: OrderResult["result"], pointsChange: number): OrderResult {
    const o = this.book.order(orderId);
    const b = balanceAt(this.book.entries(), Date.now());
    return { result, orderId, status: (o?.status ?? "paid") as OrderResult["status"], pointsChange, points: b.available - b.owed, pending: b.pending, owed: b.owed };
  }

  /** The whole profile as the server API shows it. */
  view(ref: ProfileRef, now: number) {
    const state = this.load(ref, now);
    const orders = this.sql<{ id: string; status: string; total: number; refunded: number; currency: string; created_at: number; points: number }>`SELECT id, status, total, refunded, currency, created_at, points FROM orders ORDER BY created_at DESC LIMIT 50`;
    return { exists: state.version > 0, state, orders, offers: this.offerBook.all() };
  }

  /** Everything held about this shopper (GDPR access): state, every stored event, orders and ledger. */
  exportAll(ref: ProfileRef, now: number) {
    const { state } = this.view(ref, now);
    return {
      profile: state,
      events: this.mergePayload(ref, now).events,
      eventDays: this.activity.days(),
      orders: this.sql<{ id: string; status: string; total: number; currency: string; created_at: number; items: string; points: number }>`SELECT id, status, total, currency, created_at, items, points FROM orders ORDER BY created_at`.map((o) => ({
        ...o,
        items: JSON.parse(o.items) as OrderInput["items"],
      })),
      ledger: this.book.entries(),
      refunds: this.sql<{ id: string; order_id: string; amount: number; points: number; at: number }>`SELECT id, order_id, amount, points, at FROM refunds ORDER BY at`,
      redemptions: this.book.redemptions(),
      offers: this.offerBook.all(),
    };
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

  /** Raw events are bounded: the oldest beyond the cap go (their effect lives on in the aggregates). */
  private trimEvents(): void {
    this.sql`DELETE FROM events WHERE id IN (SELECT id FROM events ORDER BY at DESC LIMIT -1 OFFSET ${LIMITS.rawEvents})`;
  }

  private site(siteId: string) {
    return siteStub(this.env, siteId);
  }

  /** Keeps the shop's customer index (listing, segments) current. */
  private async index(p: ProfileState): Promise<void> {
    const entry: CustomerIndexEntry = {
      customerId: p.id,
      email: p.traits.email,
      firstName: p.traits.firstName,
      visits: p.visits,
      productViews: p.eventCounts["product_view"] ?? 0,
      cartItems: p.cart?.items.length ?? 0,
      orders: p.orders,
      spend: p.spend,
      points: p.points,
      lastOrderAt: p.lastOrderAt,
      lastSeen: p.lastSeen,
      tier: p.tier ?? null,
      tags: [...new Set(Object.values(p.answers).flatMap((a) => a.tags))].slice(0, 50),
      answers: Object.fromEntries(Object.entries(p.answers).map(([k, a]) => [k, a.answers])),
      locale: p.traits.locale,
      marketingConsent: p.traits.marketingConsent,
      birthday: p.traits.birthday,
      firstOrderAt: p.firstOrderAt ?? null,
      eventDays: this.activity.days(dayOf(Date.now()) - MAX_WINDOW_DAYS + 1),
      attributes: p.attributes ?? {},
    };
    this.activity.noteBrowseIndex(Date.now());
    const filed = await this.site(p.siteId).indexCustomer(entry);
    // Other calls may have written the profile while the Site answered: keep the verdict on the
    // stored state, never by saving this (possibly older) copy over theirs.
    const segments = membershipIds(filed);
    this.keepSegments(this.load({ siteId: p.siteId, kind: p.kind, id: p.id }, Date.now()), segments);
    p.segments = segments;
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
const round2 = (n: number) => Math.round(n * 100) / 100;
/** Browsing alone re-files a customer in the shop's index at most this often (event-window rules). */
const BROWSE_INDEX_MS = 10 * 60_000;
/** What browsing changes that the customer index (lifecycle stages) depends on. */
const indexSignature = (p: ProfileState) => `${(p.cart?.items.length ?? 0) > 0}|${(p.eventCounts["product_view"] ?? 0) > 0}`;
function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
