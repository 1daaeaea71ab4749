/**
 * Every string the widget shows, in English, Arabic and Persian, in one module so a
 * translator sees them side by side. Text the shop writes (survey prompts, product titles)
 * arrives from the API already localised; only Revisit's own words live here.
 * A message is a template with `{name}` slots, or plural forms chosen by `Intl.PluralRules`.
 */
import type { Greeting, Locale, Reason } from "../../../worker/domain/experience-types";
import { reasonSentence } from "../../../worker/domain/reason-text";
import { formatNumber } from "./format";

type Plural = { other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;
type Msg = string | Plural;

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
  submit: "Submit",
  choose: "Please choose an answer.",
  thanks: "Thanks for your answer!",
  launcher: "For you",
  close: "Close",
  err_network: "We couldn't connect. Please try again.",
  err_rate: "Too many tries. Please wait a moment.",
  err_invalid: "That answer wasn't accepted. Please check it and try again.",
  err_auth: "This shop's Revisit setup needs attention.",
  err_generic: "Something went wrong. Please try again.",
  err_points: "You don't have enough points for this reward yet.",
  err_gone: "This reward isn't available right now. Your points were not spent.",
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
  rewards: "مكافآتك",
  points: { zero: "{n} نقطة", one: "نقطة واحدة", two: "نقطتان", few: "{n} نقاط", many: "{n} نقطة", other: "{n} نقطة" },
  to_points: { one: "نقطة واحدة للوصول إلى {tier}", two: "نقطتان للوصول إلى {tier}", few: "{n} نقاط للوصول إلى {tier}", other: "{n} نقطة للوصول إلى {tier}" },
  to_spend: "أنفق {amount} إضافية للوصول إلى {tier}",
  top: "وصلت إلى أعلى مستوى لدينا",
  progress: "التقدم نحو {tier}",
  pending: "{p} قيد الانتظار",
  owed: "عليك {p} بسبب استرداد",
  expiry: "{p} تنتهي صلاحيتها في {date}",
  held: "تحتفظ بمستواك حتى {date}",
  perks: "مزاياك",
  free_ship: "شحن مجاني",
  early: "وصول مبكر",
  mult: "مضاعف النقاط: {x}",
  stamps: "الأختام: {n} من {m}",
  spend: "استبدل نقاطك",
  redeem: "استبدال",
  need: "ينقصك {p}",
  code: "رمزك",
  redeemed: "تم الاستبدال! رمزك هو {code}",
  codes: "رموزك",
  copy: "نسخ",
  copied: "تم النسخ!",
  copy_manual: "تم تحديد النص. اضغط Ctrl+C للنسخ.",
  ref_title: "ادعُ صديقاً",
  ref_intro: "شارك رابطك. تكسبان النقاط كلاكما عندما يطلب صديقك.",
  ref_link: "رابط الدعوة الخاص بك",
  joined: { zero: "لم ينضم أي صديق", one: "انضم صديق واحد", two: "انضم صديقان", few: "انضم {n} أصدقاء", many: "انضم {n} صديقاً", other: "انضم {n} صديق" },
  ordered: { zero: "لم يطلب أحد بعد", one: "طلب واحد منهم", two: "طلب اثنان منهم", other: "طلب {n} منهم" },
  ref_progress: "{a}، {b}",
  submit: "إرسال",
  choose: "يرجى اختيار إجابة.",
  thanks: "شكراً على إجابتك!",
  launcher: "لك",
  close: "إغلاق",
  err_network: "تعذّر الاتصال. يرجى المحاولة مرة أخرى.",
  err_rate: "محاولات كثيرة. يرجى الانتظار قليلاً.",
  err_invalid: "لم تُقبل هذه الإجابة. يرجى التحقق والمحاولة مجدداً.",
  err_auth: "إعداد Revisit في هذا المتجر يحتاج إلى مراجعة.",
  err_generic: "حدث خطأ ما. يرجى المحاولة مرة أخرى.",
  err_points: "ليس لديك نقاط كافية لهذه المكافأة بعد.",
  err_gone: "هذه المكافأة غير متوفرة حالياً. لم تُخصم نقاطك.",
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
  rewards: "امتیازهای شما",
  points: "{n} امتیاز",
  to_points: "{n} امتیاز تا {tier}",
  to_spend: "{amount} دیگر خرید کنید تا به {tier} برسید",
  top: "شما در بالاترین سطح هستید",
  progress: "پیشرفت تا {tier}",
  pending: "{p} در انتظار",
  owed: "{p} بدهی به‌دلیل بازگشت وجه",
  expiry: "{p} در {date} منقضی می‌شود",
  held: "سطح شما تا {date} حفظ می‌شود",
  perks: "مزایای شما",
  free_ship: "ارسال رایگان",
  early: "دسترسی زودهنگام",
  mult: "ضریب امتیاز: {x}",
  stamps: "{n} از {m} مهر",
  spend: "امتیازهایتان را خرج کنید",
  redeem: "دریافت",
  need: "{p} دیگر لازم است",
  code: "کد شما",
  redeemed: "انجام شد! کد شما: {code}",
  codes: "کدهای شما",
  copy: "کپی",
  copied: "کپی شد!",
  copy_manual: "متن انتخاب شد. برای کپی Ctrl+C را بزنید.",
  ref_title: "دوستانتان را دعوت کنید",
  ref_intro: "لینک خود را به اشتراک بگذارید. وقتی دوستتان خرید کند، هر دو امتیاز می‌گیرید.",
  ref_link: "لینک دعوت شما",
  joined: { one: "{n} دوست پیوست", other: "{n} دوست پیوستند" },
  ordered: { one: "{n} نفر خرید کرد", other: "{n} نفر خرید کردند" },
  ref_progress: "{a}، {b}",
  submit: "ارسال",
  choose: "لطفاً یک پاسخ را انتخاب کنید.",
  thanks: "از پاسخ شما متشکریم!",
  launcher: "برای شما",
  close: "بستن",
  err_network: "ارتباط برقرار نشد. لطفاً دوباره تلاش کنید.",
  err_rate: "تلاش‌ها زیاد بود. لطفاً کمی صبر کنید.",
  err_invalid: "این پاسخ پذیرفته نشد. لطفاً بررسی کنید و دوباره تلاش کنید.",
  err_auth: "تنظیمات Revisit این فروشگاه نیاز به بررسی دارد.",
  err_generic: "مشکلی پیش آمد. لطفاً دوباره تلاش کنید.",
  err_points: "هنوز امتیاز کافی برای این جایزه ندارید.",
  err_gone: "این جایزه فعلاً موجود نیست. امتیازهای شما کسر نشد.",
};

