import { describe, expect, it } from "vitest";
import { formatDate, formatMoney, formatNumber } from "../../widget/src/ui/format";

const PERSIAN = /[۰-۹]/;
const ARABIC_INDIC = /[٠-٩]/;

describe("Intl formatting", () => {
  it("uses Persian digits for fa and Arabic-Indic digits for ar", () => {
    expect(formatNumber("fa", 1250)).toBe("۱٬۲۵۰");
    expect(formatNumber("ar", 1250)).toMatch(ARABIC_INDIC);
    expect(formatNumber("ar", 1250)).not.toMatch(/[0-9]/);
    expect(formatNumber("en", 1250)).toBe("1,250");
  });
  it("formats money in the item's currency", () => {
    expect(formatMoney("en", 24.5, "USD")).toBe("$24.50");
    expect(formatMoney("en", 1234.5, "EUR")).toBe("€1,234.50");
    expect(formatMoney("fa", 24.5, "USD")).toMatch(PERSIAN);
    expect(formatMoney("ar", 24.5, "USD")).toMatch(ARABIC_INDIC);
  });
  it("falls back to number + code for a currency Intl rejects", () => {
    expect(formatMoney("en", 5, "NOPE!")).toBe("5 NOPE!");
  });
  it("formats dates in the locale's calendar", () => {
    const iso = "2026-03-20T10:00:00Z";
    expect(formatDate("en", iso)).toBe("Mar 20, 2026");
    expect(formatDate("fa", iso)).toMatch(/۱۴۰۴/); // Solar Hijri year
    expect(formatDate("ar", iso)).toMatch(/١٤٤٧/); // Hijri year
    expect(formatDate("en", "not a date")).toBe("");
  });
});
