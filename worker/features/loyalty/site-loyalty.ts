import type { RewardDef } from "./index";
import { randomToken, sha256Hex } from "../../platform/crypto";
import { signWebhook, WEBHOOK_ID } from "../../platform/standard-webhooks";
import type { Sql } from "../../platform/sql";
import { checkOutboundUrl, type OutboundPolicy } from "../../platform/outbound-url";

export interface ReferralProgress {
  code: string;
  friendsJoined: number;
  friendsOrdered: number;
}

const sameEmail = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

/** Referral codes and who they brought in; decides what counts (no self-referral, one referrer per friend). */
export class Referrals {
  constructor(private readonly sql: Sql) {}

  /** The customer's personal code, made once (10 characters, unguessable, no personal data in it). */
  codeFor(customerId: string, email: string | null): string {
    const row = this.sql<{ code: string }>`SELECT code FROM referral_codes WHERE customer_id = ${customerId}`[0];
    if (row) {
      if (email) this.sql`UPDATE referral_codes SET email = ${email} WHERE code = ${row.code}`;
      return row.code;
    }
    const code = randomToken("", 5).toUpperCase();
    this.sql`INSERT INTO referral_codes (code, customer_id, email) VALUES (${code}, ${customerId}, ${email})`;
    return code;
  }

  referrerOf(code: string): { customerId: string; email: string | null } | null {
    const r = this.sql<{ customer_id: string; email: string | null }>`SELECT customer_id, email FROM referral_codes WHERE code = ${code}`[0];
    return r ? { customerId: r.customer_id, email: r.email } : null;
  }

  /** A referred friend identified themselves: links them to the referrer unless it is themselves or they are taken. */
  joined(code: string, friendId: string, friendEmail: string | null, at: number): "joined" | "unknown_code" | "self_referral" | "already_referred" {
    const referrer = this.referrerOf(code);
    if (!referrer) return "unknown_code";
    if (referrer.customerId === friendId || sameEmail(referrer.email, friendEmail)) return "self_referral";
    const added = this.sql`INSERT OR IGNORE INTO referral_friends (friend_id, code, referrer_id, joined_at, order_id, status)
      VALUES (${friendId}, ${code}, ${referrer.customerId}, ${at}, NULL, 'joined') RETURNING friend_id`;
    if (added.length) return "joined";
    const mine = this.sql<{ code: string }>`SELECT code FROM referral_friends WHERE friend_id = ${friendId}`[0];
    return mine?.code === code ? "joined" : "already_referred";
  }

  /** The friend's first trusted order: returns the referrer to reward, once, or null. */
  ordered(code: string, friendId: string, friendEmail: string | null, orderId: string, at: number): string | null {
    if (this.joined(code, friendId, friendEmail, at) !== "joined") return null;
    const row = this.sql<{ referrer_id: string; status: string }>`SELECT referrer_id, status FROM referral_friends WHERE friend_id = ${friendId}`[0];
    if (row?.status !== "joined") return null;
    this.sql`UPDATE referral_friends SET status = 'ordered', order_id = ${orderId} WHERE friend_id = ${friendId}`;
    return row.referrer_id;
  }

  /** The qualifying order was refunded: the referrer to take the reward back from, or null. */
  reversed(friendId: string, orderId: string): string | null {
    const row = this.sql<{
      referrer_id: string;
    }>`UPDATE referral_friends SET status = 'reversed' WHERE friend_id = ${friendId} AND order_id = ${orderId} AND status = 'ordered' RETURNING referrer_id`[0];
    return row?.referrer_id ?? null;
  }

  progress(customerId: string, email: string | null): ReferralProgress {
    const code = this.codeFor(customerId, email);
    const counts = this.sql<{ joined: number; ordered: number }>`SELECT count(*) AS joined, coalesce(sum(status = 'ordered'), 0) AS ordered FROM referral_friends WHERE referrer_id = ${customerId}`[0];
    return { code, friendsJoined: counts?.joined ?? 0, friendsOrdered: counts?.ordered ?? 0 };
  }

  /** The referrer a friend is linked to, if any (their progress changes when the friend does something). */
  referrerOfFriend(friendId: string): string | null {
    return this.sql<{ referrer_id: string }>`SELECT referrer_id FROM referral_friends WHERE friend_id = ${friendId}`[0]?.referrer_id || null;
  }

  /** Erasure: forget the customer's code and the links that name them. Returns the referrer whose counts changed, if any. */
  forget(customerId: string): string | null {
    const referrer = this.referrerOfFriend(customerId);
    this.sql`DELETE FROM referral_codes WHERE customer_id = ${customerId}`;
    this.sql`DELETE FROM referral_friends WHERE friend_id = ${customerId}`;
    this.sql`UPDATE referral_friends SET referrer_id = '' WHERE referrer_id = ${customerId}`;
    return referrer;
  }
}

