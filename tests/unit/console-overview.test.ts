import { describe, expect, it } from "vitest";
import { ApiFailure } from "../../console/src/api";
import { errorMessage, fieldErrors } from "../../console/src/errors";
import { ar } from "../../console/src/i18n/ar";
import { en } from "../../console/src/i18n/en";
import { fa } from "../../console/src/i18n/fa";
import { formattersFor } from "../../console/src/i18n/i18n";
import { type Figures, granularityFor, presetRange, revenueSplit } from "../../console/src/pages/overview-data";

/** A summary period with `n` new orders worth `a` each and `r` returning orders worth `b` each. */
function period(n: number, a: number, r: number, b: number): Figures {
  const revenue = n * a + r * b;
  const round2 = (x: number) => Math.round(x * 100) / 100;
  return {
    period: "2026-11",
    from: "2026-11-01",
    to: "2026-11-30",
    customersWithOrder: n + r,
    newCustomers: n,
    returningCustomers: r,
    orders: n + r,
    revenue: round2(revenue),
    averageOrderValue: { new: n ? round2(a) : null, returning: r ? round2(b) : null },
    repeatPurchaseRate: null,
    medianDaysToSecondOrder: null,
    visits: 0,
  };
}

describe("console overview: revenue from new vs returning customers", () => {
  it("recovers the split exactly from orders, revenue and the two averages", () => {
    expect(revenueSplit(period(3, 40, 5, 25))).toEqual({ new: 120, returning: 125 });
    expect(revenueSplit(period(1, 28, 0, 0))).toEqual({ new: 28, returning: 0 });
    expect(revenueSplit(period(0, 0, 2, 56))).toEqual({ new: 0, returning: 112 });
    expect(revenueSplit(period(7, 33.33, 11, 19.99))).toEqual({ new: 233.31, returning: 219.89 });
  });

  it("says it cannot tell when both groups have the same average order value", () => {
    expect(revenueSplit(period(2, 30, 3, 30))).toBeNull();
  });
});

describe("console overview: ranges", () => {
  it("ends presets today (both ends inclusive) and picks weeks up to about four months, months beyond", () => {
    const today = new Date(2026, 11, 4);
    expect(presetRange("30d", today)).toEqual({ from: "2026-11-05", to: "2026-12-04" });
    expect(presetRange("90d", today)).toEqual({ from: "2026-09-06", to: "2026-12-04" });
    expect(presetRange("12m", today)).toEqual({ from: "2025-12-05", to: "2026-12-04" });
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
