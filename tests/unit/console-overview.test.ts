import { describe, expect, it } from "vitest";
import { ApiFailure } from "../../console/src/api";
import { errorMessage, fieldErrors } from "../../console/src/errors";
import { ar } from "../../console/src/i18n/ar";
import { en } from "../../console/src/i18n/en";
import { fa } from "../../console/src/i18n/fa";
import { formattersFor } from "../../console/src/i18n/i18n";
import { granularityFor, presetRange } from "../../console/src/pages/overview-data";

describe("console overview: ranges", () => {
  it("ends presets today (both ends inclusive) and picks weeks up to about four months, months beyond", () => {
    const today = new Date(2026, 11, 4);
    expect(presetRange("30d", today)).toEqual({ from: "2026-11-05", to: "2026-12-04" });
    expect(presetRange("90d", today)).toEqual({ from: "2026-09-06", to: "2026-12-04" });
    expect(presetRange("12m", today)).toEqual({ from: "2025-12-05", to: "2026-12-04" });
    expect(presetRange("thisMonth", today)).toEqual({ from: "2026-12-01", to: "2026-12-04" });
    expect(presetRange("lastMonth", today)).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(presetRange("lastMonth", new Date(2027, 0, 15))).toEqual({ from: "2026-12-01", to: "2026-12-31" });
    expect(presetRange("lastMonth", new Date(2028, 2, 31))).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(granularityFor("2026-11-05", "2026-12-04")).toBe("week");
    expect(granularityFor("2025-12-05", "2026-12-04")).toBe("month");
  });
});

describe("console errors and languages", () => {
  it("maps API error codes to words in each language; any 403 but a CSRF failure is a role refusal", () => {
    expect(errorMessage(en, new ApiFailure(401, "unauthorized", "x"))).toBe(en.errors.unauthorized);
    expect(errorMessage(en, new ApiFailure(403, "forbidden", "x"))).toBe(en.errors.forbidden);
    expect(errorMessage(ar, new ApiFailure(403, "invalid_request", "x"))).toBe(ar.errors.forbidden);
    expect(errorMessage(fa, new ApiFailure(403, "csrf_failed", "x"))).toBe(fa.errors.csrf_failed);
    expect(errorMessage(en, new ApiFailure(0, "network", "x"))).toBe(en.errors.network);
    expect(errorMessage(en, new ApiFailure(418, "teapot", "x"))).toBe(en.errors.unknown);
    expect(errorMessage(en, new Error("boom"))).toBe(en.errors.unknown);
  });

  it("puts each zod issue of a 400 under its field path (the first one per field)", () => {
    const failure = new ApiFailure(400, "invalid_request", "x", [
      { path: ["siteId"], message: "Too short" },
      { path: ["loyalty", "tiers", "0", "name"], message: "Required" },
      { path: ["siteId"], message: "second" },
    ]);
    expect(fieldErrors(failure)).toEqual({ siteId: "Too short", "loyalty.tiers.0.name": "Required" });
  });

  it("formats numbers, money and dates with the language's own digits and calendar", () => {
    expect(formattersFor("fa").number(1234)).toBe("۱٬۲۳۴");
    expect(formattersFor("en").money(28, "USD")).toBe("$28.00");
    expect(formattersFor("en").percent(0.125)).toBe("12.5%");
    expect(formattersFor("fa").month("2026-11")).toContain("۱۴۰۵");
  });
});
