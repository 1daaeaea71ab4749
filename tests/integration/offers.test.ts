import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { birthdayIn, fromCalendar, nextOccurrence, toCalendar } from "../../worker/platform/calendars";
import { dumpObject } from "../fuzz/storage-probe";
import { call, createSite, hmacHex, ORIGIN, server, visitorHeaders, type TestSite } from "./helpers";

/**
 * Offers and content slots (issue 5, "Acting on it") in workerd against real Profile and Site
 * objects, on a fake clock: win-back codes from the shop's pool, once per lapse and expiring;
 * birthdays in the shopper's calendar; first-order anniversaries; early access by tier; content
 * chosen by segment; config references checked; codes in the profile API and gone on erasure.
 */
const DAY = 86_400_000;
const HOUR = 3_600_000;
let site: TestSite;
let now = Date.UTC(2031, 0, 1, 12);
const setNow = (t: number) => {
  now = t;
  vi.setSystemTime(t);
};

const config = {
  lapsedAfterDays: 60,
  lifecycle: { lapsedAfterDays: 60, atRiskAfterDays: 30 },
  loyalty: {
    tierBasis: "points",
    tiers: [
      { id: "bronze", name: { en: "Bronze" }, threshold: 0 },
      { id: "gold", name: { en: "Gold" }, threshold: 100 },
    ],
  },
  segments: [{ id: "big-spenders", name: "Big spenders", rule: { field: "spend", op: "gte", value: 100 } }],
  surveys: [
    {
      id: "quiz",
      questions: ["a", "b", "c"].map((id) => ({
        id,
        type: "single",
        prompt: { en: id },
        options: [
          { id: "yes", label: { en: "Yes" } },
          { id: "no", label: { en: "No" } },
        ],
      })),
    },
  ],
  offers: [
    { id: "winback", kind: "win_back", title: { en: "We miss you", fa: "دلمان برایت تنگ شده" }, message: { en: "15% off your next order" }, discount: { type: "percent", value: 15 }, validDays: 14 },
    { id: "bday", kind: "birthday", title: { en: "Happy birthday" }, discount: { type: "fixed", value: 10 }, windowDays: 3, validDays: 10 },
    { id: "anniv", kind: "anniversary", title: { en: "A year with us" }, windowDays: 2, delivery: "webhook", webhookUrl: "https://mint.test/codes" },
    { id: "early", kind: "early_access", title: { en: "Early access: spring collection" }, audience: { tiers: ["gold"] }, url: "https://shop.example/collections/spring" },
  ],
  content: {
    slots: [
      {
        id: "hero",
        variants: [
          { segment: "lapsed", headline: { en: "Come back, {name}" }, image: { url: "https://shop.example/img/miss-you.jpg", alt: { en: "Our shop" } }, offer: "winback" },
          { segment: "big-spenders", headline: { en: "Thanks for being a regular" } },
          { segment: null, headline: { en: "Welcome" }, link: { url: "https://shop.example/new", label: { en: "See what is new" } } },
        ],
      },
      { id: "welcome-back", variants: [{ segment: "new", headline: { en: "Nice to meet you" } }] },
    ],
  },
};

interface Offer {
  id: string;
  kind: string;
  title: string;
  message: string | null;
  code: string | null;
  discount: unknown;
  expiresAt: string | null;
  url: string | null;
}
interface Experience {
  offers: Offer[];
  content: Record<string, { segment: string | null; headline: string | null; offerId: string | null; image: { url: string } | null; link: { url: string } | null }>;
}