const tables: Record<Locale, Table> = { en, ar, fa };

/** Right-to-left languages among ours. */
export const isRtl = (l: Locale) => l !== "en";

/** A supported locale for anything the API echoes back (unknown means English). */
export const asLocale = (l: unknown): Locale => (l === "ar" || l === "fa" ? l : "en");

/**
 * Looks a message up and fills its `{slots}`. `count` picks the plural form with the locale's
 * own rules (Arabic has six); slot values arrive already formatted in the locale's digits.
 */
export function t(l: Locale, key: MsgKey, vars: Record<string, string> = {}, count?: number): string {
  let m = tables[l][key] ?? en[key];
  if (typeof m !== "string") m = (count !== undefined && m[new Intl.PluralRules(l).select(count)]) || m.other;
  return m.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? "");
}

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
 * "2 friends joined, 1 ordered": each count with its own plural rule, numbers in the locale's digits.
 */
export function friendsText(l: Locale, joined: number, ordered: number): string {
  const n = (x: number) => ({ n: formatNumber(l, x) });
  return t(l, "ref_progress", { a: t(l, "joined", n(joined), joined), b: t(l, "ordered", n(ordered), ordered) });
}

/**
 * The one place API errors become words a shopper can act on: `reason` (an error's
 * `details.reason`, e.g. from a 409 on redeem) is more specific than `code` and wins.
 */
export function errorText(l: Locale, code: string | undefined, reason?: unknown): string {
  const key: MsgKey =
    reason === "insufficient_points"
      ? "err_points"
      : reason === "reward_unavailable"
        ? "err_gone"
        : code === "network" || code === "http_408" || code === "internal_error"
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
