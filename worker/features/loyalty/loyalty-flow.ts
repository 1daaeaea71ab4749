import { customerStub, siteStub } from "../../platform/stubs";
import type { ProfileState } from "../customers/profile";
import type { ProfileHost } from "../customers/profile-host";
import type { ProfileRef } from "../customers/profile-types";
import type { OrderInput, OrderResult } from "../orders/order-types";
import { emitWebhook } from "../webhooks/webhooks.service";
import { actionAward, balanceAt, tierStatus, type Action, type Balance, type LoyaltyProgram, type RewardDef, type TierStatus } from "./index";
import type { LedgerEntry } from "./ledger";
import { LedgerDraft } from "./ledger-draft";
import { decideAdjustment } from "./points-adjust";
import type { ReferralCache, Redemption } from "./loyalty-book";
import type { ReferralProgress } from "./site-loyalty";

/** Everything loyalty-related about one shopper at one moment. */
export interface LoyaltyState {
  balance: Balance;
  tier: TierStatus;
  stamps: Record<string, number>;
  redemptions: Redemption[];
  referredBy: string | null;
  email: string | null;
}

/** The answer of {@link LoyaltyFlow.adjust}. */
export type AdjustResult = { ok: true; line: LedgerEntry; duplicate: boolean; balance: number } | { ok: false; code: "not_found" | "insufficient_points" | "key_reused"; balance: number };

export type RedeemResult = { ok: true; redemption: Redemption; balance: number } | { ok: false; code: "insufficient_points" | "reward_unavailable"; balance: number };

/**
 * Loyalty on one shopper's Profile object: actions, referrals, redemptions and punch-card rewards.
 * Each flow loads the profile, decides (pure rules in this folder), persists through the host and
 * then sends its effects (other objects, webhooks), in that order.
 */
export class LoyaltyFlow {
  constructor(
    private readonly host: ProfileHost,
    private readonly referrals: ReferralCache,
  ) {}

  /** The customer's referral code and counts: cached on the profile, asked of the Site only when unknown (see ReferralCache). */
  async referral(ref: ProfileRef, email: string | null): Promise<ReferralProgress> {
    const cached = this.referrals.get(email);
    if (cached) return cached;
    const gen = this.referrals.generation();
    const fresh = await siteStub(this.host.env, ref.siteId).referralCode(ref.id, email);
    this.referrals.store(gen, email, fresh);
    return fresh;
  }

  /** The Site changed this customer's referral counts: the next experience asks again. */
  referralChanged(): void {
    this.referrals.invalidate();
  }

  /** Loyalty as the shopper and the shop see it, at `now`. */
  stateOf(p: ProfileState, program: LoyaltyProgram, now: number): LoyaltyState {
    const entries = this.host.book.entries();
    return { balance: balanceAt(entries, now), tier: tierStatus(entries, program, now), stamps: p.stamps, redemptions: this.host.book.redemptions(), referredBy: p.referredBy, email: p.traits.email };
  }

  /** Caches the spendable balance and the tier on the profile (for the index, segments and quick reads). */
  refreshPoints(p: ProfileState, now: number, program: LoyaltyProgram): void {
    const entries = this.host.book.entries();
    const b = balanceAt(entries, now);
    p.points = b.available - b.owed;
    p.tier = program.tiers.length ? (tierStatus(entries, program, now).tier?.id ?? null) : null;
  }

  /** An order call's answer: the order's status and the balance after it. */
  orderResult(orderId: string, result: OrderResult["result"], pointsChange: number): OrderResult {
    const o = this.host.book.order(orderId);
    const b = balanceAt(this.host.book.entries(), Date.now());
    return { result, orderId, status: (o?.status ?? "paid") as OrderResult["status"], pointsChange, points: b.available - b.owed, pending: b.pending, owed: b.owed };
  }

  /** Awards a fixed action (review, birthday, …) once per `key`, within the program's caps. */
  async awardAction(ref: ProfileRef, action: Action, key: string, program: LoyaltyProgram, at: number, now: number) {
    const p = this.host.load(ref, now);
    const source = `action:${action}:${key}`;
    if (this.host.book.has(source)) return { result: "duplicate" as const, points: 0, balance: p.points };
    const award = actionAward(action, this.host.book.entries(), program, at);
    if (award.points > 0) this.earn(source, award.points, at, program, false, action);
    this.refreshPoints(p, now, program);
    this.host.save(p);
    if (p.kind === "customer") await this.host.index(p);
    return { result: award.reason, points: award.points, balance: p.points };
  }

