import type { LocalText } from "../../platform/localize";

/** Actions that earn fixed points (README, Install on a shop: loyalty). */
export const ACTIONS = ["account_created", "first_order", "review", "birthday", "referral", "referral_friend", "survey_completed"] as const;
export type Action = (typeof ACTIONS)[number];

export interface TierDef {
  id: string;
  name: LocalText;
  /** Points or spend (per `tierBasis`) within the tier window that reach this tier. */
  threshold: number;
  /** Earning multiplier while in this tier (1 = none). */
  multiplier: number;
  freeShipping: boolean;
  /** Members of this tier see `membersOnly` products. */
  earlyAccess: boolean;
}

export interface PunchCardDef {
  id: string;
  name: LocalText;
  /** Units of these products, or of products in these categories, earn stamps. */
  productIds: string[];
  categories: string[];
  /** Stamps that complete the card ("buy 6, the 7th is free" → 6). */
  required: number;
  /** The reward whose code pool (or webhook) delivers the free item on each completion; null: the shop fulfils it from the completed count. */
  rewardId: string | null;
}

export interface RewardDef {
  id: string;
  name: LocalText;
  cost: number;
  discount: { type: "fixed" | "percent"; value: number };
  /** Where codes come from: a pool the shop uploads, or the shop's webhook that mints one. */
  delivery: "pool" | "webhook";
  webhookUrl: string | null;
}

/** A shop's loyalty program: declarative data, validated by zod, interpreted here (never code). */
export interface LoyaltyProgram {
  /** Points per whole currency unit in the site currency. */
  pointsPerUnit: number;
  /** Points per unit for other currencies, e.g. { EUR: 1, JPY: 0.01 }; a currency in neither earns nothing (see currencyTerms). */
  currencyRates: Record<string, number>;
  rounding: "floor" | "round" | "ceil";
  actions: Partial<Record<Action, number>>;
  actionLimits: Partial<Record<Action, { perDay: number | null; lifetime: number | null }>>;
  tierBasis: "points" | "spend";
  tierWindow: "lifetime" | "calendar_year" | "rolling_12_months";
  tiers: TierDef[];
  /** Points from an order stay pending for the shop's return window. */
  pendingDays: number;
  /** Points expire this many days after they become available; null = never. */
  expiryDays: number | null;
  punchCards: PunchCardDef[];
  rewards: RewardDef[];
}

/** Rounds a point amount the way the program says (floating noise below 1e-9 is ignored). */
export function roundPoints(value: number, rounding: LoyaltyProgram["rounding"]): number {
  const v = Math.round(value * 1e6) / 1e6;
  return rounding === "ceil" ? Math.ceil(v) : rounding === "round" ? Math.round(v) : Math.floor(v);
}

/**
 * Points an order earns: its total at its currency's points rate (`currencyTerms(…).rate`, 0 for a
 * currency the program cannot value), times the tier multiplier, rounded once.
 */
export function orderPoints(total: number, rate: number, program: LoyaltyProgram, multiplier = 1): number {
  return Math.max(0, roundPoints(total * rate * multiplier, program.rounding));
}

/**
 * Points a partial refund reverses: the share of the order's points that the refunded amount is of
 * its total, computed on the running refunded sum so several partial refunds add up to exactly
 * what a single full refund would reverse.
 */
export function refundReversal(orderPoints: number, orderTotal: number, refundedBefore: number, refundAmount: number): number {
  if (orderTotal <= 0) return refundedBefore > 0 ? 0 : orderPoints;
  const share = (amount: number) => Math.min(orderPoints, Math.round((orderPoints * Math.min(amount, orderTotal)) / orderTotal));
  return share(refundedBefore + refundAmount) - share(refundedBefore);
}
