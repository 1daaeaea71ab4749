/**
 * Loyalty, referral and offer strings in English, Arabic and Persian. They live in the extras
 * chunk with the blocks that use them, so an anonymous shopper (no points, no offers) never
 * downloads them; the core strings are in i18n.ts.
 */
import type { Locale } from "../../../worker/domain/experience-types";
import { formatNumber } from "./format";
import { errorText, message, type Msg } from "./i18n";

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
} satisfies Record<string, Msg>;

/** Extras message keys; English is the reference table the others must complete. */
export type ExtrasKey = keyof typeof en;
type Table = Record<ExtrasKey, Msg>;

const ar: Table = {
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
  err_points: "ليس لديك نقاط كافية لهذه المكافأة بعد.",
  err_gone: "هذه المكافأة غير متوفرة حالياً. لم تُخصم نقاطك.",
  offers: "عروضك",
  valid: "صالح حتى {date}",
  off: "خصم {amount}",
  see_offer: "اطّلع على العرض",
};

const fa: Table = {
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
  err_points: "هنوز امتیاز کافی برای این جایزه ندارید.",
  err_gone: "این جایزه فعلاً موجود نیست. امتیازهای شما کسر نشد.",
  offers: "پیشنهادهای شما",
  valid: "معتبر تا {date}",
  off: "{amount} تخفیف",
  see_offer: "مشاهدهٔ پیشنهاد",
};

const tables: Record<Locale, Table> = { en, ar, fa };

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