const order = (id: string, customerId: string, total: number, at: number) => ({
  id,
  customerId,
  items: [{ productId: "p-1", quantity: 1, price: total }],
  total,
  currency: "USD",
  createdAt: new Date(at).toISOString(),
});
const post = (path: string, json: unknown) => call(path, { method: "POST", headers: server(site), json });
const as = async (id: string) => visitorHeaders(site, `${id}-device-00000001`, { "X-Revisit-Customer": id, "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, id) });
const experience = async (id: string | null, locale = "en"): Promise<Experience> => {
  const res = await call(`/v1/experience?locale=${locale}`, { headers: id ? await as(id) : visitorHeaders(site, "anon-visitor-00000001") });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Experience;
};
const offer = (x: Experience, id: string) => x.offers.find((o) => o.id === id);
const putCodes = (offerId: string, codes: string[], key = site.secretKey) => call(`/v1/offers/${offerId}/codes`, { method: "PUT", headers: { Authorization: `Bearer ${key}` }, json: { codes } });

/** The shop's code-minting endpoint (outbound fetches to mint.test are answered here): verifies the signature, answers a code. */
const minted: { type: string; data: Record<string, unknown> }[] = [];
const realFetch = globalThis.fetch;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  setNow(now);
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    if (new URL(req.url).host !== "mint.test") return realFetch(input, init);
    const event = new Webhook((site as TestSite & { webhookSecret: string }).webhookSecret).verify(await req.text(), Object.fromEntries(req.headers)) as {
      type: string;
      data: Record<string, unknown>;
    };
    minted.push(event);
    return Response.json({ code: `MINT-${minted.length}` });
  });
  site = await createSite("offers", config);
});
beforeEach(() => setNow(now + HOUR));
afterAll(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("config", () => {
  it("refuses content and offers that name unknown segments, offers or tiers, and unsafe URLs, with a clear 400", async () => {
    const put = (patch: Record<string, unknown>) => call("/v1/site/config", { method: "PUT", headers: server(site), json: { name: "Shop offers", allowedOrigins: [ORIGIN], ...config, ...patch } });
    const slot = (variant: Record<string, unknown>) => ({ content: { slots: [{ id: "hero", variants: [variant] }] } });
    const cases: [Record<string, unknown>, string][] = [
      [slot({ segment: "no-such-segment", headline: { en: "x" } }), 'unknown segment "no-such-segment"'],
      [slot({ segment: null, offer: "no-such-offer" }), 'unknown offer "no-such-offer"'],
      [{ offers: [{ ...config.offers[3], audience: { tiers: ["platinum"] } }] }, 'unknown loyalty tier "platinum"'],
      [{ offers: [{ ...config.offers[0], audience: { segments: ["nope"] } }] }, 'unknown segment "nope"'],
      [slot({ segment: null, link: { url: "javascript:alert(1)", label: { en: "x" } } }), "https URL"],
      [slot({ segment: null, image: { url: "http://evil.example/a.png", alt: { en: "x" } } }), "https URL"],
      [
        {
          content: {
            slots: [
              {
                id: "hero",
                variants: [
                  { segment: null, headline: { en: "a" } },
                  { segment: null, headline: { en: "b" } },
                ],
              },
            ],
          },
        },
        "only one default",
      ],
      [slot({ segment: null }), "needs a headline"],
      [{ offers: [config.offers[0], config.offers[0]] }, "defined twice"],
    ];
    for (const [patch, message] of cases) {
      const res = await put(patch);
      const text = await res.text();
      expect(res.status, text).toBe(400);
      const { error } = JSON.parse(text) as { error: { code: string; message: string; details: unknown[] } };
      expect(error.code).toBe("invalid_request");
      expect(error.message).toContain(message);
      expect(error.details.length).toBeGreaterThan(0);
    }
    // Lifecycle stages and RFM groups are segments too.
    expect((await put(slot({ segment: "rfm-champions", headline: { en: "x" } }))).status).toBe(200);
    expect((await put({})).status).toBe(200);
  });

  it("takes code pools for coded offers only, with the secret key", async () => {
    expect((await putCodes("winback", ["WB-1", "WB-2", "WB-1"])).status).toBe(200);
    expect(await (await putCodes("winback", ["WB-2", "WB-3"])).json()).toEqual({ added: 1, available: 3 });
    expect((await putCodes("nope", ["X"])).status).toBe(404);
    expect((await putCodes("early", ["X"])).status).toBe(409);
    expect((await putCodes("winback", [])).status).toBe(400);
    expect((await putCodes("winback", ["X"], site.publishableKey)).status).toBe(403);
    expect((await call("/v1/offers/winback/codes", { method: "PUT", json: { codes: ["X"] } })).status).toBe(401);
  });
});

describe("segment membership on the profile", () => {
  it("keeps the Site's verdict on the profile alongside concurrent writes", async () => {
    // A new customer's first requests, all at once: each files her with the Site and gets a new verdict back.
    const h = await as("zed");
    const results = await Promise.all([
      ...["a", "b", "c"].map((q) => call("/v1/surveys/quiz/responses", { method: "POST", headers: h, json: { questionId: q, answers: ["yes"] } })),
      call("/v1/events", { method: "POST", headers: h, json: { events: [{ id: "zed-cart-000001", type: "cart", items: [{ productId: "p-1", quantity: 1 }] }] } }),
      call("/v1/events", { method: "POST", headers: h, json: { events: [{ id: "zed-view-000001", type: "product_view", productId: "p-1" }] } }),
    ]);
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 202, 202]);
    const view = (await (await call("/v1/customers/zed", { headers: server(site) })).json()) as { surveyAnswers: { key: string }[]; cart: unknown; lifecycleStage: string; segments: string[] };
    expect(view.surveyAnswers.map((a) => a.key).sort()).toEqual(["quiz/a", "quiz/b", "quiz/c"]);
    expect(view.cart).not.toBeNull();
    expect(view.lifecycleStage).toBe("considering");
    // The experience reads the same membership from the profile.
    const profile = await runInDurableObject(
      env.PROFILE.get(env.PROFILE.idFromName("site:offers:customer:zed")),
      async (_o, state) => JSON.parse(state.storage.sql.exec<{ state: string }>("SELECT state FROM profile").toArray()[0]?.state ?? "{}") as { segments: string[] },
    );
    expect(profile.segments).toEqual(view.segments);
  });
});