  /**
   * The shop's adjustment of a customer's points (points-adjust.ts decides): one ledger line per
   * key, written only for a customer the site knows. Returns the line, the new spendable balance
   * and whether this key had already been applied.
   */
  async adjust(ref: ProfileRef, key: string, points: number, reason: string, program: LoyaltyProgram, now: number): Promise<AdjustResult> {
    const p = this.host.load(ref, now);
    if (p.version === 0) return { ok: false, code: "not_found", balance: 0 };
    const d = decideAdjustment(this.host.book.entries(), key, points, reason, program, now);
    if (d.kind === "insufficient_points") return { ok: false, code: d.kind, balance: d.available };
    if (d.kind === "key_reused") return { ok: false, code: d.kind, balance: p.points };
    if (d.kind === "write") {
      this.host.book.append(d.line);
      this.refreshPoints(p, now, program);
      this.host.save(p);
      await this.host.index(p);
    }
    return { ok: true, line: d.line, duplicate: d.kind === "duplicate", balance: p.points };
  }

  /** The referrer's side of a referral: credited (once per friend) when the friend's first order arrives. */
  async creditReferrer(ref: ProfileRef, friendId: string, program: LoyaltyProgram, at: number, now: number): Promise<number> {
    const p = this.host.load(ref, now);
    const source = `action:referral:${friendId}`;
    const award = this.host.book.has(source) ? { points: 0 } : actionAward("referral", this.host.book.entries(), program, at);
    if (award.points > 0) this.earn(source, award.points, at, program, true, "referral");
    this.refreshPoints(p, now, program);
    this.host.save(p);
    await this.host.index(p);
    return award.points;
  }

  /** Takes the referrer's reward back when the friend's qualifying order is refunded. */
  async reverseReferrer(ref: ProfileRef, friendId: string, program: LoyaltyProgram, at: number, now: number): Promise<void> {
    const p = this.host.load(ref, now);
    const draft = new LedgerDraft(this.host.book.entries());
    draft.reverseAll(`refund:referral:${friendId}`, `action:referral:${friendId}`, at, "referred order refunded");
    this.host.book.appendAll(draft.added);
    this.refreshPoints(p, now, program);
    this.host.save(p);
    await this.host.index(p);
  }

  /** A referred friend's first order: the Site checks the referral (no self-referral, no reuse) and credits the referrer. */
  async referredFirstOrder(ref: ProfileRef, p: ProfileState, order: OrderInput, program: LoyaltyProgram): Promise<number> {
    const referrer = await siteStub(this.host.env, ref.siteId).referralOrdered(p.referredBy ?? "", ref.id, p.traits.email, order.id);
    if (!referrer) return 0;
    const a = actionAward("referral_friend", this.host.book.entries(), program, order.createdAt);
    const friendPoints = a.points > 0 && this.earn(`referral:friend:${order.id}`, a.points, order.createdAt, program, true, "referral_friend") ? a.points : 0;
    const referrerRef: ProfileRef = { siteId: ref.siteId, kind: "customer", id: referrer };
    await customerStub(this.host.env, ref.siteId, referrer).creditReferrer(referrerRef, ref.id, program, order.createdAt, Date.now());
    return friendPoints;
  }

