/**
 * `Intl` formatting in each locale's own digits and calendar: Persian uses fa-IR (Persian
 * digits, Solar Hijri calendar), Arabic uses Arabic-Indic digits and, for dates, the Hijri
 * (Umm al-Qura) calendar; English is plain `en`. Formatters are cached: they are costly to build.
 */
import type { Locale } from "../../../contract/experience";

/** BCP 47 tag used for numbers and money. */
export const numberLocale = (l: Locale) => (l === "fa" ? "fa-IR" : l === "ar" ? "ar-u-nu-arab" : "en");
/** BCP 47 tag used for dates. */
export const dateLocale = (l: Locale) => (l === "fa" ? "fa-IR" : l === "ar" ? "ar-SA-u-ca-islamic-umalqura-nu-arab" : "en");

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function get<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

/** An integer or decimal in the locale's digits ("۱۲۳" in fa, "١٢٣" in ar). */
export const formatNumber = (l: Locale, n: number) => get(`n${l}`, () => new Intl.NumberFormat(numberLocale(l))).format(n);

/** A price, e.g. "$19.99", "١٩٫٩٩ US$", "۱۹٫۹۹ دلار"; an unknown currency code falls back to number + code. */
export function formatMoney(l: Locale, amount: number, currency: string): string {
  try {
    return get(`m${l}${currency}`, () => new Intl.NumberFormat(numberLocale(l), { style: "currency", currency })).format(amount);
  } catch {
    return `${formatNumber(l, amount)} ${currency}`;
  }
}

/** A calendar date ("Jul 3, 2026"; Solar Hijri in fa; Hijri in ar); empty for an invalid time. */
export function formatDate(l: Locale, iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return get(`d${l}`, () => new Intl.DateTimeFormat(dateLocale(l), { year: "numeric", month: "short", day: "numeric" })).format(d);
}

/** A percentage from 0–100 ("15%", "٪١٥", "۱۵٪"), for percent discounts. */
export const formatPercent = (l: Locale, value: number) => get(`p${l}`, () => new Intl.NumberFormat(numberLocale(l), { style: "percent", maximumFractionDigits: 2 })).format(value / 100);
