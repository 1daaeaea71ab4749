/**
 * The loyalty, referral and offer strings in Arabic: a lazily loaded chunk of its own
 * (`w/extras-ar.<hash>.js`, budget in widget/budgets.mjs), fetched only when the page or the
 * experience is in Arabic, in parallel with the extras chunk, and registered before anything is
 * drawn, so English shoppers never download it and Arabic ones never see English first (issue #7).
 * English, the reference table and the fallback, stays in extras-i18n.ts.
 */
import type { ExtrasTable } from "../extras-i18n";

const ar: ExtrasTable = {
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
  confirm: "هل تريد إنفاق {p} مقابل {name}؟",
  yes: "تأكيد",
  no: "إلغاء",
  ready: "جاهزة للاستبدال: {name}",
  next_rw: "باقٍ {p} للحصول على {name}",
  details: "التفاصيل",
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
  code_below: "اطّلع على رمزك",
};
export default ar;
