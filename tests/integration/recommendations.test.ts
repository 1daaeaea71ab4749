import { env, runDurableObjectAlarm } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createSite, hmacHex, product, server, visitorHeaders, type TestSite } from "./helpers";

let site: TestSite;
const put = (json: unknown) => call("/v1/catalog/products", { method: "PUT", headers: server(site), json });
const order = (id: string, customerId: string, items: string[], createdAt: string) =>
  call("/v1/orders", { method: "POST", headers: server(site), json: { id, customerId, items: items.map((productId) => ({ productId, quantity: 1, price: 10 })), total: 10 * items.length, currency: "USD", createdAt } });
/** Publishes what the Site object learnt (normally its alarm does this a few seconds after the orders). */
const publish = async () => {
  const stub = env.SITE.get(env.SITE.idFromName(site.siteId));
  while (await runDurableObjectAlarm(stub));
};
const experience = async (visitor: string, query = "", extra: Record<string, string> = {}) => {
  const res = await call(`/v1/experience${query}`, { headers: visitorHeaders(site, visitor, extra) });
  expect(res.status).toBe(200);
  return (await res.json()) as any;
};

beforeAll(async () => {
  site = await createSite("recs", { categories: [{ id: "tea", name: { en: "Tea", fa: "چای" } }] });
  const res = await put({
    products: [
      product("pot", { categories: ["tea"] }),
      product("cup", { categories: ["tea"] }),
      product("leaf", { categories: ["tea"], replenishDays: 30 }),
      product("lamp", { categories: ["home"] }),
      product("old", { categories: ["home"] }),
    ],
  });
  expect(res.status).toBe(200);
  for (let i = 0; i < 4; i++) expect((await order(`o-${i}`, `buyer-${i}`, ["pot", "cup"], `2011-05-0${i + 1}T10:00:00Z`)).status).toBe(201);
  expect((await order("o-9", "buyer-9", ["lamp"], "2011-05-09T10:00:00Z")).status).toBe(201);
  await publish();
});

describe("catalog", () => {
  it("is idempotent, takes partial updates and deletes, and reports unknown patches", async () => {
    const again = await (await put({ products: [product("pot", { categories: ["tea"] })] })).json();
    expect(again).toMatchObject({ upserted: 0, unchanged: 1, total: 5 });
    const r = await (await put({ patch: [{ id: "old", inStock: false }, { id: "nope", price: 3 }], delete: ["lamp"] })).json();
    expect(r).toMatchObject({ patched: 1, deleted: 1, missing: ["nope"], total: 4 });
  });
  it("refuses empty or oversized bodies with the zod issues", async () => {
    expect((await put({})).status).toBe(400);
    const many = Array.from({ length: 1001 }, (_, i) => `p-${i}`);
    expect((await put({ delete: many })).status).toBe(400);
  });
  it("takes a large catalog in chunks (the test Worker's body limit is 64 KiB, production's 1 MiB)", async () => {
    const chunk = (from: number) => Array.from({ length: 200 }, (_, i) => product(`bulk-${from + i}`, { categories: ["bulk"] }));
    let upserted = 0;
    let total = 0;
    for (let from = 0; from < 400; from += 200) {
      const res = await put({ products: chunk(from) });
      expect(res.status).toBe(200);
      const r = (await res.json()) as { upserted: number; total: number };
      upserted += r.upserted;
      total = r.total;
    }
    expect(upserted).toBe(400);
    expect(total).toBe(404);
    await publish();
    const x = await experience("bulk-visitor-000001", "?product=bulk-300");
    expect(x.placement).toBe("product");
    expect(x.recommendations.length).toBeGreaterThan(0);
    expect(x.recommendations.map((r: any) => r.productId)).not.toContain("bulk-300");
    for (let from = 0; from < 400; from += 200) await put({ delete: Array.from({ length: 200 }, (_, i) => `bulk-${from + i}`) });
    await publish();
  }, 60_000);
});

describe("experience recommendations", () => {
  it("on a product page: what is bought with it, localised reason, never the product or stock-outs", async () => {
    const x = await experience("recs-visitor-000001", "?product=pot&locale=en");
    expect(x.recommendations[0]).toMatchObject({ productId: "cup", reason: { code: "bought_together", ref: "pot", label: "Product pot", text: "Often bought with Product pot" } });
    const ids = x.recommendations.map((r: any) => r.productId);
    expect(ids).not.toContain("pot");
    expect(ids).not.toContain("old");
    expect(ids).not.toContain("lamp");
  });
  it("in the cart: completes the set; placement is validated", async () => {
    const v = "recs-visitor-000002";
    await call("/v1/events", { method: "POST", headers: visitorHeaders(site, v), json: { events: [{ id: "cart-evt-0001", type: "cart", items: [{ productId: "cup", quantity: 1 }] }] } });
    const x = await experience(v, "?placement=cart&locale=fa");
    expect(x.placement).toBe("cart");
    expect(x.recommendations[0]).toMatchObject({ productId: "pot", reason: { code: "complete_the_set", ref: "cup" } });
    expect(x.savedCart.items[0].productId).toBe("cup");
    expect((await call("/v1/experience?placement=checkout", { headers: visitorHeaders(site, v) })).status).toBe(400);
  });
  it("a customer gets cross-sell from their orders and buy-again for consumables, measured in the shop's time", async () => {
    await order("o-20", "sara", ["leaf", "pot"], "2011-05-10T10:00:00Z");
    await order("o-21", "sara", ["leaf"], "2011-05-20T10:00:00Z");
    await order("o-22", "other", ["leaf"], "2011-05-11T10:00:00Z");
    await order("o-23", "other", ["leaf"], "2011-06-30T10:00:00Z");
    await publish();
    const hash = await hmacHex(site.identitySecret, "sara");
    const x = await experience("recs-visitor-000003", "", { "X-Revisit-Customer": "sara", "X-Revisit-Customer-Hash": hash });
    const byId = Object.fromEntries(x.recommendations.map((r: any) => [r.productId, r.reason.code]));
    expect(byId.leaf).toBe("buy_again");
    expect(byId.cup).toMatch(/because_you_bought|bought_together/);
    expect(byId.pot).toBeUndefined(); // a durable she owns
  });
  it("accepts recommendation impressions and clicks as events", async () => {
    const v = "recs-visitor-000004";
    const res = await call("/v1/events", {
      method: "POST",
      headers: visitorHeaders(site, v),
      json: { events: [{ id: "rec-imp-00001", type: "rec_impression", productIds: ["cup", "leaf"], placement: "home" }, { id: "rec-clk-00001", type: "rec_click", productId: "cup", placement: "home", position: 0 }] },
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 2, duplicates: 0 });
    const bad = await call("/v1/events", { method: "POST", headers: visitorHeaders(site, v), json: { events: [{ id: "rec-imp-00002", type: "rec_impression", productIds: [] }] } });
    expect(bad.status).toBe(400);
  });
});
