/**
 * What edge mode needs to know about a shop's page before it can personalize it, read from the
 * origin's HTML without a DOM (issue 16): its `data-revisit` placeholders, its language, the
 * product and placement its `revisit:` meta tags name, and the customer its widget tag vouches for
 * (`data-customer`, `data-customer-hash`, `data-customer-expires`: the shop's HMAC, as the widget
 * sends it). Pure: the Worker passes the page's text, tests pass strings.
 */
import type { Locale } from "../../contract/experience";

/** The facts of one page. */
export interface PageFacts {
  /** `data-revisit` values in page order (as written; the renderer skips unknown ones). */
  placeholders: string[];
  /** The `<html lang>` tag (`ar-EG`), or null. */
  lang: string | null;
  /** The widget locale that tag maps to (en, ar, fa), or null for the site's default. */
  locale: Locale | null;
  /** The widget tag's publishable key (`data-site`), or null when the page has no widget tag. */
  publishableKey: string | null;
  /** The customer the widget tag vouches for, or null (anonymous). */
  customer: { id: string; hash: string; expires: string | null } | null;
  /** The widget tag says `data-consent="required"`: nothing is stored or personalized before the shopper agrees. */
  consentRequired: boolean;
  /** `revisit:product` / `revisit:placement` meta tags. */
  product: string | null;
  placement: string | null;
}

const attr = (tag: string, name: string): string | null => {
  const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(tag);
  return m ? decode(m[2] ?? m[3] ?? m[4] ?? "") : null;
};
/** The few entities an attribute value of ids, hashes and language tags can carry. */
const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
const meta = (html: string, name: string): string | null => {
  for (const m of html.matchAll(/<meta\b[^>]*>/gi)) if (attr(m[0], "name") === `revisit:${name}`) return attr(m[0], "content")?.trim() || null;
  return null;
};

/** Reads a page's facts; anything missing or malformed is simply absent. */
export function pageFacts(html: string): PageFacts {
  const placeholders: string[] = [];
  for (const m of html.matchAll(/<[a-z][\w-]*\b[^>]*\sdata-revisit\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)[^>]*>/gi)) {
    const v = attr(m[0], "data-revisit");
    if (v) placeholders.push(v.trim());
  }
  const htmlTag = /<html\b[^>]*>/i.exec(html)?.[0] ?? "";
  const lang = attr(htmlTag, "lang");
  const primary = lang?.toLowerCase().split("-")[0];
  const script = [...html.matchAll(/<script\b[^>]*\sdata-site\s*=[^>]*>/gi)][0]?.[0] ?? "";
  const id = script ? attr(script, "data-customer") : null;
  const hash = script ? attr(script, "data-customer-hash") : null;
  return {
    placeholders: placeholders.slice(0, 20),
    lang: lang && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(lang) ? lang : null,
    locale: primary === "ar" || primary === "fa" || primary === "en" ? primary : null,
    publishableKey: script ? attr(script, "data-site") : null,
    customer: id && hash ? { id, hash, expires: attr(script, "data-customer-expires") } : null,
    consentRequired: !!script && attr(script, "data-consent") === "required",
    product: meta(html, "product"),
    placement: meta(html, "placement"),
  };
}
