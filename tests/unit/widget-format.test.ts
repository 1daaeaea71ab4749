import { afterEach, describe, expect, it, vi } from "vitest";
import type { Experience } from "../../contract/experience";
import { choosePageFormat, formatDate, formatMoney, formatNumber, formatPercent, pageDigits, pageFormat, withPageDigits } from "../../widget/src/ui/format";

const PERSIAN = /[۰-۹]/;
const ARABIC_INDIC = /[٠-٩]/;
const LATIN = /[0-9]/;
/** Every digit of a string is of one system (issue 15: no "6" beside "٣" on one page). */
const systems = (s: string) => new Set([...s].flatMap((c) => (/[0-9]/.test(c) ? ["latn"] : ARABIC_INDIC.test(c) ? ["arab"] : PERSIAN.test(c) ? ["arabext"] : [])));

/** Pretends to be a page with this `<html lang>` and calls what the UI calls before drawing. */
function page(lang: string, settings: Partial<Experience["settings"]> = {}) {
  vi.stubGlobal("document", { documentElement: { lang }, querySelector: () => null });
  vi.stubGlobal("navigator", { languages: ["en-US"] });
  const l = lang.slice(0, 2) as "ar" | "fa" | "en";
  choosePageFormat({ settings: { launcher: true, position: "bottom-end", theme: {}, ...settings } }, l);
  return l;
}

afterEach(() => {
  vi.unstubAllGlobals();
  // Back to "by language alone" for the next test.
  for (const l of ["ar", "fa", "en"]) page(l);
  vi.unstubAllGlobals();
});

describe("Intl formatting", () => {
  it("uses Persian digits for fa, CLDR's Latin digits for plain ar, and Arabic-Indic for ar-EG", () => {
    expect(formatNumber("fa", 1250)).toBe("۱٬۲۵۰");
    expect(formatNumber("ar", 1250)).toBe("1,250");
    expect(formatNumber("en", 1250)).toBe("1,250");
    page("ar-EG");
    expect(formatNumber("ar", 1250)).toMatch(ARABIC_INDIC);
    expect(formatNumber("ar", 1250)).not.toMatch(LATIN);
  });
  it("formats money in the item's currency", () => {
    expect(formatMoney("en", 24.5, "USD")).toBe("$24.50");
    expect(formatMoney("en", 1234.5, "EUR")).toBe("€1,234.50");
    expect(formatMoney("fa", 24.5, "USD")).toMatch(PERSIAN);
    page("ar-SA");
    expect(formatMoney("ar", 24.5, "USD")).toMatch(ARABIC_INDIC);
  });
  it("falls back to number + code for a currency Intl rejects", () => {
    expect(formatMoney("en", 5, "NOPE!")).toBe("5 NOPE!");
  });
  it("formats dates in the calendar of the locale's region: Solar Hijri in fa, Umm al-Qura in ar-SA, Gregorian in ar-EG and plain ar", () => {
    const iso = "2026-03-20T10:00:00Z";
    expect(formatDate("en", iso)).toBe("Mar 20, 2026");
    expect(formatDate("fa", iso)).toMatch(/۱۴۰۴/); // Solar Hijri year
    expect(formatDate("ar", iso)).toMatch(/2026/);
    page("ar-SA");
    expect(formatDate("ar", iso)).toMatch(/١٤٤٧/); // Hijri year
    page("ar-EG");
    expect(formatDate("ar", iso)).toMatch(/٢٠٢٦/);
    page("ar-AE");
    expect(formatDate("ar", iso)).toMatch(/2026/);
    expect(formatDate("en", "not a date")).toBe("");
  });
  it("writes English dates as Intl does, in the shopper's time zone, without building an Intl.DateTimeFormat", () => {
    const intl = new Intl.DateTimeFormat("en-u-nu-latn-ca-gregory", { year: "numeric", month: "short", day: "numeric" });
    const spy = vi.spyOn(Intl, "DateTimeFormat");
    // Every month, the first and last days, a leap day, and times near midnight UTC (the local date decides).
    for (let m = 0; m < 12; m++)
      for (const iso of [new Date(Date.UTC(2026, m, 1, 0, 30)), new Date(Date.UTC(2027, m + 1, 0, 23, 30))].map((d) => d.toISOString())) expect(formatDate("en", iso)).toBe(intl.format(new Date(iso)));
    expect(formatDate("en", "2028-02-29T12:00:00Z")).toBe(intl.format(new Date("2028-02-29T12:00:00Z")));
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });
  it("lets the site choose the digits and the calendar, over the page's language", () => {
    page("ar", { numberingSystem: "arab", calendar: "islamic-umalqura" });
    expect(formatNumber("ar", 15)).toBe("١٥");
    expect(formatDate("ar", "2026-03-20T10:00:00Z")).toMatch(/١٤٤٧/);
    page("ar-SA", { numberingSystem: "latn", calendar: "gregory" });
    expect(formatPercent("ar", 15)).toMatch(/^\D*15\D*$/);
    expect(formatDate("ar", "2026-03-20T10:00:00Z")).toMatch(/2026/);
    page("fa-IR", { numberingSystem: "latn" });
    expect(formatNumber("fa", 15)).toBe("15");
    expect(formatDate("fa", "2026-03-20T10:00:00Z")).toMatch(/1404/); // still Solar Hijri
    // English pages ignore the settings: they are about Arabic and Persian pages.
    page("en", { numberingSystem: "arab", calendar: "persian" });
    expect(formatNumber("en", 15)).toBe("15");
    expect(formatDate("en", "2026-03-20T10:00:00Z")).toBe("Mar 20, 2026");
  });
});

