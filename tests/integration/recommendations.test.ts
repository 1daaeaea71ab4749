import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createSite, hmacHex, json, product, server, visitorHeaders, type Experience, type TestSite } from "./helpers";

let site: TestSite;
const put = (json: unknown) => call("/v1/catalog/products", { method: "PUT", headers: server(site), json });
const order = (id: string, customerId: string, items: string[], createdAt: string) =>
  call("/v1/orders", {
    method: "POST",
    headers: server(site),
    json: { id, customerId, items: items.map((productId) => ({ productId, quantity: 1, price: 10 })), total: 10 * items.length, currency: "USD", createdAt },
  });
/**
 * Publishes what a Site object learnt (normally its alarm does this a few seconds after the
 * orders): runs its alarm until nothing is queued (the alarm also stays armed for other daily work).
 */
const publishSite = async (siteId: string) => {
  const stub = env.SITE.get(env.SITE.idFromName(siteId));
  const queued = () => runInDurableObject(stub, (_o, state) => state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM rec_dirty").one().n);
  while ((await queued()) > 0) if (!(await runDurableObjectAlarm(stub))) break;
};
const publish = () => publishSite(site.siteId);
const experience = async (visitor: string, query = "", extra: Record<string, string> = {}) => {
  const res = await call(`/v1/experience${query}`, { headers: visitorHeaders(site, visitor, extra) });
  expect(res.status).toBe(200);
  return json<Experience>(res);
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
    const r = await (
      await put({
        patch: [
          { id: "old", inStock: false },
          { id: "nope", price: 3 },
        ],
        delete: ["lamp"],
      })
    ).json();
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
    expect(x.recommendations.map((r) => r.productId)).not.toContain("bulk-300");
    for (let from = 0; from < 400; from += 200) await put({ delete: Array.from({ length: 200 }, (_, i) => `bulk-${from + i}`) });
    await publish();
  }, 60_000);
});

describe("experience recommendations", () => {
  it("on a product page: what is bought with it, localised reason, never the product or stock-outs", async () => {
    const x = await experience("recs-visitor-000001", "?product=pot&locale=en");
    expect(x.recommendations[0]).toMatchObject({ productId: "cup", reason: { code: "bought_together", ref: "pot", label: "Product pot", text: "Often bought with Product pot" } });
    const ids = x.recommendations.map((r) => r.productId);
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
    expect(x.savedCart?.items[0]?.productId).toBe("cup");
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
    const byId = Object.fromEntries(x.recommendations.map((r) => [r.productId, r.reason.code]));
    expect(byId.leaf).toBe("buy_again");
    expect(byId.cup).toMatch(/because_you_bought|bought_together/);
    expect(byId.pot).toBeUndefined(); // a durable she owns
  });
  it("accepts recommendation impressions and clicks as events", async () => {
    const v = "recs-visitor-000004";
    const res = await call("/v1/events", {
      method: "POST",
      headers: visitorHeaders(site, v),
      json: {
        events: [
          { id: "rec-imp-00001", type: "rec_impression", productIds: ["cup", "leaf"], placement: "home" },
          { id: "rec-clk-00001", type: "rec_click", productId: "cup", placement: "home", position: 0 },
        ],
      },
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 2, duplicates: 0 });
    const bad = await call("/v1/events", { method: "POST", headers: visitorHeaders(site, v), json: { events: [{ id: "rec-imp-00002", type: "rec_impression", productIds: [] }] } });
    expect(bad.status).toBe(400);
  });
});

