/**
 * Reads the script tag's data attributes into a typed config. Pure (takes a getter), so the
 * identity rules are unit-tested without a DOM: a customer needs an id AND a hex hash, or the
 * shop's page is treated as anonymous rather than sending something the server will refuse.
 */
import type { Locale } from "../../../contract/experience";

/** A customer the shop vouched for with an HMAC (SECURITY.md). */
export interface Customer {
  id: string;
  hash: string;
  expires?: number;
  firstName?: string;
  email?: string;
}

export interface Config {
  site: string;
  api: string;
  locale: Locale;
  consentRequired: boolean;
  customer: Customer | null;
  /** `data-render="server"`: the blocks come rendered from the server and the UI loads when the shopper reaches for one (paint.ts). */
  ssr: boolean;
}

type Attr = (name: string) => string | null | undefined;

const LOCALES: readonly Locale[] = ["en", "ar", "fa"];
/** Same rule as the server's `Id` schema, so a bad id is dropped here, not as a 400 for a whole batch. */
export const ID_RE = /^[A-Za-z0-9._@+-]{1,128}$/;
/** hex(HMAC-SHA256(…)) as the API requires: exactly 64 hex digits. */
const HEX_RE = /^[0-9a-fA-F]{64}$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const str = (v: string | null | undefined): string | undefined => v?.trim() || undefined;

/** `data-consent="required"`: nothing touches the device until `revisit.consent(true)`. */
export const consentRequired = (attr: Attr): boolean => str(attr("data-consent")) === "required";

/** Maps a BCP 47 tag ("fa-IR", "ar") to a supported locale, or undefined. */
export function matchLocale(tag: string | null | undefined): Locale | undefined {
  const l = str(tag)?.slice(0, 2).toLowerCase() as Locale | undefined;
  return l && LOCALES.includes(l) ? l : undefined;
}

/**
 * `data-locale`, else `<html lang>`, else the browser's languages; English otherwise.
 * An explicit attribute or page language that we do not support means English, not the
 * browser's language: the page around the widget is in that language.
 */
export function resolveLocale(attr: string | null | undefined, htmlLang: string | null | undefined, nav: readonly string[]): Locale {
  for (const explicit of [attr, htmlLang]) if (str(explicit)) return matchLocale(explicit) || "en";
  for (const n of nav) {
    const l = matchLocale(n);
    if (l) return l;
  }
  return "en";
}

/** Validates an identity; null (anonymous) when the id or hash is missing or malformed. */
export function parseCustomer(c: { id?: unknown; hash?: unknown; expires?: unknown; firstName?: unknown; email?: unknown }): Customer | null {
  const id = typeof c.id === "string" ? c.id.trim() : typeof c.id === "number" ? String(c.id) : "";
  const hash = typeof c.hash === "string" ? c.hash.trim() : "";
  if (!ID_RE.test(id) || !HEX_RE.test(hash)) return null;
  const out: Customer = { id, hash: hash.toLowerCase() };
  const exp = Number(c.expires);
  if (c.expires != null && c.expires !== "" && Number.isInteger(exp) && exp > 0) out.expires = exp;
  if (typeof c.firstName === "string" && c.firstName.trim()) out.firstName = c.firstName.trim().slice(0, 100);
  // An email the API would refuse must not sink the whole identify call: leave it out instead.
  if (typeof c.email === "string" && EMAIL_RE.test(c.email.trim()) && c.email.trim().length <= 254) out.email = c.email.trim();
  return out;
}

/**
 * Builds the config from the script tag. `api` defaults to the origin of the script's own
 * `src` so a shop never has to repeat the edge URL.
 */
export function parseConfig(attr: Attr, src: string | undefined, htmlLang: string | null | undefined, nav: readonly string[]): Config {
  let api = str(attr("data-api"));
  if (!api && src) {
    try {
      api = new URL(src).origin;
    } catch {
      /* relative or bad src: fall through */
    }
  }
  return {
    site: str(attr("data-site")) || "",
    api: (api || "").replace(/\/+$/, ""),
    locale: resolveLocale(attr("data-locale"), htmlLang, nav),
    consentRequired: consentRequired(attr),
    ssr: str(attr("data-render")) === "server",
    customer: parseCustomer({
      id: attr("data-customer"),
      hash: attr("data-customer-hash"),
      expires: attr("data-customer-expires"),
      firstName: attr("data-customer-first-name"),
      email: attr("data-customer-email"),
    }),
  };
}

/** Referral codes as the API takes them (`POST /v1/referrals/visits`). */
const REF_RE = /^[A-Z0-9]{6,20}$/;

/**
 * The `rv_ref` code of a landing URL's query string (`?rv_ref=ABC123`), upper-cased, or null when
 * absent or malformed (a mangled link must not cost a request that can only end in a 400).
 */
export function referralCode(search: string): string | null {
  let v: string | null = null;
  try {
    v = new URLSearchParams(search).get("rv_ref");
  } catch {
    /* not a query string */
  }
  const code = (v || "").trim().toUpperCase();
  return REF_RE.test(code) ? code : null;
}
