/**
 * The loyalty, referral and offer strings in Persian: a lazily loaded chunk of its own
 * (`w/extras-fa.<hash>.js`, budget in widget/budgets.mjs), fetched only when the page or the
 * experience is in Persian, in parallel with the extras chunk, and registered before anything is
 * drawn, so English shoppers never download it and Persian ones never see English first (issue
 * #7). English, the reference table and the fallback, stays in extras-i18n.ts.
 */
import type { ExtrasTable } from "../extras-i18n";

const fa: ExtrasTable = {
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
  confirm: "{p} برای {name} خرج شود؟",
  yes: "تأیید",
  no: "انصراف",
  ready: "آمادهٔ دریافت: {name}",
  next_rw: "{p} تا {name}",
  details: "جزئیات",
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
  code_below: "کد خود را ببینید",
};
export default fa;