describe("win-back", () => {
  it("gives each lapsed customer their own code once per lapse, the same on every visit, until it expires", async () => {
    const t0 = now;
    for (const c of ["lia", "max", "ned"]) expect((await post("/v1/orders", order(`${c}-1`, c, 40, now - 90 * DAY))).status).toBe(201);
    const lia = await experience("lia");
    const code = offer(lia, "winback")?.code;
    expect(code).toMatch(/^WB-[123]$/);
    expect(offer(lia, "winback")).toMatchObject({
      kind: "win_back",
      title: "We miss you",
      message: "15% off your next order",
      discount: { type: "percent", value: 15 },
      expiresAt: new Date(now + 14 * DAY).toISOString(),
    });
    expect(lia.content.hero).toMatchObject({ segment: "lapsed", headline: "Come back, {name}", offerId: "winback", image: { url: "https://shop.example/img/miss-you.jpg" } });
    expect(lia.content["welcome-back"]).toBeUndefined(); // no variant for her segments and no default
    // The same code on the next visit and in Persian; never a second one.
    expect(offer(await experience("lia", "fa"), "winback")).toMatchObject({ code, title: "دلمان برایت تنگ شده" });
    const max = offer(await experience("max"), "winback")?.code;
    const third = offer(await experience("ned"), "winback")?.code;
    expect(new Set([code, max, third]).size).toBe(3);

    // A fourth lapsed customer finds the pool empty: the offer still shows, without a code, and the experience is fine.
    await post("/v1/orders", order("ola-1", "ola", 40, now - 90 * DAY));
    const ola = await experience("ola");
    expect(offer(ola, "winback")).toMatchObject({ code: null, expiresAt: null });
    expect(ola.content.hero?.offerId).toBe("winback");
    // Refilled: the next try (hourly) gets one.
    await putCodes("winback", ["WB-4"]);
    setNow(now + 2 * HOUR);
    expect(offer(await experience("ola"), "winback")?.code).toBe("WB-4");

    // Expired after validDays: gone, and not issued again for the same lapse.
    setNow(now + 15 * DAY);
    const later = await experience("lia");
    expect(offer(later, "winback")).toBeUndefined();
    expect(later.content.hero).toMatchObject({ segment: "lapsed", offerId: null });

    // An order ends the lapse; the customer API lists the code they were given.
    await post("/v1/orders", order("lia-2", "lia", 30, now));
    const back = await experience("lia");
    expect(back.offers).toEqual([]);
    expect(back.content.hero).toMatchObject({ segment: null, headline: "Welcome", link: { url: "https://shop.example/new" } });
    const view = (await (await call("/v1/customers/lia", { headers: server(site) })).json()) as { offers: { offerId: string; code: string; occasion: string }[] };
    expect(view.offers).toEqual([expect.objectContaining({ offerId: "winback", code, occasion: `lapse:${t0 - 90 * DAY}` })]);
  });

  it("gives two tabs asking at once one code, not two", async () => {
    await putCodes("winback", ["WB-5", "WB-6"]);
    await post("/v1/orders", order("pia-1", "pia", 40, now - 90 * DAY));
    const [a, b] = await Promise.all([experience("pia"), experience("pia")]);
    expect(offer(a, "winback")?.code).toMatch(/^WB-[56]$/);
    expect(offer(b, "winback")?.code).toBe(offer(a, "winback")?.code);
    expect(await (await putCodes("winback", ["WB-6"])).json()).toMatchObject({ available: 1 });
  });

  it("gives anonymous visitors no coded offers and the default content", async () => {
    const x = await experience(null);
    expect(x.offers).toEqual([]);
    expect(x.content.hero).toMatchObject({ segment: null, headline: "Welcome" });
  });
});

