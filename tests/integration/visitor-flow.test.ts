import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { call, createSite, expiringHash, getCustomer, hmacHex, json, ORIGIN, product, server, visitorHeaders, type ApiError, type Experience, type TestSite } from "./helpers";

let site: TestSite;
const survey = {
  id: "skin",
  questions: [
    {
      id: "type",
      type: "single",
      prompt: { en: "What is your skin type?", ar: "ما نوع بشرتك؟" },
      options: [
        { id: "dry", label: { en: "Dry skin" }, tags: ["dry-skin"] },
        { id: "oily", label: { en: "Oily skin" }, tags: ["oily-skin"] },
      ],
    },
  ],
};

beforeAll(async () => {
  site = await createSite("flow", {
    surveys: [survey],
    cartUrlTemplate: `${ORIGIN}/cart?restore={items}`,
    loyalty: {
      pointsPerUnit: 1,
      tierBasis: "points",
      tiers: [
        { id: "silver", name: { en: "Silver" }, threshold: 100 },
        { id: "gold", name: { en: "Gold" }, threshold: 500 },
      ],
    },
  });
  const products = [
    product("cream-dry", { tags: ["dry-skin"], categories: ["skincare"], price: 30 }),
    product("gel-oily", { tags: ["oily-skin"], categories: ["skincare"] }),
    product("mug", { categories: ["kitchen"] }),
    product("kettle", { categories: ["kitchen"] }),
  ];
  const res = await call("/v1/catalog/products", { method: "PUT", headers: server(site), json: { products } });
  expect(res.status).toBe(200);
});

afterEach(() => vi.useRealTimers());

const experience = async (visitor: string, extra: Record<string, string> = {}, query = "") => {
  const res = await call(`/v1/experience${query}`, { headers: visitorHeaders(site, visitor, extra) });
  expect(res.status).toBe(200);
  return json<Experience>(res);
};
const send = (visitor: string, events: unknown[], extra: Record<string, string> = {}) => call("/v1/events", { method: "POST", headers: visitorHeaders(site, visitor, extra), json: { events } });

describe("visits", () => {
  it("a second visit 31 minutes later is a returning visitor; 10 minutes later is the same visit", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const t0 = new Date("2026-03-01T10:00:00Z").getTime();
    vi.setSystemTime(t0);
    const v = "visit-clock-0000001";
    expect((await experience(v)).greeting.kind).toBe("first_visit");
    vi.setSystemTime(t0 + 10 * 60_000);
    const same = await experience(v);
    expect(same.visitor).toMatchObject({ visits: 1, returning: false });
    vi.setSystemTime(t0 + 41 * 60_000);
    const back = await experience(v);
    expect(back.visitor).toMatchObject({ visits: 2, returning: true });
    expect(back.greeting.kind).toBe("returning");
  });
});

describe("events", () => {
  it("deduplicates by event id and keeps the cart snapshot", async () => {
    const v = "events-visitor-0001";
    const batch = [
      { id: "evt-cart-000001", type: "cart", items: [{ productId: "mug", quantity: 2 }] },
      { id: "evt-view-000001", type: "product_view", productId: "kettle" },
    ];
    const first = await send(v, batch);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ accepted: 2, duplicates: 0 });
    const again = await send(v, batch);
    expect(await again.json()).toEqual({ accepted: 0, duplicates: 2 });
    const x = await experience(v);
    expect(x.savedCart?.items).toEqual([expect.objectContaining({ productId: "mug", quantity: 2, title: "Product mug" })]);
    expect(x.savedCart?.restoreUrl).toBe(`${ORIGIN}/cart?restore=${encodeURIComponent("mug:2")}`);
    expect(x.recommendations[0]).toMatchObject({ productId: "kettle", reason: { code: "recently_viewed" } });
  });

  it("answering the survey changes the recommendations", async () => {
    const v = "survey-visitor-0001";
    const before = await experience(v);
    expect(before.survey).toMatchObject({ surveyId: "skin", questionId: "type", prompt: "What is your skin type?" });
    expect((await experience(v, {}, "?locale=ar")).survey?.prompt).toBe("ما نوع بشرتك؟");
    const res = await call("/v1/surveys/skin/responses", { method: "POST", headers: visitorHeaders(site, v), json: { questionId: "type", answers: ["oily"] } });
    expect(res.status).toBe(201);
    const after = await experience(v);
    expect(after.survey).toBeNull();
    expect(after.recommendations[0]).toMatchObject({ productId: "gel-oily", reason: { code: "survey_match", label: "Oily skin" } });
    expect(after.recommendations.map((r) => r.productId)).not.toEqual(before.recommendations.map((r) => r.productId));
  });

  it("rejects an answer that is not an option, and an unknown survey", async () => {
    const v = "survey-visitor-0002";
    const bad = await call("/v1/surveys/skin/responses", { method: "POST", headers: visitorHeaders(site, v), json: { questionId: "type", answers: ["purple"] } });
    expect(bad.status).toBe(400);
    const missing = await call("/v1/surveys/nope/responses", { method: "POST", headers: visitorHeaders(site, v), json: { questionId: "type", answers: ["dry"] } });
    expect(missing.status).toBe(404);
    expect((await json<ApiError>(missing)).error.code).toBe("not_found");
  });
});