/** Reward code pools the shop uploads; a code is handed out at most once. */
export class RewardCodes {
  constructor(private readonly sql: Sql) {}

  add(rewardId: string, codes: string[]): { added: number; available: number } {
    let added = 0;
    for (const c of codes) added += this.sql`INSERT OR IGNORE INTO reward_codes (reward_id, code) VALUES (${rewardId}, ${c}) RETURNING code`.length;
    return { added, available: this.available(rewardId) };
  }

  available(rewardId: string): number {
    return this.sql<{ n: number }>`SELECT count(*) AS n FROM reward_codes WHERE reward_id = ${rewardId} AND redemption_id IS NULL`[0]?.n ?? 0;
  }

  /** Takes a free code for a redemption (the same one again if that redemption already has one). */
  take(rewardId: string, redemptionId: string, customerId: string, at: number): string | null {
    const mine = this.sql<{ code: string }>`SELECT code FROM reward_codes WHERE reward_id = ${rewardId} AND redemption_id = ${redemptionId}`[0];
    if (mine) return mine.code;
    const row = this.sql<{ code: string }>`UPDATE reward_codes SET redemption_id = ${redemptionId}, customer_id = ${customerId}, issued_at = ${at}
      WHERE rowid = (SELECT rowid FROM reward_codes WHERE reward_id = ${rewardId} AND redemption_id IS NULL LIMIT 1) RETURNING code`[0];
    return row?.code ?? null;
  }

  /** Erasure: issued codes stay issued (the shop honours them) but no longer name the customer. */
  forgetCustomer(customerId: string): void {
    this.sql`UPDATE reward_codes SET customer_id = NULL WHERE customer_id = ${customerId}`;
  }
}

/** What minting a code by the shop's webhook needs: which targets may be called, and the secret to sign with. */
export interface CodeMinter {
  policy: OutboundPolicy;
  webhookSecret: string;
}

/** A code for a reward redemption: from the reward's pool, or minted by the shop's webhook (none without a minter). */
export async function issueRewardCode(codes: RewardCodes, reward: RewardDef, customerId: string, redemptionId: string, now: number, minter: CodeMinter | null): Promise<string | null> {
  if (reward.delivery === "pool") return codes.take(reward.id, redemptionId, customerId, now);
  return minter ? mintRewardCode(reward, minter.policy, minter.webhookSecret, { customerId, rewardId: reward.id, redemptionId, discount: reward.discount }, redemptionId) : null;
}

/**
 * Asks the shop's webhook to mint a code for a reward: a POST signed the Standard Webhooks way
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC>`), answered with
 * `{ "code": "…" }`. Any failure means no code (the caller returns the points). Redirects are not
 * followed, and a private or local target is not called at all.
 */
export async function mintRewardCode(
  reward: Pick<RewardDef, "webhookUrl">,
  /** Which targets may be called (worker/platform/outbound-url.ts): the dev exception on or off. */
  policy: OutboundPolicy,
  webhookSecret: string,
  body: Record<string, unknown>,
  redemptionId: string,
  /** Offers reuse the mechanism as `offer.issued` (features/offers/profile-offers.ts). */
  type: "reward.redeemed" | "offer.issued" = "reward.redeemed",
): Promise<string | null> {
  if (!reward.webhookUrl) return null;
  // Checked again before the call (a config stored before the check, a dev setting since removed);
  // whatever goes wrong, the shopper gets only the usual "reward unavailable", nothing from the target.
  if (!checkOutboundUrl(reward.webhookUrl, policy).ok) return null;
  // Standard Webhooks signs "{id}.{timestamp}.{body}": an id holding "." could be read two ways, and
  // punch-card ids carry the card id (which may). Such ids are sent as a digest, stable across retries.
  const prefix = type === "reward.redeemed" ? "redeem" : "offer";
  const id = WEBHOOK_ID.test(`${prefix}_${redemptionId}`) ? `${prefix}_${redemptionId}` : `${prefix}_${(await sha256Hex(redemptionId)).slice(0, 32)}`;
  const payload = JSON.stringify({ type, timestamp: new Date().toISOString(), data: body });
  const signed = await signWebhook(webhookSecret, id, Math.floor(Date.now() / 1000), payload);
  try {
    const res = await fetch(reward.webhookUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...signed },
      body: payload,
      redirect: "manual",
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) return null;
    const json = (await res.json()) as { code?: unknown };
    return typeof json.code === "string" && json.code.length > 0 && json.code.length <= 100 ? json.code : null;
  } catch {
    return null;
  }
}
