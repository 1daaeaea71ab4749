import { describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM script without types
import { demoConfig } from "../../scripts/lib/demo-shop.mjs";
import { birthdayIn, fromCalendar, monthLength, nextOccurrence, occurrenceAround, toCalendar } from "../../worker/platform/calendars";
import { chooseContent } from "../../worker/features/experience/content";
import type { Offer } from "../../contract/experience";
import { anniversaryAround, occasionsFor, presentOffers, type OfferRule, type OfferSubject } from "../../worker/features/offers/offers";
import { desiredTriggers, nextBirthday } from "../../worker/features/webhooks/webhooks";
import { SiteConfig } from "../../worker/features/site/site-config.schemas";

const DAY = 86_400_000;
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

describe("calendars", () => {
  it("converts to and from the Persian and Umm al-Qura calendars", () => {
    expect(toCalendar("persian", Date.UTC(2024, 2, 20))).toEqual({ year: 1403, month: 1, day: 1 });
    expect(day(fromCalendar("persian", { year: 1404, month: 1, day: 1 }))).toBe("2025-03-21");
    expect(day(fromCalendar("islamic", { year: 1446, month: 9, day: 1 }))).toBe("2025-03-01"); // Ramadan 1446
    expect(toCalendar("gregorian", Date.UTC(2025, 0, 31))).toEqual({ year: 2025, month: 1, day: 31 });
  });

  it("knows month lengths: Esfand 30 only in Persian leap years, Hijri months of 29 or 30, Gregorian February", () => {
    expect(monthLength("persian", 1403, 12)).toBe(30);
    expect(monthLength("persian", 1404, 12)).toBe(29);
    expect(monthLength("persian", 1404, 1)).toBe(31);
    expect(monthLength("persian", 1404, 7)).toBe(30);
    const hijri = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => monthLength("islamic", 1446, m));
    expect(hijri.every((n) => n === 29 || n === 30)).toBe(true);
    expect(hijri.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(354);
    expect(monthLength("gregorian", 2024, 2)).toBe(29);
    expect(monthLength("gregorian", 2025, 2)).toBe(28);
  });

  it("falls on the month's last day when a year lacks the day", () => {
    // Born on 30 Esfand 1399 (2021-03-20): in 1404, a common year, it is the 29th.
    expect(birthdayIn("persian", "2021-03-20")).toEqual({ month: 12, day: 30 });
    expect(day(nextOccurrence("persian", { month: 12, day: 30 }, Date.UTC(2026, 0, 1)).at)).toBe("2026-03-20");
    expect(day(nextOccurrence("persian", { month: 12, day: 30 }, Date.UTC(2025, 0, 1)).at)).toBe("2025-03-20"); // 1403 is leap: the 30th
    // 29 February is the 28th in common years.
    expect(day(nextOccurrence("gregorian", birthdayIn("gregorian", "2000-02-29") as { month: number; day: number }, Date.UTC(2025, 0, 1)).at)).toBe("2025-02-28");
    expect(day(nextOccurrence("gregorian", { month: 2, day: 29 }, Date.UTC(2028, 0, 1)).at)).toBe("2028-02-29");
    // A Hijri day 30 in a 29-day month: the 29th.
    const short = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].find((m) => monthLength("islamic", 1447, m) === 29) as number;
    const at = fromCalendar("islamic", { year: 1447, month: short, day: 30 });
    expect(toCalendar("islamic", at)).toEqual({ year: 1447, month: short, day: 29 });
  });

  it("moves a Hijri birthday about 11 days earlier every Gregorian year", () => {
    const md = birthdayIn("islamic", "1990-03-21") as { month: number; day: number };
    const dates = [2025, 2026, 2027].map((y) => nextOccurrence("islamic", md, Date.UTC(y, 0, 1)).at);
    expect(dates.map(day)).toEqual(["2025-02-22", "2026-02-11", "2027-01-31"]);
  });

  it("finds the occurrence whose window holds now, across a year boundary", () => {
    const newYear = { month: 1, day: 1 };
    expect(occurrenceAround("gregorian", newYear, Date.UTC(2030, 11, 30, 8), 3)).toEqual({ at: Date.UTC(2031, 0, 1), year: 2031 });
    expect(occurrenceAround("gregorian", newYear, Date.UTC(2031, 0, 3, 23), 2)).toEqual({ at: Date.UTC(2031, 0, 1), year: 2031 });
    expect(occurrenceAround("gregorian", newYear, Date.UTC(2031, 0, 4), 2)).toBeNull();
    expect(occurrenceAround("persian", { month: 1, day: 1 }, Date.UTC(2031, 2, 18), 3)?.year).toBe(1410);
  });

  it("schedules customer.birthday in the shopper's calendar", () => {
    const s = { cartAbandonedMinutes: 60, lapsedAfterDays: 90, lapsedGraceDays: 14, birthdayHourUtc: 9 };
    expect(nextBirthday("1990-03-21", Date.UTC(2026, 0, 1), 9, "persian")).toEqual({ at: Date.UTC(2026, 2, 21, 9), year: 1405 });
    expect(nextBirthday("1990-03-21", Date.UTC(2026, 0, 1), 9)).toEqual({ at: Date.UTC(2026, 2, 21, 9), year: 2026 });
    expect(day(nextBirthday("1990-03-21", Date.UTC(2026, 0, 1), 9, "islamic")?.at ?? 0)).toBe("2026-02-11");
    const subject = { kind: "customer" as const, cart: null, lastOrderAt: null, birthday: "1990-03-21", calendar: "islamic" as const };
    expect(desiredTriggers(subject, [], s, Date.UTC(2026, 0, 1))).toEqual([{ kind: "birthday", key: "birthday:1990-03-21:islamic-1447", dueAt: Date.UTC(2026, 1, 11, 9) }]);
    // Gregorian keys are unchanged, so moments scheduled before calendars existed still match.
    expect(desiredTriggers({ ...subject, calendar: null }, [], s, Date.UTC(2026, 0, 1))[0]?.key).toBe("birthday:1990-03-21:2026");
  });
});

