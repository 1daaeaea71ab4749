import { describe, expect, it } from "vitest";
import type { Experience } from "../../contract/experience";
import { parsePlaceholder } from "../../widget/src/loader/hosts";
import { heightKey } from "../../widget/src/shared/contract";
import { needsExtras } from "../../widget/src/ui/blocks/props";
import { addExtrasMessages, xt } from "../../widget/src/ui/extras-i18n";
import { formatPercent } from "../../widget/src/ui/format";
import xar from "../../widget/src/ui/locales/extras-ar";

addExtrasMessages("ar", xar); // a lazily loaded chunk in the widget

describe("placeholders", () => {
  it("reads block kinds and content slots; anything else is left alone", () => {
    expect(parsePlaceholder("greeting")).toEqual({ kind: "greeting", slot: "" });
    expect(parsePlaceholder(" offers ")).toEqual({ kind: "offers", slot: "" });
    expect(parsePlaceholder("content:hero")).toEqual({ kind: "content", slot: "hero" });
    expect(parsePlaceholder("content:home-banner_2")).toEqual({ kind: "content", slot: "home-banner_2" });
    for (const bad of ["content", "content:", "content:Hero", "content:-x", "content:a b", "banner", "", null]) expect(parsePlaceholder(bad)).toBeNull();
  });
  it("remembers heights per content slot, and per kind for the other blocks", () => {
    expect(heightKey({ kind: "content", slot: "hero" })).toBe("content:hero");
    expect(heightKey({ kind: "survey", slot: "" })).toBe("survey");
  });
});

describe("the extras chunk", () => {
  const base = { loyalty: null, offers: [] } as unknown as Experience;
  it("is needed only for points or offers, so an anonymous shopper never downloads it", () => {
    expect(needsExtras(base)).toBe(false);
    expect(needsExtras({ ...base, loyalty: {} as Experience["loyalty"] })).toBe(true);
    expect(needsExtras({ ...base, offers: [{ id: "o" } as Experience["offers"][number]] })).toBe(true);
  });
  it("localises offer words: discount and expiry", () => {
    expect(xt("en", "off", { amount: formatPercent("en", 15) })).toBe("15% off");
    expect(xt("en", "valid", { date: "Jul 3, 2026" })).toBe("Valid until Jul 3, 2026");
    expect(formatPercent("fa", 15)).toMatch(/[۰-۹]/);
    expect(xt("ar", "valid", { date: "x" })).not.toBe(xt("en", "valid", { date: "x" }));
  });
});
