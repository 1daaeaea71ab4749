import { describe, expect, it } from "vitest";
import type { Greeting, Locale } from "../../worker/domain/experience-types";
import { friendsText, redeemErrorText, xt } from "../../widget/src/ui/extras-i18n";
import { errorText, greetingText, reasonText, t } from "../../widget/src/ui/i18n";

const g = (kind: Greeting["kind"], firstName: string | null = null, tier: string | null = null): Greeting => ({ kind, firstName, tier });

describe("greeting", () => {
  it("first visit welcomes without 'welcome back', in every locale", () => {
    expect(greetingText("en", g("first_visit"))).toBe("Welcome! Take a look around.");
    expect(greetingText("en", g("first_visit", "Sara"))).not.toMatch(/welcome back/i);
    for (const l of ["ar", "fa"] as Locale[]) expect(greetingText(l, g("first_visit"))).not.toBe(greetingText(l, g("returning")));
  });
  it("returning visitor, with and without a first name", () => {
    expect(greetingText("en", g("returning"))).toBe("Welcome back!");
    expect(greetingText("en", g("returning", "Sara"))).toBe("Welcome back, Sara!");
  });
  it("known customer is tier-aware", () => {
    expect(greetingText("en", g("known_customer", "Sara", "Gold"))).toBe("Welcome back, Sara — Gold member");
    expect(greetingText("en", g("known_customer", "Sara"))).toBe("Welcome back, Sara!");
    expect(greetingText("ar", g("known_customer", "Sara", "Gold"))).toBe("مرحباً بعودتك يا Sara — عضو Gold");
  });
  it("lapsed customer gets a win-back line", () => {
    expect(greetingText("en", g("lapsed", "Sara"))).toBe("It's been a while, Sara. We missed you!");
    expect(greetingText("fa", g("lapsed", "Sara"))).toContain("Sara");
  });
});

describe("messages", () => {
  it("fills slots and picks plural forms by locale rules", () => {
    expect(xt("en", "points", { n: "1" }, 1)).toBe("1 point");
    expect(xt("en", "points", { n: "5" }, 5)).toBe("5 points");
    expect(xt("ar", "points", {}, 2)).toBe("نقطتان");
    expect(xt("ar", "points", { n: "٣" }, 3)).toBe("٣ نقاط");
    expect(xt("fa", "to_points", { n: "۷۵۰", tier: "Gold" }, 750)).toBe("۷۵۰ امتیاز تا Gold");
  });
  it("localises recommendation reasons, with generic forms when the label is missing", () => {
    expect(reasonText("en", { code: "recently_viewed", ref: "p1", label: "Night Serum" })).toBe("Because you viewed Night Serum");
    expect(reasonText("en", { code: "same_category", ref: "c", label: "Skincare" })).toBe("More from Skincare");
    expect(reasonText("en", { code: "survey_match", ref: "dry", label: "Dry skin" })).toBe("Matches your answer: Dry skin");
    expect(reasonText("en", { code: "popular", ref: null, label: null })).toBe("Popular right now");
    expect(reasonText("en", { code: "bought_together", ref: "p", label: "Cream" })).toBe("Often bought with Cream");
    expect(reasonText("en", { code: "recently_viewed", ref: null, label: null })).not.toContain("{");
    expect(reasonText("ar", { code: "same_category", ref: "c", label: "Skincare" })).toBe("المزيد من Skincare");
  });
  it("maps API error codes to shopper-facing text in one place", () => {
    expect(errorText("en", "network")).toMatch(/connect/);
    expect(errorText("en", "rate_limited")).toMatch(/wait/);
    expect(errorText("en", "invalid_request")).toMatch(/answer/);
    expect(errorText("fa", "something_new")).toBe(t("fa", "err_generic"));
  });
});

describe("loyalty and referral messages", () => {
  it("pluralises referral progress per locale, in the locale's digits", () => {
    expect(friendsText("en", 2, 1)).toBe("2 friends joined, 1 ordered");
    expect(friendsText("en", 1, 0)).toBe("1 friend joined, 0 ordered");
    expect(friendsText("ar", 0, 0)).toBe("لم ينضم أي صديق، لم يطلب أحد بعد");
    expect(friendsText("ar", 2, 1)).toBe("انضم صديقان، طلب واحد منهم");
    expect(friendsText("ar", 3, 3)).toBe("انضم ٣ أصدقاء، طلب ٣ منهم");
    expect(friendsText("ar", 11, 2)).toBe("انضم ١١ صديقاً، طلب اثنان منهم");
    expect(friendsText("fa", 1, 1)).toBe("۱ دوست پیوست، ۱ نفر خرید کرد");
    expect(friendsText("fa", 4, 2)).toBe("۴ دوست پیوستند، ۲ نفر خرید کردند");
  });

  it("wraps the pluralised points phrase for pending, owed, expiring and missing points", () => {
    const p = xt("en", "points", { n: "1" }, 1);
    expect(xt("en", "pending", { p: xt("en", "points", { n: "40" }, 40) })).toBe("+40 points pending");
    expect(xt("en", "owed", { p })).toBe("1 point owed from a refund");
    expect(xt("en", "expiry", { p, date: "Jul 3, 2026" })).toBe("1 point expiring on Jul 3, 2026");
    expect(xt("ar", "need", { p: xt("ar", "points", {}, 2) })).toBe("ينقصك نقطتان");
    expect(xt("fa", "need", { p: xt("fa", "points", { n: "۵" }, 5) })).toBe("۵ امتیاز دیگر لازم است");
  });

  it("maps redemption refusals by their reason, in every locale", () => {
    expect(redeemErrorText("en", "conflict", "insufficient_points")).toBe("You don't have enough points for this reward yet.");
    expect(redeemErrorText("en", "conflict", "reward_unavailable")).toMatch(/isn.t available.*not spent/);
    expect(redeemErrorText("en", "conflict", "something_else")).toBe(t("en", "err_invalid"));
    for (const l of ["ar", "fa"] as Locale[]) {
      expect(redeemErrorText(l, "conflict", "insufficient_points")).toBe(xt(l, "err_points"));
      expect(redeemErrorText(l, "conflict", "insufficient_points")).not.toBe(redeemErrorText("en", "conflict", "insufficient_points"));
    }
  });
});
