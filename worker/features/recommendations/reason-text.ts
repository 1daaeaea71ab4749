/**
 * Why a product is recommended, as a sentence in the shopper's language. The Worker puts it on
 * every recommendation (`reason.text`) for API users; the widget imports the same table, so the
 * two always say the same. `{label}` is the product title, category name or survey answer.
 */
import type { Locale, Reason, ReasonCode } from "../../../contract/experience";

type Forms = { withLabel: string; generic: string };
const table: Record<Locale, Record<ReasonCode, Forms>> = {
  en: {
    recently_viewed: { withLabel: "Because you viewed {label}", generic: "Based on what you viewed" },
    same_category: { withLabel: "More from {label}", generic: "More like this" },
    trending_in_category: { withLabel: "Trending in {label}", generic: "Trending now" },
    survey_match: { withLabel: "Matches your answer: {label}", generic: "Matches your answers" },
    popular: { withLabel: "Popular right now", generic: "Popular right now" },
    bought_together: { withLabel: "Often bought with {label}", generic: "Often bought together" },
    because_you_bought: { withLabel: "Because you bought {label}", generic: "Based on your orders" },
    buy_again: { withLabel: "Time to restock?", generic: "Time to restock?" },
    complete_the_set: { withLabel: "Goes with {label} in your cart", generic: "Complete the set" },
    because_you_saved: { withLabel: "Goes with {label}, which you saved", generic: "Goes with what you saved" },
  },
  ar: {
    recently_viewed: { withLabel: "لأنك شاهدت {label}", generic: "بناءً على ما شاهدته" },
    same_category: { withLabel: "المزيد من {label}", generic: "المزيد من هذا النوع" },
    trending_in_category: { withLabel: "رائج في {label}", generic: "رائج الآن" },
    survey_match: { withLabel: "يناسب إجابتك: {label}", generic: "يناسب إجاباتك" },
    popular: { withLabel: "رائج الآن", generic: "رائج الآن" },
    bought_together: { withLabel: "غالباً ما يُشترى مع {label}", generic: "غالباً ما يُشتريان معاً" },
    because_you_bought: { withLabel: "لأنك اشتريت {label}", generic: "بناءً على طلباتك" },
    buy_again: { withLabel: "هل حان وقت التجديد؟", generic: "هل حان وقت التجديد؟" },
    complete_the_set: { withLabel: "يناسب {label} في سلتك", generic: "أكمل المجموعة" },
    because_you_saved: { withLabel: "يناسب {label} الذي حفظته", generic: "يناسب ما حفظته" },
  },
  fa: {
    recently_viewed: { withLabel: "چون {label} را دیدید", generic: "بر اساس بازدیدهای شما" },
    same_category: { withLabel: "موارد بیشتر از {label}", generic: "موارد مشابه" },
    trending_in_category: { withLabel: "پرطرفدار در {label}", generic: "پرطرفدار این روزها" },
    survey_match: { withLabel: "مطابق پاسخ شما: {label}", generic: "مطابق پاسخ‌های شما" },
    popular: { withLabel: "پرطرفدار این روزها", generic: "پرطرفدار این روزها" },
    bought_together: { withLabel: "اغلب همراه با {label} خریده می‌شود", generic: "اغلب با هم خریده می‌شوند" },
    because_you_bought: { withLabel: "چون {label} را خریدید", generic: "بر اساس سفارش‌های شما" },
    buy_again: { withLabel: "وقت خرید دوباره است؟", generic: "وقت خرید دوباره است؟" },
    complete_the_set: { withLabel: "همراه با {label} در سبد شما", generic: "مجموعه را کامل کنید" },
    because_you_saved: { withLabel: "همراه با {label} که ذخیره کرده‌اید", generic: "همراه با موارد ذخیره‌شده شما" },
  },
};

/** The sentence for a reason; a reason without a label (or an unknown code) gets a generic form. */
export function reasonSentence(l: Locale, r: Pick<Reason, "code" | "label">): string {
  const t = table[l] ?? table.en;
  const f = t[r.code] ?? t.popular;
  return r.label ? f.withLabel.replace("{label}", r.label) : f.generic;
}