describe("birthdays, anniversaries, early access", () => {
  it("converts dates with Intl's Persian and Umm al-Qura calendars inside workerd", () => {
    expect(toCalendar("persian", Date.UTC(2025, 2, 21))).toEqual({ year: 1404, month: 1, day: 1 });
    expect(toCalendar("islamic", Date.UTC(2025, 2, 30))).toEqual({ year: 1446, month: 10, day: 1 });
    expect(fromCalendar("persian", { year: 1403, month: 12, day: 30 })).toBe(Date.UTC(2025, 2, 20)); // a leap Esfand
    expect(fromCalendar("persian", { year: 1404, month: 12, day: 30 })).toBe(Date.UTC(2026, 2, 20)); // common year: the 29th
    const md = birthdayIn("islamic", "1990-03-21");
    expect(md).toEqual({ month: 8, day: 23 });
    expect(new Date(nextOccurrence("islamic", md as { month: number; day: number }, Date.UTC(2026, 0, 1)).at).toISOString().slice(0, 10)).toBe("2026-02-11");
  });

  it("offers a birthday code around the birthday in the shopper's calendar, once per year", async () => {
    // Born 1990-03-21 (Gregorian) = 1 Farvardin 1369: a Persian birthday is Nowruz, 21 March 2031.
    setNow(Date.UTC(2031, 2, 1, 12));
    await post("/v1/orders", order("parisa-1", "parisa", 20, now - 5 * DAY));
    const patch = await call("/v1/customers/parisa", { method: "PATCH", headers: server(site), json: { birthday: "1990-03-21", calendar: "persian" } });
    expect(patch.status).toBe(200);
    expect((await call("/v1/customers/parisa", { method: "PATCH", headers: server(site), json: { calendar: "julian" } })).status).toBe(400);
    await putCodes("bday", ["BD-1", "BD-2"]);
    setNow(Date.UTC(2031, 2, 10, 12)); // 11 days before: outside the 3-day window
    expect(offer(await experience("parisa"), "bday")).toBeUndefined();
    setNow(Date.UTC(2031, 2, 19, 12)); // 2 days before
    const b = offer(await experience("parisa"), "bday");
    expect(b).toMatchObject({ kind: "birthday", code: "BD-1", expiresAt: new Date(Date.UTC(2031, 2, 29, 12)).toISOString() });
    setNow(Date.UTC(2031, 2, 24, 12)); // 3 days after: still the same code
    expect(offer(await experience("parisa"), "bday")?.code).toBe("BD-1");
    setNow(Date.UTC(2031, 2, 26, 12));
    expect(offer(await experience("parisa"), "bday")).toBeUndefined();
    // In the Hijri calendar the same date of birth is 23 Sha'ban, which falls in December in 2031.
    await call("/v1/customers/parisa", { method: "PATCH", headers: server(site), json: { calendar: "islamic" } });
    setNow(Date.UTC(2031, 2, 21, 12));
    expect(offer(await experience("parisa"), "bday")).toBeUndefined();
    const view = (await (await call("/v1/customers/parisa", { headers: server(site) })).json()) as { traits: { calendar: string }; offers: { occasion: string }[] };
    expect(view.traits.calendar).toBe("islamic");
    expect(view.offers.map((o) => o.occasion)).toEqual(["birthday:persian:1410"]);
    // customer.birthday follows the calendar too: her profile's alarm is set for 23 Sha'ban at the birthday hour.
    const due = await runInDurableObject(
      env.PROFILE.get(env.PROFILE.idFromName("site:offers:customer:parisa")),
      async (_o, state) => state.storage.sql.exec<{ key: string; due_at: number }>("SELECT key, due_at FROM triggers WHERE kind = 'birthday'").toArray()[0],
    );
    expect(due).toEqual({ key: "birthday:1990-03-21:islamic-1453", due_at: fromCalendar("islamic", { year: 1453, month: 8, day: 23 }) + 9 * HOUR });
    expect(toCalendar("islamic", due?.due_at ?? 0)).toEqual({ year: 1453, month: 8, day: 23 });
  });

  it("offers a first-order anniversary code a year on, and early access to gold members without a code", async () => {
    setNow(Date.UTC(2031, 4, 10, 12));
    await post("/v1/orders", order("ann-1", "anna", 150, Date.UTC(2030, 4, 11, 9)));
    await post("/v1/orders", order("ann-2", "anna", 20, now - 2 * DAY)); // still buying: not lapsed
    const x = await experience("anna");
    // Anniversary codes are minted by the shop's webhook: a signed `offer.issued`, answered with a code.
    expect(offer(x, "anniv")).toMatchObject({ kind: "anniversary", code: "MINT-1", expiresAt: new Date(now + 30 * DAY).toISOString() });
    expect(minted).toEqual([expect.objectContaining({ type: "offer.issued", data: expect.objectContaining({ customerId: "anna", offerId: "anniv" }) })]);
    expect(offer(await experience("anna"), "anniv")?.code).toBe("MINT-1");
    expect(minted.length).toBe(1);
    expect(offer(x, "early")).toEqual({
      id: "early",
      kind: "early_access",
      title: "Early access: spring collection",
      message: null,
      code: null,
      discount: null,
      expiresAt: null,
      url: "https://shop.example/collections/spring",
    });
    expect(x.content.hero).toMatchObject({ segment: "big-spenders" });
    await post("/v1/orders", order("bo-1", "bo", 20, now - DAY)); // bronze: no early access, no anniversary yet
    expect((await experience("bo")).offers).toEqual([]);
  });

  it("keeps issued codes in the export and erases them with the customer", async () => {
    const exported = await (await call("/v1/customers/max/export", { headers: server(site) })).text();
    expect(exported).toMatch(/"offers":\[\{"offerId":"winback"/);
    expect((await call("/v1/customers/max", { method: "DELETE", headers: server(site) })).status).toBe(200);
    const siteDump = await dumpObject(env.SITE, env.SITE.idFromName("offers"));
    expect(siteDump).not.toContain('"max"');
    const profileDump = await dumpObject(env.PROFILE, env.PROFILE.idFromName("site:offers:customer:max"));
    expect(profileDump).not.toContain("WB-");
  });
});
