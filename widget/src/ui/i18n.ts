/**
 * The core strings the widget shows. English (the reference table and the fallback) is here;
 * Arabic and Persian are in locales/ar.ts and locales/fa.ts, each its own lazily loaded chunk
 * that the UI registers with `addMessages` before it draws anything in that language (so an
 * English shopper never downloads them, and an Arabic one never sees English first). Loyalty,
 * referral and offer strings live in extras-i18n.ts, in the extras chunk that only shoppers with
 * points or offers download. Text the shop writes (survey prompts, product titles)
 * arrives from the API already localised; only Revisit's own words live here.
 * A message is a template with `{name}` slots, or plural forms chosen by `Intl.PluralRules`.
 */
import type { Greeting, Locale } from "../../../contract/experience";

type Plural = { other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;
/** A message: a template with `{name}` slots, or its plural forms. */
export type Msg = string | Plural;

const en = {
  first_visit: "Welcome! Take a look around.",
  returning: "Welcome back!",
  returning_name: "Welcome back, {name}!",
  known_tier: "Welcome back, {name} — {tier} member",
  known_tier_noname: "Welcome back — {tier} member",
  lapsed: "It's been a while. We missed you!",
  lapsed_name: "It's been a while, {name}. We missed you!",
  recs: "Picked for you",
  recs_product: "Goes with this",
  recs_cart: "Complete the set",
  cart: "Your saved cart",
  qty: "Qty {n}",
  total: "Total",
  saved: "Saved {date}",
  restore: "Restore your cart",
  submit: "Submit",
  choose: "Please choose an answer.",
  thanks: "Thanks for your answer!",
  step: "Question {n} of {m}",
  next: "Next",
  prev: "Previous",
  not_now: "Not now",
  nps_low: "Not likely",
  nps_high: "Very likely",
  chars_left: { one: "{n} character left", other: "{n} characters left" },
  write: "Please write an answer.",
  launcher: "For you",
  close: "Close",
  err_network: "We couldn't connect. Please try again.",
  err_rate: "Too many tries. Please wait a moment.",
  err_invalid: "That answer wasn't accepted. Please check it and try again.",
  err_auth: "This shop's Revisit setup needs attention.",
  err_generic: "Something went wrong. Please try again.",
} satisfies Record<string, Msg>;

/** Message keys; English is the reference table every other language must complete. */
export type MsgKey = keyof typeof en;
/** A complete core table in one language (locales/<l>.ts). */
export type Table = Record<MsgKey, Msg>;
/** A message table per locale; English is always there, other languages once their chunk has loaded. */
export type Tables<K extends string> = { en: Record<K, Msg> } & Partial<Record<Locale, Record<K, Msg>>>;

const tables: Tables<MsgKey> = { en };

/** Registers a language's core table (from its lazily loaded chunk). */
export const addMessages = (l: Locale, table: Table) => void (tables[l] = table);
/** Whether locale `l`'s core table is there (English always is). */
export const hasMessages = (l: Locale) => !!tables[l];

/** Right-to-left languages among ours. */
export const isRtl = (l: Locale) => l !== "en";

/** A supported locale for anything the API echoes back (unknown means English). */
export const asLocale = (l: unknown): Locale => (l === "ar" || l === "fa" ? l : "en");

const rules = new Map<Locale, Intl.PluralRules>();

/**
 * Picks a message from `tables` (English when the locale's table is not loaded or lacks the key)
 * and fills its `{slots}`.
 * `count` picks the plural form with the locale's own rules (Arabic has six); slot values arrive
 * already formatted in the locale's digits. Shared by this table and the extras chunk's own.
 */
export function message<K extends string>(tables: Tables<K>, l: Locale, key: K, vars: Record<string, string> = {}, count?: number): string {
  let m = tables[l]?.[key] ?? tables.en[key];
  if (typeof m !== "string") {
    let r = rules.get(l);
    if (!r) rules.set(l, (r = new Intl.PluralRules(l)));
    m = (count !== undefined && m[r.select(count)]) || m.other;
  }
  return m.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? "");
}

/** One of the core messages (greeting, recommendations, cart, survey, errors) in locale `l`. */
export const t = (l: Locale, key: MsgKey, vars?: Record<string, string>, count?: number): string => message(tables, l, key, vars, count);

/** The greeting sentence for a `greeting.kind` (first visit never says "welcome back"). */
export function greetingText(l: Locale, g: Greeting): string {
  const name = g.firstName?.trim() || "";
  const v = { name, tier: g.tier || "" };
  switch (g.kind) {
    case "known_customer":
      if (g.tier) return t(l, name ? "known_tier" : "known_tier_noname", v);
      return t(l, name ? "returning_name" : "returning", v);
    case "lapsed":
      return t(l, name ? "lapsed_name" : "lapsed", v);
    case "returning":
      return t(l, name ? "returning_name" : "returning", v);
    default:
      return t(l, "first_visit");
  }
}

/**
 * The one place API errors become words a shopper can act on (the extras chunk adds the
 * redemption-specific reasons on top: extras-i18n.ts `redeemErrorText`).
 */
export function errorText(l: Locale, code: string | undefined): string {
  const key: MsgKey =
    code === "network" || code === "http_408" || code === "internal_error"
      ? "err_network"
      : code === "rate_limited"
        ? "err_rate"
        : code === "invalid_request" || code === "malformed_json" || code === "not_found" || code === "conflict"
          ? "err_invalid"
          : code === "unauthorized" || code === "forbidden" || code === "origin_not_allowed" || code === "invalid_customer_hash"
            ? "err_auth"
            : "err_generic";
  return t(l, key);
}
