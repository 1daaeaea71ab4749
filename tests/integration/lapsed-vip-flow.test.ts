import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { call, hmacHex, ORIGIN, server, visitorHeaders, type TestSite } from "./helpers";

/**
 * Issue 5 "Done when", end to end in workerd on a controlled clock: a shop defines "lapsed VIPs
 * who said they have dry skin" (the demo shop's `lapsed-vip-dry-skin` rule), a big spender says
 * she has dry skin and stops buying; when time alone makes her lapsed, the Site's daily re-filing
 * puts her in the segment and the shop receives a `segment.entered` webhook it verifies with the
 * standardwebhooks package; the segment API lists her; her experience shows the segment's own
 * headline in the `hero` slot and a win-back code from the shop's pool, the same on every visit.
 */
const DAY = 86_400_000;
const RECEIVER = "https://receiver.test/hooks";
let site: TestSite & { webhookSecret: string };
const received: { headers: Record<string, string>; body: string }[] = [];
const realFetch = globalThis.fetch;

const text = (en: string) => ({ en });
const config = {
  name: "Lapsed VIP shop",
  allowedOrigins: [ORIGIN],
  webhooks: [{ url: RECEIVER, events: ["segment.entered", "segment.left"] }],
  lifecycle: { atRiskAfterDays: 30, lapsedAfterDays: 60 },
  surveys: [
    {
      id: "skin-quiz",
      questions: [
        {
          id: "skin-type",
          type: "single",
          prompt: text("What is your skin type?"),
          options: [
            { id: "dry", label: text("Dry"), tags: ["dry-skin"] },
            { id: "oily", label: text("Oily"), tags: ["oily-skin"] },
          ],
        },
      ],
    },
  ],
  // The demo shop's rule (scripts/lib/demo-shop.mjs).
  segments: [
    {
      id: "lapsed-vip-dry-skin",
      name: "Lapsed VIPs who said they have dry skin",
      rule: {
        all: [
          { field: "stage", op: "in", value: ["at_risk", "lapsed"] },
          { field: "spend", op: "gte", value: 200 },
          { answer: "skin-quiz/skin-type", op: "includes", value: "dry" },
        ],
      },
    },
  ],
  offers: [{ id: "win-back", kind: "win_back", title: text("We saved you 20%"), discount: { type: "percent", value: 20 }, validDays: 30 }],
  content: {
    slots: [
      {
        id: "hero",
        variants: [
          { segment: "lapsed-vip-dry-skin", headline: text("Your skin missed you"), message: text("Our richest cream is back, with 20% off for you."), offer: "win-back" },
          { segment: null, headline: text("New season, new routine") },
        ],
      },
    ],
  },
};