describe("identify", () => {
  it("refuses a wrong hash with 401 and an expired one too", async () => {
    const v = "identify-visitor-01";
    const wrong = await call("/v1/identify", { method: "POST", headers: visitorHeaders(site, v), json: { customerId: "c-1", hash: "0".repeat(64) } });
    expect(wrong.status).toBe(401);
    expect((await json<ApiError>(wrong)).error.code).toBe("invalid_customer_hash");
    const exp = Math.floor(Date.now() / 1000) - 10;
    const expired = await call("/v1/identify", {
      method: "POST",
      headers: visitorHeaders(site, v),
      json: { customerId: "c-1", hash: await expiringHash(site.identitySecret, "c-1", exp), expires: exp },
    });
    expect(expired.status).toBe(401);
    const headerForged = await call("/v1/experience", { headers: visitorHeaders(site, v, { "X-Revisit-Customer": "c-1", "X-Revisit-Customer-Hash": "ab".repeat(32) }) });
    expect(headerForged.status).toBe(401);
  });

  it("merges the anonymous cart and answers, and the cart follows the customer to a second device", async () => {
    const deviceA = "merge-device-a-0001";
    const deviceB = "merge-device-b-0001";
    expect((await send(deviceA, [{ id: "merge-cart-01", type: "cart", items: [{ productId: "cream-dry", quantity: 1 }] }])).status).toBe(202);
    await call("/v1/surveys/skin/responses", { method: "POST", headers: visitorHeaders(site, deviceA), json: { questionId: "type", answers: ["dry"] } });

    const exp = Math.floor(Date.now() / 1000) + 3600;
    const hash = await expiringHash(site.identitySecret, "cust-9", exp);
    const id = await call("/v1/identify", { method: "POST", headers: visitorHeaders(site, deviceA), json: { customerId: "cust-9", hash, expires: exp, firstName: "Sara" } });
    expect(id.status).toBe(200);
    expect(await id.json()).toMatchObject({ customerId: "cust-9", merged: true });

    const plainHash = await hmacHex(site.identitySecret, "cust-9");
    const onB = await experience(deviceB, { "X-Revisit-Customer": "cust-9", "X-Revisit-Customer-Hash": plainHash });
    expect(onB.visitor).toMatchObject({ identified: true, firstName: "Sara" });
    expect(onB.savedCart?.items.map((i) => i.productId)).toEqual(["cream-dry"]);
    expect(onB.survey).toBeNull();

    const profile = await getCustomer(site, "cust-9");
    expect(profile.cart?.items).toEqual([{ productId: "cream-dry", quantity: 1 }]);
    expect(profile.surveyAnswers).toEqual([expect.objectContaining({ key: "skin/type", answers: ["dry"], tags: ["dry-skin"] })]);

    // The anonymous profile no longer holds the cart: it lives with the customer now.
    expect((await experience(deviceA)).savedCart).toBeNull();
  });
});

describe("orders and loyalty", () => {
  const order = (id: string, extra: Record<string, unknown> = {}) => ({
    id,
    customerId: "buyer-1",
    email: "buyer@example.com",
    items: [{ productId: "mug", quantity: 3, price: 40.5 }],
    total: 121.5,
    currency: "USD",
    createdAt: "2026-03-01T10:00:00Z",
    ...extra,
  });

  it("an order sent three times credits once; a refund reverses it", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await call("/v1/orders", { method: "POST", headers: server(site), json: order("o-1") })).status);
    expect(codes).toEqual([201, 200, 200]);
    let profile = await getCustomer(site, "buyer-1");
    expect(profile.loyalty).toMatchObject({ points: 121, tier: { id: "silver" }, nextTier: { id: "gold" }, toNextTier: 379 });
    expect(profile.orders).toMatchObject({ count: 1, spend: 121.5 });

    const refund = await call("/v1/orders", { method: "POST", headers: server(site), json: order("o-1", { status: "refunded" }) });
    expect(await refund.json()).toMatchObject({ result: "updated", pointsChange: -121, points: 0 });
    const again = await call("/v1/orders", { method: "POST", headers: server(site), json: order("o-1", { status: "refunded" }) });
    expect(await again.json()).toMatchObject({ result: "duplicate", points: 0 });
    profile = await getCustomer(site, "buyer-1");
    expect(profile.loyalty.points).toBe(0);
  });

  it("shows points and tier progress in the identified shopper's experience", async () => {
    await call("/v1/orders", { method: "POST", headers: server(site), json: order("o-2", { customerId: "buyer-2", total: 250, createdAt: new Date().toISOString() }) });
    const x = await experience("buyer-two-device-01", { "X-Revisit-Customer": "buyer-2", "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, "buyer-2") });
    expect(x.loyalty).toMatchObject({ points: 250, tier: { name: "Silver" }, nextTier: { name: "Gold" }, toNextTier: 250, progress: 0.38 });
    expect(x.greeting.kind).toBe("known_customer");
    // Anonymous visitors have no loyalty block: points belong to verified customers.
    expect((await experience("anonymous-visitor-9")).loyalty).toBeNull();
  });

  it("greets a customer whose last order is older than the lapse window as lapsed", async () => {
    await call("/v1/orders", { method: "POST", headers: server(site), json: order("o-3", { customerId: "buyer-3", createdAt: new Date(Date.now() - 200 * 86_400_000).toISOString() }) });
    const x = await experience("buyer-three-device1", { "X-Revisit-Customer": "buyer-3", "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, "buyer-3") });
    expect(x.greeting.kind).toBe("lapsed");
  });
});
