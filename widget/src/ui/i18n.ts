/**
 * The core strings the widget shows, in English, Arabic and Persian, side by side for a
 * translator; loyalty, referral and offer strings live in extras-i18n.ts, in the extras chunk
 * that only shoppers with points or offers download. Text the shop writes (survey prompts, product titles)
 * arrives from the API already localised; only Revisit's own words live here.
 * A message is a template with `{name}` slots, or plural forms chosen by `Intl.PluralRules`.
 */
import type { Greeting, Locale, Reason } from "../../../worker/domain/experience-types";
import { reasonSentence } from "../../../worker/domain/reason-text";

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
type Table = Record<MsgKey, Msg>;

const ar: Table = {
  first_visit: "أهلاً بك! تفضّل بالاطلاع على متجرنا.",
  returning: "مرحباً بعودتك!",
  returning_name: "مرحباً بعودتك يا {name}!",
  known_tier: "مرحباً بعودتك يا {name} — عضو {tier}",
  known_tier_noname: "مرحباً بعودتك — عضو {tier}",
  lapsed: "مرّ وقت طويل. اشتقنا إليك!",
  lapsed_name: "مرّ وقت طويل يا {name}. اشتقنا إليك!",
  recs: "مختارات لك",
  recs_product: "يناسب هذا المنتج",
  recs_cart: "أكمل المجموعة",
  cart: "سلتك المحفوظة",
  qty: "الكمية {n}",
  total: "المجموع",
  saved: "حُفظت في {date}",
  restore: "استعد سلتك",
  submit: "إرسال",
  choose: "يرجى اختيار إجابة.",
  thanks: "شكراً على إجابتك!",
  step: "السؤال {n} من {m}",
  next: "التالي",
  not_now: "ليس الآن",
  nps_low: "غير مرجّح",
  nps_high: "مرجّح جداً",
  chars_left: { zero: "لم يتبقَّ أي حرف", one: "يتبقى حرف واحد", two: "يتبقى حرفان", few: "يتبقى {n} أحرف", many: "يتبقى {n} حرفاً", other: "يتبقى {n} حرف" },
  write: "يرجى كتابة إجابة.",
  launcher: "لك",
  close: "إغلاق",
  err_network: "تعذّر الاتصال. يرجى المحاولة مرة أخرى.",
  err_rate: "محاولات كثيرة. يرجى الانتظار قليلاً.",
  err_invalid: "لم تُقبل هذه الإجابة. يرجى التحقق والمحاولة مجدداً.",
  err_auth: "إعداد Revisit في هذا المتجر يحتاج إلى مراجعة.",
  err_generic: "حدث خطأ ما. يرجى المحاولة مرة أخرى.",
};

const fa: Table = {
  first_visit: "خوش آمدید! نگاهی به فروشگاه بیندازید.",
  returning: "خوش برگشتید!",
  returning_name: "{name}، خوش برگشتید!",
  known_tier: "{name}، خوش برگشتید — عضو {tier}",
  known_tier_noname: "خوش برگشتید — عضو {tier}",
  lapsed: "مدتی است شما را ندیده‌ایم. دلمان برایتان تنگ شده بود!",
  lapsed_name: "{name}، مدتی است شما را ندیده‌ایم. دلمان برایتان تنگ شده بود!",
  recs: "پیشنهاد برای شما",
  recs_product: "مناسب همراه این محصول",
  recs_cart: "مجموعه را کامل کنید",
  cart: "سبد خرید ذخیره‌شدهٔ شما",
  qty: "تعداد {n}",
  total: "جمع کل",
  saved: "ذخیره‌شده در {date}",
  restore: "بازگرداندن سبد خرید",
  submit: "ارسال",
  choose: "لطفاً یک پاسخ را انتخاب کنید.",
  thanks: "از پاسخ شما متشکریم!",
  step: "پرسش {n} از {m}",
  next: "بعدی",
  not_now: "الان نه",
  nps_low: "بعید است",
  nps_high: "خیلی محتمل است",
  chars_left: "{n} نویسه باقی مانده",
  write: "لطفاً پاسخی بنویسید.",
  launcher: "برای شما",
  close: "بستن",
  err_network: "ارتباط برقرار نشد. لطفاً دوباره تلاش کنید.",
  err_rate: "تلاش‌ها زیاد بود. لطفاً کمی صبر کنید.",
  err_invalid: "این پاسخ پذیرفته نشد. لطفاً بررسی کنید و دوباره تلاش کنید.",
  err_auth: "تنظیمات Revisit این فروشگاه نیاز به بررسی دارد.",
  err_generic: "مشکلی پیش آمد. لطفاً دوباره تلاش کنید.",
};

const tables: Record<Locale, Table> = { en, ar, fa };

/** Right-to-left languages among ours. */
export const isRtl = (l: Locale) => l !== "en";

/** A supported locale for anything the API echoes back (unknown means English). */
export const asLocale = (l: unknown): Locale => (l === "ar" || l === "fa" ? l : "en");

const rules = new Map<Locale, Intl.PluralRules>();

/**
 * Picks a message from `tables` (English when a table lacks the key) and fills its `{slots}`.
 * `count` picks the plural form with the locale's own rules (Arabic has six); slot values arrive
 * already formatted in the locale's digits. Shared by this table and the extras chunk's own.
 */
export function message<K extends string>(tables: Record<Locale, Record<K, Msg>>, l: Locale, key: K, vars: Record<string, string> = {}, count?: number): string {
  let m = tables[l][key] ?? tables.en[key];
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
 * Why a product is recommended, as a sentence, from the table the Worker also uses for
 * `reason.text` (worker/domain/reason-text.ts), so the widget and the API always agree.
 */
export function reasonText(l: Locale, r: Reason): string {
  return reasonSentence(l, r);
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
