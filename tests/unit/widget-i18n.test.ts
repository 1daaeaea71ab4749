import { describe, expect, it, vi } from "vitest";
import type { Greeting, Locale } from "../../contract/experience";
import { reasonSentence as reasonText } from "../../worker/features/recommendations/reason-text";
import { addExtrasMessages, friendsText, redeemErrorText, xt } from "../../widget/src/ui/extras-i18n";
import { addMessages, errorText, greetingText, t } from "../../widget/src/ui/i18n";
import ar from "../../widget/src/ui/locales/ar";
import xar from "../../widget/src/ui/locales/extras-ar";
import xfa from "../../widget/src/ui/locales/extras-fa";
import fa from "../../widget/src/ui/locales/fa";

// Arabic and Persian are lazily loaded chunks the UI registers before drawing; register them here the same way.
addMessages("ar", ar);
addMessages("fa", fa);
addExtrasMessages("ar", xar);
addExtrasMessages("fa", xfa);

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
  it("speaks English until a language's messages chunk is registered, then that language", async () => {
    vi.resetModules();
    const fresh = await import("../../widget/src/ui/i18n");
    expect(fresh.hasMessages("en")).toBe(true);
    expect(fresh.hasMessages("ar")).toBe(false);
    expect(fresh.t("ar", "close")).toBe("Close");
    fresh.addMessages("ar", ar);
    expect(fresh.hasMessages("ar")).toBe(true);
    expect(fresh.t("ar", "close")).toBe("إغلاق");
    expect(fresh.t("ar", "chars_left", {}, 2)).toBe("يتبقى حرفان");
  });
  // The widget shows the API's `reason.text`, written by this Worker table in the experience's language.
  it("localises recommendation reasons, with generic forms when the label is missing", () => {
    expect(reasonText("en", { code: "recently_viewed", label: "Night Serum" })).toBe("Because you viewed Night Serum");
    expect(reasonText("en", { code: "same_category", label: "Skincare" })).toBe("More from Skincare");
    expect(reasonText("en", { code: "survey_match", label: "Dry skin" })).toBe("Matches your answer: Dry skin");
    expect(reasonText("en", { code: "popular", label: null })).toBe("Popular right now");
    expect(reasonText("en", { code: "bought_together", label: "Cream" })).toBe("Often bought with Cream");
    expect(reasonText("en", { code: "recently_viewed", label: null })).not.toContain("{");
    expect(reasonText("ar", { code: "same_category", label: "Skincare" })).toBe("المزيد من Skincare");
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
    // Plain "ar" writes 0-9 (CLDR 46+); ar-EG and a site's `numberingSystem: "arab"` write ٠-٩ (widget-format.test.ts).
    expect(friendsText("ar", 3, 3)).toBe("انضم 3 أصدقاء، طلب 3 منهم");
    expect(friendsText("ar", 11, 2)).toBe("انضم 11 صديقاً، طلب اثنان منهم");
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
