import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { call, createSite, getExperience, okJson, type OrderResult, product, server, type TestSite, visitorHeaders } from "./helpers";
import { customerHeaders, firstWith } from "./holdout-helpers";

/**
 * Issue 11, what the holdout sees: two customers with the same history, one in each arm. The
 * treatment one gets the personal experience; the holdout one the neutral experience (popular
 * picks without reasons, a generic greeting, the slot default, no offers, no survey) with the
 * same loyalty, and an order earns them points as usual. The clock is faked (Date only).
 */
const DAY = 86_400_000;
let now = Date.UTC(2032, 2, 2, 12);
const setNow = (t: number) => {
  now = t;
  vi.setSystemTime(t);
};
const text = (en: string) => ({ en });

beforeAll(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  setNow(now);
});
afterAll(() => vi.useRealTimers());

describe("the neutral experience", () => {
  let site: TestSite;
  const X = "personalization";
  let holdout: string;
  let treatment: string;
  const order = (id: string, customerId: string, items: string[], at: number) =>
    call("/v1/orders", {
      method: "POST",
      headers: server(site),
      json: { id, customerId, items: items.map((productId) => ({ productId, quantity: 1, price: 10 })), total: 10 * items.length, currency: "USD", createdAt: new Date(at).toISOString() },
    });
  const publish = async () => {
    const stub = env.SITE.get(env.SITE.idFromName(site.siteId));
    const queued = () => runInDurableObject(stub, (_o, state) => state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM rec_dirty").one().n);
    while ((await queued()) > 0) if (!(await runDurableObjectAlarm(stub))) break;
  };

  beforeAll(async () => {
    site = await createSite("hold-neutral", {
      experiments: [{ id: X, holdoutPercent: 50 }],
      categories: [{ id: "tea", name: text("Tea") }],
      segments: [{ id: "buyers", name: "Buyers", rule: { field: "spend", op: "gte", value: 10 } }],
      surveys: [
        {
          id: "taste",
          questions: [
            {
              id: "q1",
              type: "single",
              prompt: text("Green or black?"),
              options: [
                { id: "g", label: text("Green") },
                { id: "b", label: text("Black") },
              ],
            },
          ],
        },
      ],
      offers: [
        { id: "vip-early", kind: "early_access", title: text("Early access for buyers"), audience: { segments: ["buyers"] } },
        { id: "bday", kind: "birthday", title: text("Happy birthday"), discount: { type: "percent", value: 10 } },
      ],
      content: {
        slots: [
          {
            id: "hero",
            variants: [
              { segment: "buyers", headline: text("Thanks for shopping with us"), offer: "vip-early" },
              { segment: null, headline: text("Spring teas are in") },
            ],
          },
        ],
      },
    });
    expect((await call("/v1/offers/bday/codes", { method: "PUT", headers: server(site), json: { codes: ["BD-1", "BD-2"] } })).status).toBe(200);
    holdout = firstWith(site.siteId, X, "customer", "hold-c-", 50, "holdout");
    treatment = firstWith(site.siteId, X, "customer", "treat-c-", 50, "treatment");
    const products = ["pot", "cup", "leaf", "lamp", "mat", "tin"].map((id) => product(id, { categories: ["tea"] }));
    expect((await call("/v1/catalog/products", { method: "PUT", headers: server(site), json: { products } })).status).toBe(200);
    // Other shoppers make pot + cup a pair and lamp the best seller.
    for (let i = 0; i < 3; i++) expect((await order(`pair-${i}`, `buyer-${i}`, ["pot", "cup"], now - 5 * DAY)).status).toBe(201);
    for (let i = 0; i < 5; i++) expect((await order(`lamp-${i}`, `lamp-buyer-${i}`, ["lamp"], now - 4 * DAY)).status).toBe(201);
    // The two shoppers under test: the same name, the same order, the same first visit.
    for (const [c, i] of [
      [holdout, 0],
      [treatment, 1],
    ] as const) {
      expect((await call(`/v1/customers/${c}`, { method: "PATCH", headers: server(site), json: { firstName: "Sam", birthday: "1990-03-03" } })).status).toBe(200);
      await getExperience(await customerHeaders(site, c));
      expect((await order(`own-${i}`, c, ["pot"], now - 2 * DAY)).status).toBe(201);
    }
    await publish();
    setNow(now + DAY);
  });

  it("a treatment shopper with the same history sees the personal experience", async () => {
    const x = await getExperience(await customerHeaders(site, treatment), "?product=pot&locale=en");
    expect(x.experiments).toEqual([{ id: X, arm: "treatment" }]);
    expect(x.greeting).toMatchObject({ kind: "known_customer", firstName: "Sam" });
    expect(x.recommendations[0]).toMatchObject({ productId: "cup", reason: { code: "bought_together", text: "Often bought with Product pot" } });
    expect(x.recommendations.every((r) => typeof r.reason.text === "string")).toBe(true);
    expect(x.offers.map((o) => [o.id, o.code])).toEqual([
      ["vip-early", null],
      ["bday", "BD-1"],
    ]);
    expect(x.content.hero).toMatchObject({ segment: "buyers", offerId: "vip-early" });
    expect(x.survey?.surveyId).toBe("taste");
    expect(x.loyalty?.points).toBe(10);
  });

  it("a holdout shopper gets popular picks without reasons, a generic greeting, the slot default, no offer, no survey, and their loyalty", async () => {
    const x = await getExperience(await customerHeaders(site, holdout), "?product=pot&locale=en");
    expect(x.experiments).toEqual([{ id: X, arm: "holdout" }]);
    expect(x.greeting).toEqual({ kind: "first_visit", firstName: null, tier: null });
    expect(x.recommendations.length).toBeGreaterThan(0);
    expect(x.recommendations.map((r) => r.productId)).not.toContain("pot");
    for (const r of x.recommendations) expect(r.reason).toEqual({ code: "popular", ref: null, label: null });
    expect(x.recommendations[0]?.productId).toBe("lamp");
    expect(x.offers).toEqual([]);
    // Not even looked up: no birthday code was taken from the pool for the holdout shopper.
    expect((await okJson<{ offers: unknown[] }>(await call(`/v1/customers/${holdout}`, { headers: server(site) }))).offers).toEqual([]);
    expect(x.content.hero).toMatchObject({ segment: null, headline: "Spring teas are in", offerId: null });
    expect(x.survey).toBeNull();
    // Loyalty is money: exactly what the treatment shopper with the same order has (each with their own referral code).
    const t = await getExperience(await customerHeaders(site, treatment), "?product=pot&locale=en");
    const { referral, ...points } = x.loyalty ?? { referral: null };
    expect(referral?.code).toMatch(/^[A-Z0-9]{6,}$/);
    expect({ ...points, referral: { ...referral, code: "", url: "" } }).toEqual({ ...t.loyalty, referral: { ...t.loyalty?.referral, code: "", url: "" } });
    // The saved cart is the shopper's own, not targeting: it stays.
    await call("/v1/events", { method: "POST", headers: await customerHeaders(site, holdout), json: { events: [{ id: "hold-cart-0001", type: "cart", items: [{ productId: "tin", quantity: 2 }] }] } });
    expect((await getExperience(await customerHeaders(site, holdout))).savedCart?.items).toMatchObject([{ productId: "tin", quantity: 2 }]);
  });

  it("holdout picks are the same for every holdout shopper, whatever their history", async () => {
    const page = "?locale=en";
    const stranger = firstWith(site.siteId, X, "visitor", "hold-v-", 50, "holdout");
    const mine = (await getExperience(await customerHeaders(site, holdout), page)).recommendations.map((r) => r.productId);
    expect((await getExperience(visitorHeaders(site, stranger), page)).recommendations.map((r) => r.productId)).toEqual(mine);
  });

  it("an order of a holdout customer earns points as usual", async () => {
    const res = await okJson<OrderResult>(await order("own-later", holdout, ["leaf", "mat"], now), 201);
    expect(res.pointsChange).toBe(20);
    expect((await getExperience(await customerHeaders(site, holdout))).loyalty?.points).toBe(30);
  });
});