let now = Date.UTC(2032, 0, 10, 12);
const setNow = (t: number) => {
  now = t;
  vi.setSystemTime(t);
};
const as = async (id: string) => visitorHeaders(site, `${id}-device-00000001`, { "X-Revisit-Customer": id, "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, id) });
const experience = async (id: string) =>
  (await (await call("/v1/experience", { headers: await as(id) })).json()) as {
    offers: { id: string; code: string | null; expiresAt: string | null }[];
    content: Record<string, { segment: string | null; headline: string | null; message: string | null; offerId: string | null }>;
  };
const members = async () =>
  ((await (await call("/v1/segments/lapsed-vip-dry-skin/customers", { headers: server(site) })).json()) as { customers: { customerId: string }[] }).customers.map((c) => c.customerId);
const order = (id: string, customerId: string, total: number) => ({
  id,
  customerId,
  items: [{ productId: "p-cream", quantity: 1, price: total }],
  total,
  currency: "USD",
  createdAt: new Date(now).toISOString(),
});
const siteObject = () => env.SITE.get(env.SITE.idFromName("lapsed-vip"));
const outbox = () => env.WEBHOOKS.get(env.WEBHOOKS.idFromName("site:lapsed-vip:outbox"));

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  setNow(now);
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    if (new URL(req.url).host !== "receiver.test") return realFetch(input, init);
    received.push({ headers: Object.fromEntries(req.headers), body: await req.text() });
    return new Response("ok");
  });
  const res = await call("/v1/admin/sites", { method: "POST", headers: { Authorization: "Bearer admin_test_token" }, json: { id: "lapsed-vip", name: "Lapsed VIP shop", allowedOrigins: [ORIGIN] } });
  site = (await res.json()) as TestSite & { webhookSecret: string };
  expect((await call("/v1/site/config", { method: "PUT", headers: server(site), json: config })).status).toBe(200);
  expect((await call("/v1/offers/win-back/codes", { method: "PUT", headers: server(site), json: { codes: ["BACK20-A", "BACK20-B"] } })).status).toBe(200);
});
afterAll(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("lapsed VIPs who said they have dry skin", () => {
  it("enters the segment when time makes her lapsed, the shop gets a verified webhook, and she sees her own headline and a win-back code", async () => {
    // Vera spends 260 and says she has dry skin; Omar spends as much but has oily skin; Dana has dry skin but spent little.
    for (const [id, total, skin] of [
      ["vera", 260, "dry"],
      ["omar", 300, "oily"],
      ["dana", 40, "dry"],
    ] as const) {
      expect((await call("/v1/orders", { method: "POST", headers: server(site), json: order(`${id}-1`, id, total) })).status).toBe(201);
      const answer = await call("/v1/surveys/skin-quiz/responses", { method: "POST", headers: await as(id), json: { questionId: "skin-type", answers: [skin] } });
      expect(answer.status, await answer.clone().text()).toBe(201);
    }
    // Still active customers: nobody is in the segment, Vera sees the default hero and no offer.
    expect(await members()).toEqual([]);
    const before = await experience("vera");
    expect(before.content.hero).toMatchObject({ segment: null, headline: "New season, new routine", offerId: null });
    expect(before.offers).toEqual([]);

    // Two months of silence. Nothing about the customers changes; the Site's daily re-filing (its alarm) notices.
    setNow(now + 61 * DAY);
    expect(await runDurableObjectAlarm(siteObject())).toBe(true);
    expect(await members()).toEqual(["vera"]);

    // The shop's endpoint receives segment.entered, signed per Standard Webhooks.
    await runDurableObjectAlarm(outbox());
    const events = received.map((r) => new Webhook(site.webhookSecret).verify(r.body, r.headers) as { type: string; data: Record<string, unknown> });
    expect(events).toEqual([expect.objectContaining({ type: "segment.entered", data: expect.objectContaining({ customerId: "vera", segment: "lapsed-vip-dry-skin" }) })]);
    expect(() => new Webhook(site.webhookSecret).verify(received[0]?.body.replace("vera", "omar") ?? "", received[0]?.headers ?? {})).toThrow();

    // Her experience: the segment's headline in the hero slot, presenting her own win-back code.
    const vera = await experience("vera");
    expect(vera.content.hero).toEqual({
      segment: "lapsed-vip-dry-skin",
      headline: "Your skin missed you",
      message: "Our richest cream is back, with 20% off for you.",
      image: null,
      link: null,
      offerId: "win-back",
    });
    const code = vera.offers.find((o) => o.id === "win-back")?.code;
    expect(code).toMatch(/^BACK20-[AB]$/);
    expect(vera.offers[0]?.expiresAt).toBe(new Date(now + 30 * DAY).toISOString());
    expect((await experience("vera")).offers[0]?.code).toBe(code);

    // Omar is lapsed too (a win-back code of his own) but not in the segment: the default hero.
    const omar = await experience("omar");
    expect(omar.content.hero?.segment).toBeNull();
    expect(omar.offers[0]?.code).toMatch(/^BACK20-[AB]$/);
    expect(omar.offers[0]?.code).not.toBe(code);

    // The shop sees it all on her profile.
    const profile = (await (await call("/v1/customers/vera", { headers: server(site) })).json()) as { segments: string[]; lifecycleStage: string; offers: { code: string }[] };
    expect(profile.lifecycleStage).toBe("lapsed");
    expect(profile.segments).toContain("lapsed-vip-dry-skin");
    expect(profile.offers.map((o) => o.code)).toEqual([code]);

    // She comes back and orders: she leaves the segment (segment.left), and the hero and offer go back to normal.
    received.length = 0;
    expect((await call("/v1/orders", { method: "POST", headers: server(site), json: order("vera-2", "vera", 30) })).status).toBe(201);
    await runDurableObjectAlarm(outbox());
    expect(received.map((r) => (new Webhook(site.webhookSecret).verify(r.body, r.headers) as { type: string }).type)).toEqual(["segment.left"]);
    const back = await experience("vera");
    expect(back.content.hero?.segment).toBeNull();
    expect(back.offers).toEqual([]);
  });
});
