/**
 * Loyalty, referral and offer strings. English (reference and fallback) lives in the extras chunk
 * with the blocks that use them, so an anonymous shopper (no points, no offers) never downloads
 * them; Arabic and Persian are in locales/extras-ar.ts and locales/extras-fa.ts, chunks the UI
 * fetches together with the extras chunk for those languages and registers with
 * `addExtrasMessages` before drawing. The core strings are in i18n.ts.
 */
import type { Locale } from "../../../contract/experience";
import { formatNumber } from "./format";
import { errorText, message, type Msg, type Tables } from "./i18n";

const en = {
  rewards: "Your rewards",
  points: { one: "{n} point", other: "{n} points" },
  to_points: { one: "{n} point to {tier}", other: "{n} points to {tier}" },
  to_spend: "Spend {amount} more to reach {tier}",
  top: "You've reached our top tier",
  progress: "Progress to {tier}",
  pending: "+{p} pending",
  owed: "{p} owed from a refund",
  expiry: "{p} expiring on {date}",
  held: "Tier kept until {date}",
  perks: "Your benefits",
  free_ship: "Free shipping",
  early: "Early access",
  mult: "{x}× points",
  stamps: "{n} of {m} stamps",
  spend: "Spend your points",
  redeem: "Redeem",
  confirm: "Spend {p} for {name}?",
  yes: "Confirm",
  no: "Cancel",
  ready: "Ready to redeem: {name}",
  next_rw: "{p} to go for {name}",
  details: "Details",
  need: "{p} to go",
  code: "Your code",
  redeemed: "Redeemed! Your code is {code}",
  codes: "Your codes",
  copy: "Copy",
  copied: "Copied!",
  copy_manual: "Selected. Press Ctrl+C to copy.",
  ref_title: "Refer a friend",
  ref_intro: "Share your link. You both earn points when your friend orders.",
  ref_link: "Your referral link",
  joined: { one: "{n} friend joined", other: "{n} friends joined" },
  ordered: "{n} ordered",
  ref_progress: "{a}, {b}",
  err_points: "You don't have enough points for this reward yet.",
  err_gone: "This reward isn't available right now. Your points were not spent.",
  offers: "Your offers",
  valid: "Valid until {date}",
  off: "{amount} off",
  see_offer: "See the offer",
  code_below: "See your code",
} satisfies Record<string, Msg>;

/** Extras message keys; English is the reference table the others must complete. */
export type ExtrasKey = keyof typeof en;
/** A complete extras table in one language (locales/extras-<l>.ts). */
export type ExtrasTable = Record<ExtrasKey, Msg>;

const tables: Tables<ExtrasKey> = { en };

/** Registers a language's extras table (from its lazily loaded chunk). */
export const addExtrasMessages = (l: Locale, table: ExtrasTable) => void (tables[l] = table);

/** One of the loyalty / referral / offer messages in locale `l` (same rules as i18n.ts `t`). */
export const xt = (l: Locale, key: ExtrasKey, vars?: Record<string, string>, count?: number): string => message(tables, l, key, vars, count);

/**
 * "2 friends joined, 1 ordered": each count with its own plural rule, numbers in the locale's digits.
 */
export function friendsText(l: Locale, joined: number, ordered: number): string {
  const n = (x: number) => ({ n: formatNumber(l, x) });
  return xt(l, "ref_progress", { a: xt(l, "joined", n(joined), joined), b: xt(l, "ordered", n(ordered), ordered) });
}

/**
 * A failed redemption in words: `reason` (an error's `details.reason`, e.g. from a 409) is more
 * specific than the error code and wins; anything else is the core error text.
 */
export function redeemErrorText(l: Locale, code: string | undefined, reason?: unknown): string {
  if (reason === "insufficient_points") return xt(l, "err_points");
  if (reason === "reward_unavailable") return xt(l, "err_gone");
  return errorText(l, code);
}