describe("one numbering system per page", () => {
  it("reads the region of the first language tag in the page's language, then CLDR's default", () => {
    expect(pageFormat("ar", ["ar-EG"]).n).toBe("ar-EG-u-nu-arab");
    expect(pageFormat("ar", [null, "ar", "ar-SA"]).d).toBe("ar-SA-u-nu-arab-ca-islamic-umalqura");
    expect(pageFormat("ar", ["fa-IR", "ar-Arab-ma"]).n).toBe("ar-MA-u-nu-latn");
    expect(pageFormat("ar", ["en-US"]).d).toBe("ar-u-nu-latn-ca-gregory");
    expect(pageFormat("fa", []).d).toBe("fa-u-nu-arabext-ca-persian");
    expect(pageFormat("en", ["en-SA"], { numberingSystem: "arab" }).d).toBe("en-u-nu-latn-ca-gregory");
  });
  it("writes the digits of shop-written text in the page's system, leaving Latin-glued ones (SPF50) as written", () => {
    page("ar-EG");
    expect(pageDigits("ar", "اشترِ 6 والسابع مجاني")).toBe("اشترِ ٦ والسابع مجاني");
    expect(pageDigits("ar", "خصم 15٪ · SPF50 · ۲۵")).toBe("خصم ١٥٪ · SPF50 · ٢٥");
    page("ar");
    expect(pageDigits("ar", "الأختام: ٣ من ٦")).toBe("الأختام: 3 من 6");
    expect(pageDigits("fa", "۶ بخرید 7")).toBe("۶ بخرید ۷");
  });
  it("converts the experience's shop-written words, never codes, ids, URLs or theme values", () => {
    page("ar-EG");
    const exp = {
      locale: "ar",
      recommendations: [{ productId: "p15", title: "كريم 50 مل", url: "https://s.example/p15", reason: { code: "survey_match", ref: "t1", label: "بشرة 2", text: "يناسب إجابتك: بشرة 2" } }],
      loyalty: { punchCards: [{ id: "c6", name: "اشترِ 6 والسابع مجاني", stamps: 3, required: 6 }], redeemed: [{ id: "r1", name: "خصم 10٪", code: "TEN10OFF" }] },
      offers: [{ id: "o15", title: "خصم 15٪ بمناسبة عودتك", code: "BACK15", message: "حتى 30 يونيو" }],
      content: { hero: { headline: "خصم 15٪", link: { url: "https://s.example/15", label: "تسوق 2" }, offerId: "o15" } },
      settings: { theme: { "--revisit-accent": "#0a7" } },
    } as const;
    const out = withPageDigits("ar", exp);
    const words = [
      out.recommendations[0].title,
      out.recommendations[0].reason.text,
      out.recommendations[0].reason.label,
      out.loyalty.punchCards[0].name,
      out.loyalty.redeemed[0].name,
      out.offers[0].title,
      out.offers[0].message,
      out.content.hero.headline,
      out.content.hero.link.label,
    ];
    for (const w of words) expect(systems(w)).toEqual(new Set(["arab"]));
    expect(out.offers[0].code).toBe("BACK15");
    expect(out.loyalty.redeemed[0].code).toBe("TEN10OFF");
    expect(out.recommendations[0].productId).toBe("p15");
    expect(out.recommendations[0].url).toBe("https://s.example/p15");
    expect(out.content.hero.offerId).toBe("o15");
    expect(out.settings.theme["--revisit-accent"]).toBe("#0a7");
    expect(out.loyalty.punchCards[0].stamps).toBe(3);
    expect(exp.offers[0].title).toBe("خصم 15٪ بمناسبة عودتك"); // a copy: the loader's experience is untouched
  });
});
