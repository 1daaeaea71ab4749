import type { Locale, LoyaltySummary } from "../../../contract/experience";
import { localize } from "../../platform/localize";
import type { Balance } from "./ledger";
import type { LoyaltyProgram } from "./program";
import { cardProgress } from "./punch-cards";
import type { TierStatus } from "./tiers";

export interface LoyaltyFacts {
  balance: Balance;
  tier: TierStatus;
  stamps: Record<string, number>;
  redemptions: { id: string; rewardId: string; status: string; code: string | null; at: number }[];
}

/** Composes the shopper-facing loyalty block from the ledger's facts, localised. No I/O. */
export function loyaltySummary(
  facts: LoyaltyFacts,
  program: LoyaltyProgram,
  locale: Locale,
  referral: { code: string; url: string; friendsJoined: number; friendsOrdered: number } | null,
): LoyaltySummary {
  const { balance, tier } = facts;
  const points = balance.available - balance.owed;
  const ref = (t: TierStatus["tier"]) => (t ? { id: t.id, name: localize(t.name, locale), threshold: t.threshold } : null);
  const rewardName = new Map(program.rewards.map((r) => [r.id, localize(r.name, locale)]));
  return {
    points,
    pending: balance.pending,
    owed: balance.owed,
    nextExpiry: balance.nextExpiry ? { points: balance.nextExpiry.points, at: new Date(balance.nextExpiry.at).toISOString() } : null,
    tier: ref(tier.tier),
    nextTier: ref(tier.next),
    toNextTier: tier.toNext,
    progress: tier.progress,
    basis: program.tierBasis,
    tierHeldUntil: tier.heldUntil === null ? null : new Date(tier.heldUntil).toISOString(),
    benefits: { multiplier: tier.tier?.multiplier ?? 1, freeShipping: tier.tier?.freeShipping ?? false, earlyAccess: tier.tier?.earlyAccess ?? false },
    punchCards: program.punchCards.map((c) => ({ ...cardProgress(c, facts.stamps[c.id] ?? 0), id: c.id, name: localize(c.name, locale) })).map(({ cardId: _, ...c }) => c),
    rewards: program.rewards.map((r) => ({ id: r.id, name: localize(r.name, locale), cost: r.cost, discount: r.discount, affordable: points >= r.cost })),
    redeemed: facts.redemptions
      .filter((r) => r.status === "issued" && r.code)
      .slice(0, 10)
      .map((r) => ({ id: r.id, rewardId: r.rewardId, name: rewardName.get(r.rewardId) ?? r.rewardId, code: r.code ?? "", at: new Date(r.at).toISOString() })),
    referral,
  };
}