describe("refunds take back what an order taught", () => {
  let shop: TestSite;
  const send = (path: string, json: unknown) => call(path, { method: "POST", headers: server(shop), json });
  const stub = () => env.SITE.get(env.SITE.idFromName(shop.siteId));
  const flush = () => publishSite(shop.siteId);
  /** The neighbour ids the edge reads for a product (KV, as published by the Site object). */
  const neighbours = async (id: string) => ((await env.KV.get<{ nb: [string, number][] }>(`site:${shop.siteId}:p:${id}`, "json"))?.nb ?? []).map(([b]) => b);
  /** Everything the Site object learnt, straight from its SQLite. */
  const learnt = () =>
    runInDurableObject(stub(), (_o, state) => ({
      pairs: state.storage.sql.exec("SELECT a, b, round(w, 9) AS w FROM rec_pairs ORDER BY a, b").toArray(),
      items: state.storage.sql.exec("SELECT product_id, round(n, 9) AS n, rebuy FROM rec_items ORDER BY product_id").toArray(),
      pop: state.storage.sql.exec("SELECT product_id, score FROM rec_pop ORDER BY product_id").toArray(),
      cust: state.storage.sql.exec("SELECT * FROM rec_cust ORDER BY customer_id, product_id").toArray(),
    }));
  const kettleOrder = (status: string) => ({
    id: "k-1",
    customerId: "lee",
    items: ["kettle", "filter", "mug"].map((productId) => ({ productId, quantity: productId === "mug" ? 2 : 1, price: 10 })),
    total: 40,
    currency: "USD",
    createdAt: "2011-05-03T10:00:00Z",
    status,
  });

  beforeAll(async () => {
    shop = await createSite("unlearn");
    const res = await call("/v1/catalog/products", { method: "PUT", headers: server(shop), json: { products: ["kettle", "filter", "mug", "teapot", "cosy"].map((id) => product(id)) } });
    expect(res.status).toBe(200);
    expect((await send("/v1/orders", kettleOrder("paid"))).status).toBe(201);
    const other = {
      id: "t-1",
      customerId: "max",
      items: ["teapot", "cosy"].map((productId) => ({ productId, quantity: 1, price: 10 })),
      total: 20,
      currency: "USD",
      createdAt: "2011-05-04T10:00:00Z",
    };
    expect((await send("/v1/orders", other)).status).toBe(201);
    await flush();
  });

  it("a partial refund of one line removes only that line's pairs, once all its units are back; a redelivery changes nothing", async () => {
    expect((await neighbours("kettle")).sort()).toEqual(["filter", "mug"]);
    const one = { id: "rf-mug-1", customerId: "lee", amount: 10, items: [{ productId: "mug", quantity: 1 }] };
    expect((await send("/v1/orders/k-1/refunds", one)).status).toBe(201);
    await flush();
    expect((await neighbours("kettle")).sort()).toEqual(["filter", "mug"]); // one of two mugs kept: still bought together
    expect((await send("/v1/orders/k-1/refunds", { ...one, id: "rf-mug-2" })).status).toBe(201);
    await flush();
    expect(await neighbours("kettle")).toEqual(["filter"]);
    expect(await neighbours("mug")).toEqual([]);
    const after = await learnt();
    expect(after.pairs.some((r) => r.a === "mug" || r.b === "mug")).toBe(false);
    expect(after.pop.map((r) => r.product_id)).not.toContain("mug");
    expect(after.cust.map((r) => `${r.customer_id}:${r.product_id}`)).toEqual(["lee:filter", "lee:kettle", "max:cosy", "max:teapot"]);

    const again = await send("/v1/orders/k-1/refunds", { ...one, id: "rf-mug-2" });
    expect(again.status).toBe(200);
    await flush();
    expect(await learnt()).toEqual(after);
    expect(await neighbours("kettle")).toEqual(["filter"]);
  });

  it("the order re-sent as refunded takes the rest back; re-sent again (or cancelled) changes nothing; other orders stay", async () => {
    const res = await send("/v1/orders", kettleOrder("refunded"));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ result: "updated", status: "refunded" });
    await flush();
    expect(await neighbours("kettle")).toEqual([]);
    expect(await neighbours("filter")).toEqual([]);
    expect(await neighbours("teapot")).toEqual(["cosy"]);
    const after = await learnt();
    expect(after.pairs.map((r) => `${r.a}>${r.b}`)).toEqual(["cosy>teapot", "teapot>cosy"]);
    expect(after.pop.map((r) => r.product_id)).toEqual(["cosy", "teapot"]);
    expect(after.cust.map((r) => r.customer_id)).toEqual(["max", "max"]);
    const top = await env.KV.get<{ ids: string[] }>(`site:${shop.siteId}:top`, "json");
    expect(top?.ids.slice(0, 2).sort()).toEqual(["cosy", "teapot"]);

    for (const status of ["refunded", "cancelled"]) expect((await send("/v1/orders", kettleOrder(status))).status).toBe(200);
    expect((await send("/v1/orders/k-1/refunds", { id: "rf-late", customerId: "lee", amount: 5 })).status).toBe(201);
    await flush();
    expect(await learnt()).toEqual(after);
  });

  it("a money-only refund takes back that share; lines without an amount are refused with the zod issue", async () => {
    const order = {
      id: "t-2",
      customerId: "max",
      items: ["teapot", "cosy"].map((productId) => ({ productId, quantity: 1, price: 10 })),
      total: 20,
      currency: "USD",
      createdAt: "2011-05-05T10:00:00Z",
    };
    expect((await send("/v1/orders", order)).status).toBe(201);
    const w = async () => Number((await learnt()).pairs.find((r) => r.a === "teapot" && r.b === "cosy")?.w);
    const before = await w();
    expect((await send("/v1/orders/t-2/refunds", { id: "rf-share", customerId: "max", amount: 5 })).status).toBe(201);
    // t-2 taught teapot>cosy 1/log2(2 + 2) = 0.5 (its earlier purchases are the same two products: no cross pairs); 5 of 20 takes a quarter back.
    expect(await w()).toBeCloseTo(before - 0.25 * 0.5, 6);
    const redelivered = await send("/v1/orders/t-2/refunds", { id: "rf-share", customerId: "max", amount: 5 });
    expect(redelivered.status).toBe(200);
    expect(await w()).toBeCloseTo(before - 0.25 * 0.5, 6); // the same refund id takes nothing more
    const bad = await send("/v1/orders/t-2/refunds", { id: "rf-bad", customerId: "max", items: [{ productId: "cosy", quantity: 1 }] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_request" } });
  });
});
