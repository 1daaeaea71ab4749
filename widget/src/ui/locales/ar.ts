/**
 * The core strings (greeting, recommendations, cart, survey, errors) in Arabic: a lazily loaded
 * chunk of its own (`w/ar.<hash>.js`, budget in widget/budgets.mjs), fetched only when the page or
 * the experience is in Arabic, in parallel with the UI block, and registered before anything is
 * drawn, so English shoppers never download it and Arabic ones never see English first (issue #7).
 * English, the reference table and the fallback, stays in i18n.ts.
 */
import type { Table } from "../i18n";

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
  prev: "السابق",
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
export default ar;