const rule = (id: string, kind: OfferRule["kind"], extra: Partial<OfferRule> = {}): OfferRule => ({
  id,
  kind,
  title: { en: id, fa: `${id}-fa` },
  audience: { segments: [], tiers: [] },
  validDays: 30,
  windowDays: 7,
  ...extra,
});
const subject = (extra: Partial<OfferSubject> = {}): OfferSubject => ({
  identified: true,
  segments: new Set(),
  tier: null,
  lastOrderAt: null,
  firstOrderAt: null,
  birthday: null,
  calendar: "gregorian",
  ...extra,
});
const NOW = Date.UTC(2031, 5, 15, 12);

describe("offer eligibility", () => {
  const rules = [
    rule("wb", "win_back"),
    rule("bd", "birthday", { windowDays: 3 }),
    rule("an", "anniversary", { windowDays: 1 }),
    rule("ea", "early_access", { audience: { segments: ["vip"], tiers: ["gold"] } }),
  ];

  it("offers win-back to lapsed customers once per lapse (the occasion is the last order)", () => {
    expect(occasionsFor(rules, subject({ segments: new Set(["lapsed"]), lastOrderAt: 1000 }), NOW)).toEqual([{ offerId: "wb", kind: "win_back", key: "lapse:1000", needsCode: true, endsAt: null }]);
    expect(occasionsFor(rules, subject({ segments: new Set(["at_risk"]), lastOrderAt: 1000 }), NOW)).toEqual([]);
    // Anonymous visitors get nothing, whatever they look like.
    expect(occasionsFor(rules, subject({ identified: false, segments: new Set(["lapsed", "vip"]), lastOrderAt: 1000 }), NOW)).toEqual([]);
  });

  it("offers birthdays in the window around the day in the shopper's calendar, keyed by that calendar's year", () => {
    const june = subject({ birthday: "1990-06-17" });
    expect(occasionsFor(rules, june, NOW).map((o) => o.key)).toEqual(["birthday:gregorian:2031"]);
    expect(occasionsFor(rules, subject({ birthday: "1990-06-19" }), NOW)).toEqual([]);
    const persian = subject({ birthday: "1990-03-21", calendar: "persian" });
    expect(occasionsFor(rules, persian, Date.UTC(2031, 2, 19)).map((o) => o.key)).toEqual(["birthday:persian:1410"]);
    expect(occasionsFor(rules, persian, Date.UTC(2031, 2, 26))).toEqual([]);
  });

  it("offers the first-order anniversary from one year on, never on the first order's own day", () => {
    expect(anniversaryAround(Date.UTC(2031, 5, 15, 9), NOW, 1)).toBeNull();
    expect(anniversaryAround(Date.UTC(2029, 5, 16, 9), NOW, 1)).toEqual({ at: Date.UTC(2031, 5, 16), year: 2031 });
    expect(occasionsFor(rules, subject({ firstOrderAt: Date.UTC(2030, 5, 14) }), NOW).map((o) => o.key)).toEqual(["anniversary:2031"]);
  });

  it("gives early access to the audience's tiers or segments, without a code", () => {
    expect(occasionsFor(rules, subject({ tier: "gold" }), NOW)).toEqual([{ offerId: "ea", kind: "early_access", key: "early_access", needsCode: false, endsAt: null }]);
    expect(occasionsFor(rules, subject({ segments: new Set(["vip"]) }), NOW).map((o) => o.offerId)).toEqual(["ea"]);
    expect(occasionsFor(rules, subject({ tier: "silver" }), NOW)).toEqual([]);
  });

  it("shows a code until it expires, and an occasion without a code without one", () => {
    const occasions = occasionsFor(rules, subject({ segments: new Set(["lapsed"]), lastOrderAt: 1000, tier: "gold" }), NOW);
    const issued = { offerId: "wb", occasion: "lapse:1000", code: "C-1", issuedAt: NOW - DAY, expiresAt: NOW + DAY };
    const shown = presentOffers(rules, occasions, [issued], "fa", NOW);
    expect(shown.map((o) => [o.id, o.code, o.title])).toEqual([
      ["wb", "C-1", "wb-fa"],
      ["ea", null, "ea-fa"],
    ]);
    expect(shown[0]?.expiresAt).toBe(new Date(NOW + DAY).toISOString());
    expect(presentOffers(rules, occasions, [{ ...issued, expiresAt: NOW }], "en", NOW).map((o) => o.id)).toEqual(["ea"]);
    expect(presentOffers(rules, occasions, [{ ...issued, code: null, expiresAt: null }], "en", NOW)[0]).toMatchObject({ id: "wb", code: null });
  });
});

