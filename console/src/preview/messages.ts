/** The live widget preview's words (console/src/preview/widget-preview.tsx), in the console's language. */
export const en = {
  title: "Live preview",
  frameTitle: "Preview of the storefront widget",
  updating: "Updating…",
  upToDate: "Shows the unsaved draft",
  invalid: "The preview updates once the highlighted fields are fixed.",
  failed: "The preview could not be updated. It will try again on your next change.",
  nothing: "A shopper like this sees nothing here.",
  reasons: {
    paused: "This survey is paused: shoppers do not see it until you launch it. Shown here so you can check it.",
    not_for_segment: "Shoppers in this segment would not see this (display rules or audience). Shown here so you can check it.",
    not_found: "Save or finish this item first: the preview cannot find it in the draft.",
  },
};

export type PreviewMessages = typeof en;

export const ar: PreviewMessages = {
  title: "معاينة مباشرة",
  frameTitle: "معاينة أداة المتجر",
  updating: "جارٍ التحديث…",
  upToDate: "تعرض المسودة غير المحفوظة",
  invalid: "تتحدّث المعاينة بعد تصحيح الحقول المميّزة.",
  failed: "تعذّر تحديث المعاينة. ستُعاد المحاولة عند تعديلك التالي.",
  nothing: "لا يرى متسوّق كهذا شيئًا هنا.",
  reasons: {
    paused: "هذا الاستبيان متوقف مؤقتًا: لن يراه المتسوّقون حتى تطلقه. يظهر هنا لتتمكن من مراجعته.",
    not_for_segment: "لن يرى المتسوّقون في هذه الشريحة هذا العنصر (بسبب قواعد العرض أو الجمهور). يظهر هنا لتتمكن من مراجعته.",
    not_found: "احفظ هذا العنصر أو أكمله أولًا: لا تجده المعاينة في المسودة.",
  },
};

export const fa: PreviewMessages = {
  title: "پیش‌نمایش زنده",
  frameTitle: "پیش‌نمایش ابزارک فروشگاه",
  updating: "در حال به‌روزرسانی…",
  upToDate: "پیش‌نویس ذخیره‌نشده را نشان می‌دهد",
  invalid: "پیش‌نمایش پس از اصلاح فیلدهای مشخص‌شده به‌روز می‌شود.",
  failed: "پیش‌نمایش به‌روز نشد. با تغییر بعدی شما دوباره تلاش می‌کند.",
  nothing: "خریداری مثل این چیزی اینجا نمی‌بیند.",
  reasons: {
    paused: "این نظرسنجی متوقف است: تا وقتی آن را راه‌اندازی نکنید خریداران آن را نمی‌بینند. اینجا نشان داده می‌شود تا بتوانید بررسی‌اش کنید.",
    not_for_segment: "خریداران این بخش این را نمی‌بینند (به‌خاطر قواعد نمایش یا مخاطبان). اینجا نشان داده می‌شود تا بتوانید بررسی‌اش کنید.",
    not_found: "ابتدا این مورد را کامل یا ذخیره کنید: پیش‌نمایش آن را در پیش‌نویس پیدا نمی‌کند.",
  },
};

export const messages = { en, ar, fa };
