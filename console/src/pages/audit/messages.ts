/** The Audit log page's words; `ar` and `fa` must have `en`'s shape (checked by the compiler). */
const en = {
  title: "Audit log",
  intro: "Every change made in this console or with the secret key: who, when and what. Orders, catalog imports and shopper activity are not listed.",
  when: "When",
  who: "Who",
  what: "What",
  result: "Result",
  done: "Done",
  refused: "Refused",
  failed: "Failed",
  none: "No changes recorded yet.",
  older: "Show older entries",
  loadingOlder: "Loading…",
  filter: "Show changes by",
  everyone: "Everyone",
  filterNote: "The filter covers the entries loaded on this page.",
  erasedNote: "Erased customers show as (erased).",
  count: (shown: string, loaded: string) => `${shown} of ${loaded} loaded entries`,
};
export type AuditMessages = typeof en;

const ar: AuditMessages = {
  title: "سجل التدقيق",
  intro: "كل تغيير أُجري في لوحة التحكم هذه أو بالمفتاح السري: من، ومتى، وماذا. الطلبات واستيراد الكتالوج ونشاط المتسوقين غير مدرجة.",
  when: "متى",
  who: "من",
  what: "ماذا",
  result: "النتيجة",
  done: "تم",
  refused: "مرفوض",
  failed: "فشل",
  none: "لا توجد تغييرات مسجّلة بعد.",
  older: "عرض الإدخالات الأقدم",
  loadingOlder: "جارٍ التحميل…",
  filter: "عرض تغييرات",
  everyone: "الجميع",
  filterNote: "تشمل التصفية الإدخالات المحمّلة في هذه الصفحة.",
  erasedNote: "يظهر العملاء المحذوفة بياناتهم بالشكل ‎(erased)‎.",
  count: (shown: string, loaded: string) => `${shown} من ${loaded} إدخالًا محمّلًا`,
};

const fa: AuditMessages = {
  title: "گزارش تغییرات",
  intro: "هر تغییری که در این کنسول یا با کلید محرمانه انجام شده: چه کسی، کی و چه چیزی. سفارش‌ها، ورود کاتالوگ و فعالیت خریداران اینجا نیستند.",
  when: "زمان",
  who: "چه کسی",
  what: "چه تغییری",
  result: "نتیجه",
  done: "انجام شد",
  refused: "رد شد",
  failed: "ناموفق",
  none: "هنوز تغییری ثبت نشده است.",
  older: "نمایش موارد قدیمی‌تر",
  loadingOlder: "در حال بارگذاری…",
  filter: "نمایش تغییرات",
  everyone: "همه",
  filterNote: "این فیلتر روی مواردی است که در این صفحه بارگذاری شده‌اند.",
  erasedNote: "مشتریانی که داده‌هایشان پاک شده به شکل ‎(erased)‎ نشان داده می‌شوند.",
  count: (shown: string, loaded: string) => `${shown} از ${loaded} مورد بارگذاری‌شده`,
};

export const messages = { en, ar, fa };
