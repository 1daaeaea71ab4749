import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { en, type Messages } from "./en";

/** The console's languages: English (bundled, the fallback), Arabic and Persian (lazy chunks, right to left). */
export type Locale = "en" | "ar" | "fa";
export const LOCALES: readonly Locale[] = ["en", "ar", "fa"];
/** Each language's own name, shown in the language menu in that language. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", ar: "العربية", fa: "فارسی" };

const STORAGE_KEY = "revisit-console-locale";
const isLocale = (v: unknown): v is Locale => typeof v === "string" && (LOCALES as readonly string[]).includes(v);

/** `?locale=` wins (a link can pick the language), then the last choice made here, then the browser's. */
export function initialLocale(): Locale {
  const fromUrl = new URLSearchParams(location.search).get("locale");
  if (isLocale(fromUrl)) return fromUrl;
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    // storage blocked: fall through
  }
  const nav = navigator.language.slice(0, 2);
  return isLocale(nav) ? nav : "en";
}

/** Remembers a choice made in the language menu (best effort: private windows may refuse). */
export function rememberLocale(locale: Locale) {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // ignore
  }
}

/** The messages of a language; Arabic and Persian are fetched as their own chunks on first use. */
export async function loadMessages(locale: Locale): Promise<Messages> {
  if (locale === "ar") return (await import("./ar")).ar;
  if (locale === "fa") return (await import("./fa")).fa;
  return en;
}

/** Sets `lang` and `dir` on <html>, so the browser, screen readers and logical CSS all mirror together. */
export function applyDocumentLocale(locale: Locale) {
  document.documentElement.lang = locale;
  document.documentElement.dir = locale === "en" ? "ltr" : "rtl";
}

/** Formatting bound to one locale: numbers, money, shares and dates always go through Intl. */
export interface Formatters {
  number: (n: number) => string;
  money: (n: number, currency: string) => string;
  percent: (share: number, digits?: number) => string;
  signedPercent: (share: number) => string;
  date: (iso: string) => string;
  dayMonth: (iso: string) => string;
  month: (isoMonth: string) => string;
  /** A moment (ISO string or epoch ms) as date and time, in the viewer's own time zone. */
  dateTime: (at: string | number) => string;
  /** A moment as its day, in the viewer's own time zone (`date` is for calendar days like "2026-11-05"). */
  day: (at: string | number) => string;
}

/** Builds the formatters for a locale (Arabic and Persian get their own digits from Intl). */
export function formattersFor(locale: Locale): Formatters {
  const num = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const day = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  const dm = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" });
  const mon = new Intl.DateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" });
  const moment = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  const momentDay = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
  return {
    number: (n) => num.format(n),
    money: (n, currency) => {
      try {
        return new Intl.NumberFormat(locale, { style: "currency", currency, maximumFractionDigits: Math.abs(n) >= 1000 ? 0 : 2 }).format(n);
      } catch {
        return `${num.format(n)} ${currency}`;
      }
    },
    percent: (share, digits = 1) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: digits }).format(share),
    signedPercent: (share) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(share),
    date: (iso) => day.format(new Date(`${iso}T00:00:00Z`)),
    dayMonth: (iso) => dm.format(new Date(`${iso}T00:00:00Z`)),
    month: (isoMonth) => mon.format(new Date(`${isoMonth}-01T00:00:00Z`)),
    dateTime: (at) => moment.format(new Date(at)),
    day: (at) => momentDay.format(new Date(at)),
  };
}

/** What every component reads: the language, its messages and its formatters. */
export interface I18n {
  locale: Locale;
  t: Messages;
  f: Formatters;
}

export const I18nContext = createContext<I18n>({ locale: "en", t: en, f: formattersFor("en") });
/** The current language's messages and formatters. */
export const useI18n = () => useContext(I18nContext);

/**
 * A page's own strings in each language. Pages are lazy chunks built apart from one another, so
 * each keeps its words beside it (`pages/<page>/messages.ts`, `ar` and `fa` typed as `en`'s shape)
 * instead of all in the shell's language modules.
 */
export function usePageMessages<T>(messages: Record<Locale, T>): T {
  return messages[useI18n().locale];
}