  /**
   * Redeems a reward atomically: the points leave the balance before the code is fetched, so a
   * second tab sees the lower balance; if no code can be had the points come back. Repeating a
   * redemption id returns the first result.
   */
  async redeem(ref: ProfileRef, reward: RewardDef, redemptionId: string, program: LoyaltyProgram, now: number): Promise<RedeemResult> {
    const { book } = this.host;
    const p = this.host.load(ref, now);
    const seen = book.redemption(redemptionId);
    if (seen) return seen.status === "issued" ? { ok: true, redemption: seen, balance: p.points } : { ok: false, code: "reward_unavailable", balance: p.points };
    const balance = balanceAt(book.entries(), now);
    if (balance.available - balance.owed < reward.cost) return { ok: false, code: "insufficient_points", balance: balance.available };
    book.append({ source: `redeem:${redemptionId}`, kind: "redeem", points: -reward.cost, at: now, availableAt: now, expiresAt: null, reverses: null, spend: 0, reason: `reward ${reward.id}` });
    book.startRedemption(redemptionId, reward.id, reward.cost, now);
    this.refreshPoints(p, now, program);
    this.host.save(p);
    const code = await siteStub(this.host.env, ref.siteId).issueRewardCode(reward, ref.id, redemptionId);
    if (!code) {
      book.append({
        source: `redeem:${redemptionId}:returned`,
        kind: "adjust",
        points: reward.cost,
        at: now,
        availableAt: now,
        expiresAt: null,
        reverses: null,
        spend: 0,
        reason: "reward unavailable",
      });
      book.settleRedemption(redemptionId, "failed");
      this.refreshPoints(p, now, program);
      this.host.save(p);
      return { ok: false, code: "reward_unavailable", balance: p.points };
    }
    book.settleRedemption(redemptionId, "issued", code);
    await this.host.index(p);
    return { ok: true, redemption: book.redemption(redemptionId) as Redemption, balance: p.points };
  }

  /**
   * Each completed punch card earns its free item: a code from the card's reward (no points
   * charged), recorded once per completion number, so a replayed order never issues it twice.
   * Without a code (no reward set, or the pool is empty) the completion still shows in `completed`.
   */
  async deliverPunchCards(ref: ProfileRef, program: LoyaltyProgram, completed: { cardId: string; n: number }[], orderId: string, now: number): Promise<void> {
    const { book } = this.host;
    for (const { cardId, n } of completed) {
      const card = program.punchCards.find((c) => c.id === cardId);
      const reward = card?.rewardId ? program.rewards.find((r) => r.id === card.rewardId) : undefined;
      // A completion voided by a reversed order and earned again gets an id of its own.
      const first = `punch-${cardId}-${n}`;
      const id = book.redemption(first)?.status === "voided" ? `${first}-r${orderId}` : first;
      if (!reward || book.redemption(id)) continue;
      book.startRedemption(id, reward.id, 0, now);
      const code = await siteStub(this.host.env, ref.siteId).issueRewardCode(reward, ref.id, id);
      book.settleRedemption(id, code ? "issued" : "failed", code);
    }
  }

  /**
   * A reversed order takes back its stamps, and with them any punch-card reward those stamps
   * completed: the redemption becomes `voided` and the ledger says so (a zero-point line naming
   * the order and the code). Returns what was voided, for {@link announceVoided}.
   */
  voidPunchRewards(program: LoyaltyProgram, taken: Record<string, number>, stamps: Record<string, number>, orderId: string, why: string, at: number): Redemption[] {
    const { book } = this.host;
    const voided: Redemption[] = [];
    for (const cardId of Object.keys(taken)) {
      const card = program.punchCards.find((c) => c.id === cardId);
      if (!card) continue;
      for (const v of book.punchRewardsBeyond(cardId, Math.floor((stamps[cardId] ?? 0) / card.required))) {
        book.settleRedemption(v.id, "voided");
        const reason = `punch card reward voided: order ${orderId} ${why}${v.code ? ` (code ${v.code})` : ""}`;
        book.append({ source: `void:${v.id}`, kind: "adjust", points: 0, at, availableAt: at, expiresAt: null, reverses: null, spend: 0, reason });
        voided.push({ ...v, status: "voided" });
      }
    }
    return voided;
  }

  /** Tells the shop to disable each voided code (`loyalty.reward_voided`), once per redemption. */
  async announceVoided(ref: ProfileRef, email: string | null | undefined, voided: Redemption[], orderId: string, reason: string, now: number): Promise<void> {
    for (const v of voided) {
      const data = { customerId: ref.id, email: email ?? null, redemptionId: v.id, rewardId: v.rewardId, code: v.code, orderId, reason };
      await emitWebhook(this.host.env, ref.siteId, "loyalty.reward_voided", data, `${ref.id}:${v.id}`, { now });
    }
  }

  private earn(source: string, points: number, at: number, program: LoyaltyProgram, pending: boolean, reason: string): boolean {
    const draft = new LedgerDraft(this.host.book.entries());
    const added = draft.earn(source, points, at, program, { pending, reason });
    this.host.book.appendAll(draft.added);
    return added;
  }
}