describe("content slots", () => {
  const slots = {
    slots: [
      {
        id: "hero",
        variants: [
          { segment: "lapsed-vip", offer: "wb" },
          { segment: "lapsed", headline: { en: "We miss you", ar: "اشتقنا إليك" }, offer: "wb" },
          { segment: null, headline: { en: "Welcome" }, image: { url: "https://shop.example/a.jpg", alt: { en: "A" } } },
        ],
      },
      { id: "side", variants: [{ segment: "gold", message: { en: "Gold only" } }] },
    ],
  };
  const wb: Offer = { id: "wb", kind: "win_back", title: "x", message: null, code: "C", discount: null, expiresAt: null, url: null };

  it("picks the first variant whose segment the shopper is in, else the default, and leaves out slots with nothing", () => {
    const c = chooseContent(slots, new Set(["lapsed", "lapsed-vip"]), [wb], "ar");
    expect(c.hero).toEqual({ segment: "lapsed-vip", headline: null, message: null, image: null, link: null, offerId: "wb" });
    expect(c.side).toBeUndefined();
    // Without the offer, the offer-only variant shows nothing: the next one is used.
    expect(chooseContent(slots, new Set(["lapsed", "lapsed-vip"]), [], "ar").hero).toMatchObject({ segment: "lapsed", headline: "اشتقنا إليك", offerId: null });
    expect(chooseContent(slots, new Set(), [wb], "en").hero).toEqual({
      segment: null,
      headline: "Welcome",
      message: null,
      image: { url: "https://shop.example/a.jpg", alt: "A" },
      link: null,
      offerId: null,
    });
  });
});

describe("config", () => {
  it("accepts the demo shop's content and offers, which target its lapsed-vip-dry-skin segment", () => {
    const parsed = SiteConfig.safeParse(demoConfig("http://localhost:8788"));
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    const config = parsed.data as SiteConfig;
    const hero = config.content.slots.find((s) => s.id === "hero");
    expect(hero?.variants.map((v) => v.segment)).toContain("lapsed-vip-dry-skin");
    expect(hero?.variants.some((v) => v.segment === null)).toBe(true);
    expect(config.offers.map((o) => o.kind)).toEqual(expect.arrayContaining(["win_back", "birthday"]));
  });

  it("refuses references to unknown segments, offers and tiers", () => {
    const base = { name: "x", loyalty: { tiers: [{ id: "gold", name: { en: "Gold" }, threshold: 1 }] } };
    const bad = (patch: Record<string, unknown>) => SiteConfig.safeParse({ ...base, ...patch }).error?.issues.map((i) => i.message) ?? [];
    expect(bad({ offers: [rule("o", "early_access", { audience: { segments: ["ghost"], tiers: ["platinum"] } })] })).toEqual(['unknown segment "ghost"', 'unknown loyalty tier "platinum"']);
    expect(bad({ content: { slots: [{ id: "hero", variants: [{ segment: "lapsed", offer: "ghost" }] }] } })).toEqual(['unknown offer "ghost"']);
    expect(bad({ offers: [rule("o", "early_access", { audience: { segments: ["lapsed", "rfm-cant-lose"], tiers: ["gold"] } })] })).toEqual([]);
  });
});
