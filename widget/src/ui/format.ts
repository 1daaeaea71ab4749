/**
 * `Intl` formatting with ONE numbering system and ONE calendar per page (issue 15: a page mixed
 * "اشترِ 6" with "٣ من ٦"). Both are chosen once per experience by `choosePageFormat`: the site's
 * setting (`widget.numberingSystem`, `widget.calendar`) when it has one, else the defaults of the
 * page's language tag (CLDR, as the browser's `Intl` knows them): Persian digits and the Solar
 * Hijri calendar for fa; for ar the digits of the region (`ar-EG`, `ar-SA`: Arabic-Indic; plain
 * `ar`, `ar-AE`, the Maghreb: Latin) and the Umm al-Qura calendar in Saudi Arabia only. English
 * pages always use Latin digits and the Gregorian calendar. Every number the widget draws goes
 * through here, digits inside shop-written text too (`pageDigits`). Formatters are cached: they
 * are costly to build.
 */
import type { Experience, Locale, WidgetSettings } from "../../../contract/experience";

/** The digits a page uses: Latin, Arabic-Indic, Persian (extended Arabic-Indic); the site's choices (contract). */
export type Numbering = NonNullable<WidgetSettings["numberingSystem"]>;
/** The calendar dates are shown in. */
export type Calendar = NonNullable<WidgetSettings["calendar"]>;

const ZERO: Record<Numbering, number> = { latn: 48, arab: 0x660, arabext: 0x6f0 };

/** A page's format in one locale: the `Intl` tag for numbers, the one for dates, the zero of its digits. */
export interface PageFormat {
  /** "ar-EG-u-nu-arab" */
  n: string;
  /** "ar-EG-u-nu-arab-ca-gregory" */
  d: string;
  /** Code point of the page's digit zero. */
  z: number;
}

/**
 * The format of a page in locale `l`: the site's settings (validated by the API; `null`: by
 * language) over the defaults of the first language tag of the page (`data-locale`, `<html lang>`,
 * the browser's languages) that is in `l` and names a region. English is always Latin and
 * Gregorian. Pure, so it is unit-tested without a DOM.
 */
export function pageFormat(l: Locale, tags: readonly (string | null | undefined)[], site?: { numberingSystem?: string | null; calendar?: string | null } | null): PageFormat {
  let base: string = l;
  if (l === "en") site = null;
  else for (const t of tags) if (base === l && t && t.slice(0, 2).toLowerCase() === l) base += ((/^..(?:-\w{4})?(-[a-z]{2})\b/i.exec(t) || "")[1] || "").toUpperCase();
  // CLDR's default for the tag (fa: arabext; ar-EG, ar-SA: arab; ar, ar-AE, ar-MA: latn since CLDR 46).
  let nu = (site?.numberingSystem || new Intl.NumberFormat(base).resolvedOptions().numberingSystem) as Numbering;
  if (!(nu in ZERO)) nu = "latn";
  const n = `${base}-u-nu-${nu}`;
  return { n, d: `${n}-ca-${site?.calendar || (l === "fa" ? "persian" : base === "ar-SA" ? "islamic-umalqura" : "gregory")}`, z: ZERO[nu] };
}

const pages: Partial<Record<Locale, PageFormat>> = {};
/** The format for locale `l` (by language alone until an experience arrived). */
const fmt = (l: Locale): PageFormat => (pages[l] ||= pageFormat(l, []));

/**
 * Chooses the page's digits and calendar for this experience's locale from the site's settings and
 * the page's language tag. Called by the UI before it draws anything.
 */
export function choosePageFormat(exp: Pick<Experience, "settings">, l: Locale, tags: readonly (string | null | undefined)[] = pageTags()): void {
  pages[l] = pageFormat(l, tags, exp.settings);
}

/** The page's language tags, most specific first: the script's `data-locale`, the page's `lang`, the browser's. */
const pageTags = () => [document.querySelector("script[data-locale]")?.getAttribute("data-locale"), document.documentElement.lang, ...navigator.languages];

/** BCP 47 tag used for numbers and money, with the page's digits ("ar-EG-u-nu-arab"). */
export const numberLocale = (l: Locale) => fmt(l).n;
/** BCP 47 tag used for dates: the page's digits and calendar ("ar-SA-u-nu-arab-ca-islamic-umalqura"). */
export const dateLocale = (l: Locale) => fmt(l).d;

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function get<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

/** An integer or decimal in the page's digits ("۱۲۳" in fa, "١٢٣" in ar-EG). */
export const formatNumber = (l: Locale, n: number) => get(numberLocale(l), () => new Intl.NumberFormat(numberLocale(l))).format(n);

/** A price, e.g. "$19.99", "١٩٫٩٩ US$", "۱۹٫۹۹ دلار"; an unknown currency code falls back to number + code. */
export function formatMoney(l: Locale, amount: number, currency: string): string {
  try {
    return get(`m${numberLocale(l)}${currency}`, () => new Intl.NumberFormat(numberLocale(l), { style: "currency", currency })).format(amount);
  } catch {
    return `${formatNumber(l, amount)} ${currency}`;
  }
}

/** English month abbreviations, as `Intl` writes them in "en" (a unit test compares every month). */
const MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");

/**
 * A calendar date ("Jul 3, 2026"; Solar Hijri in fa; Umm al-Qura in ar-SA); empty for an invalid
 * time. English is written here, the same text `Intl` gives: the first `Intl.DateTimeFormat` of a
 * page loads calendar and time zone data, 8–20 ms on a desktop and four times that on a slow
 * phone (`npm run bench:page`), the largest single cost of drawing the loyalty block.
 */
export function formatDate(l: Locale, iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  if (l === "en") return `${MONTHS[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()}`;
  return get(dateLocale(l), () => new Intl.DateTimeFormat(dateLocale(l), { year: "numeric", month: "short", day: "numeric" })).format(d);
}

/** A percentage from 0–100 ("15%", "١٥٪", "۱۵٪"), for percent discounts. */
export const formatPercent = (l: Locale, value: number) => get(`%${numberLocale(l)}`, () => new Intl.NumberFormat(numberLocale(l), { style: "percent", maximumFractionDigits: 2 })).format(value / 100);

/**
 * Shop-written text with its digits in the page's numbering system ("اشترِ 6" → "اشترِ ٦" on an
 * Arabic-Indic page, and back). Digits glued to Latin letters stay as written: "SPF50", "B12".
 */
export function pageDigits(l: Locale, s: string): string {
  const zero = fmt(l).z;
  return s.replace(/[0-9\u0660-\u0669\u06f0-\u06f9]+/g, (run, i: number) =>
    /[A-Za-z]/.test(s.charAt(i - 1) + s.charAt(i + run.length)) ? run : run.replace(/./g, (d) => String.fromCharCode(zero + (d.charCodeAt(0) & 15))),
  );
}

/** The experience fields that hold shop-written words (never codes, ids, URLs or theme values). */
const WORDS = /^(title|name|label|text|prompt|followUp|headline|message|alt|tier)$/;

/**
 * A copy of the experience whose shop-written words (product titles, reward and punch-card names,
 * offer titles, survey prompts and options, content) use the page's digits, so a block never
 * shows two numbering systems side by side.
 */
export function withPageDigits<T>(l: Locale, v: T, key = ""): T {
  if (typeof v === "string") return (WORDS.test(key) ? pageDigits(l, v) : v) as T;
  if (!v || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map((x) => withPageDigits(l, x, key)) as T;
  const out: Record<string, unknown> = {};
  for (const k in v) out[k] = withPageDigits(l, (v as Record<string, unknown>)[k], k);
  return out as T;
}
