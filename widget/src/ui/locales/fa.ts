/**
 * The core strings (greeting, recommendations, cart, survey, errors) in Persian: a lazily loaded
 * chunk of its own (`w/fa.<hash>.js`, budget in widget/budgets.mjs), fetched only when the page or
 * the experience is in Persian, in parallel with the UI block, and registered before anything is
 * drawn, so English shoppers never download it and Persian ones never see English first (issue
 * #7). English, the reference table and the fallback, stays in i18n.ts.
 */
import type { Table } from "../i18n";

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
  prev: "قبلی",
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
export default fa;
