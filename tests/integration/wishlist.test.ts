import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { SITE_MIGRATIONS } from "../../worker/platform/migrations/site";
import { migrate } from "../../worker/platform/sql";
import { MAX_SAVED } from "../../worker/features/wishlist/wishlist";
import { call, createSite, getCustomer, getCustomerExport, getExperience, hmacHex, json, okJson, product, server, visitorHeaders, type ApiError, type TestSite } from "./helpers";

/**
 * Save for later, the shopper side (issue 15): save and unsave with validation and a cap, the list
 * in the experience on every device of a verified customer, merged on identify, shown to the shop,
 * exported and erased with the customer, feeding recommendations; and the Site's new tables
 * arriving on an existing Site object.
 */
let site: TestSite;
interface SavedAnswer {
  status: string;
  items: { productId: string; savedAt: string }[];
  limit: number;
}
const put = (body: unknown) => call("/v1/catalog/products", { method: "PUT", headers: server(site), json: body });
const saveRes = (headers: Record<string, string>, body: unknown) => call("/v1/saved", { method: "POST", headers, json: body });
const unsave = (headers: Record<string, string>, id: string) => call(`/v1/saved/${encodeURIComponent(id)}`, { method: "DELETE", headers });
const customer = async (visitor: string, id: string) => visitorHeaders(site, visitor, { "X-Revisit-Customer": id, "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, id) });
const siteObject = () => env.SITE.get(env.SITE.idFromName(site.siteId));
/** The customers the Site's savers index holds for a product (what the fan-out reads). */
const saversOf = (productId: string) =>
  runInDurableObject(siteObject(), (_o, s) =>
    s.storage.sql
      .exec<{ customer_id: string }>("SELECT customer_id FROM wishlist_savers WHERE product_id = ? ORDER BY customer_id", productId)
      .toArray()
      .map((r) => r.customer_id),
  );
const savedIds = async (headers: Record<string, string>) => ((await getExperience(headers)).saved?.items ?? []).map((i) => i.productId);

beforeAll(async () => {
  site = await createSite("wish");
  const many = Array.from({ length: MAX_SAVED + 1 }, (_, i) => product(`many-${i}`));
  const res = await put({
    products: [product("pot", { price: 30, title: { en: "Tea pot", ar: "إبريق شاي", fa: "قوری" } }), product("cup"), product("leaf", { inStock: false }), product("kettle"), ...many.slice(0, 100)],
  });
  expect(res.status).toBe(200);
  expect((await put({ products: many.slice(100) })).status).toBe(200);
  // Pot and kettle are bought together, learnt and published before the edge reads any product record.
  const order = (id: string, c: string) =>
    call("/v1/orders", {
      method: "POST",
      headers: server(site),
      json: { id, customerId: c, items: ["pot", "kettle"].map((productId) => ({ productId, quantity: 1, price: 10 })), total: 20, currency: "USD", createdAt: "2026-01-02T10:00:00Z" },
    });
  for (let i = 0; i < 3; i++) expect((await order(`wish-o-${i}`, `wish-buyer-${i}`)).status).toBe(201);
  while (await runInDurableObject(siteObject(), (_o, s) => s.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM rec_dirty").one().n > 0)) await runDurableObjectAlarm(siteObject());
});

describe("saving and unsaving", () => {
  it("saves once, unsaves once, and shows the list in the experience with the catalog's name, price and stock", async () => {
    const v = visitorHeaders(site, "saver-visitor-00001");
    const first = await okJson<SavedAnswer>(await saveRes(v, { productId: "pot" }), 201);
    expect(first).toMatchObject({ status: "saved", items: [{ productId: "pot" }], limit: MAX_SAVED });
    expect(await okJson<SavedAnswer>(await saveRes(v, { productId: "pot" }), 200)).toMatchObject({ status: "already_saved", items: [{ productId: "pot" }] });
    await okJson(await saveRes(v, { productId: "leaf" }), 201);
    const x = await getExperience(v, "?locale=ar");
    expect(x.saved).toEqual({
      limit: MAX_SAVED,
      items: [
        expect.objectContaining({ productId: "leaf", inStock: false, news: null }),
        expect.objectContaining({ productId: "pot", title: "إبريق شاي", price: 30, savedPrice: 30, inStock: true, news: null }),
      ],
    });
    expect(await okJson<SavedAnswer>(await unsave(v, "pot"))).toMatchObject({ status: "removed", items: [{ productId: "leaf" }] });
    expect(await okJson<SavedAnswer>(await unsave(v, "pot"))).toMatchObject({ status: "not_saved" });
    expect(await savedIds(v)).toEqual(["leaf"]);
  });

  it("refuses bad input with a clear 4xx, never a 500", async () => {
    const v = visitorHeaders(site, "saver-visitor-00002");
    const cases: [unknown, number, string][] = [
      [{}, 400, "invalid_request"],
      [{ productId: "" }, 400, "invalid_request"],
      [{ productId: "x".repeat(129) }, 400, "invalid_request"],
      [{ productId: "pot", extra: 1 }, 400, "invalid_request"],
      [{ productId: 42 }, 400, "invalid_request"],
      [{ productId: "no-such-product" }, 404, "not_found"],
    ];
    for (const [body, status, code] of cases) {
      const res = await saveRes(v, body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), status]);
      expect((await json<ApiError>(res)).error.code).toBe(code);
    }
    const bare = await call("/v1/saved", { method: "POST", headers: { "Content-Type": "application/json", Origin: "https://shop.example" }, body: JSON.stringify({ productId: "pot" }) });
    expect(bare.status).toBe(401);
    expect(await savedIds(v)).toEqual([]);
  });

  it(`keeps at most ${MAX_SAVED} products: the next save is a 409 and stores nothing`, async () => {
    const v = visitorHeaders(site, "saver-visitor-00003");
    for (let i = 0; i < MAX_SAVED; i++) expect((await saveRes(v, { productId: `many-${i}` })).status).toBe(201);
    const full = await saveRes(v, { productId: `many-${MAX_SAVED}` });
    expect(full.status).toBe(409);
    expect((await json<ApiError>(full)).error).toMatchObject({ code: "conflict", details: { limit: MAX_SAVED } });
    expect(await saveRes(v, { productId: "many-5" }).then((r) => r.status)).toBe(200); // already saved: still fine
    expect(await savedIds(v)).toHaveLength(MAX_SAVED);
    expect((await unsave(v, "many-0")).status).toBe(200);
    expect((await saveRes(v, { productId: `many-${MAX_SAVED}` })).status).toBe(201);
  });
});

describe("across devices, identify, the shop's view, export and erasure", () => {
  it("merges a visitor's list into the customer's on identify and follows the customer to every device", async () => {
    const phone = "merge-phone-0000001";
    const laptop = await customer("merge-laptop-000001", "sara");
    await okJson(await saveRes(laptop, { productId: "cup" }), 201);
    await okJson(await saveRes(visitorHeaders(site, phone), { productId: "pot" }), 201);
    await okJson(await saveRes(visitorHeaders(site, phone), { productId: "cup" }), 201);
    expect(await saversOf("pot")).toEqual([]); // visitors are not in the shop's savers index
    const hash = await hmacHex(site.identitySecret, "sara");
    expect((await call("/v1/identify", { method: "POST", headers: visitorHeaders(site, phone), json: { customerId: "sara", hash } })).status).toBe(200);
    expect((await savedIds(laptop)).sort()).toEqual(["cup", "pot"]);
    expect((await savedIds(await customer(phone, "sara"))).sort()).toEqual(["cup", "pot"]);
    expect(await saversOf("pot")).toEqual(["sara"]);
    expect(await saversOf("cup")).toEqual(["sara"]);

    const view = await getCustomer(site, "sara");
    expect(view.saved.map((s) => s.productId).sort()).toEqual(["cup", "pot"]);
    const exported = await getCustomerExport(site, "sara");
    expect(exported.profile.saved?.map((s) => s.productId).sort()).toEqual(["cup", "pot"]);

    // A mirror older than the one applied (two saves reaching the Site out of order) changes nothing.
    expect(await siteObject().syncSavers("sara", [], 1)).toBe(false);
    expect(await saversOf("cup")).toEqual(["sara"]);

    // Unsaved on one device: gone on the other and from the index.
    expect((await unsave(laptop, "pot")).status).toBe(200);
    expect(await savedIds(await customer(phone, "sara"))).toEqual(["cup"]);
    expect(await saversOf("pot")).toEqual([]);
  });

  it("erases the list and the customer's place in the savers index with the customer", async () => {
    const h = await customer("erase-device-000001", "erin");
    await okJson(await saveRes(h, { productId: "kettle" }), 201);
    expect(await saversOf("kettle")).toEqual(["erin"]);
    expect((await call("/v1/customers/erin", { method: "DELETE", headers: server(site) })).status).toBe(200);
    expect(await saversOf("kettle")).toEqual([]);
    expect((await call("/v1/customers/erin", { headers: server(site) })).status).toBe(404);
  });
});

describe("recommendations", () => {
  it("recommend what goes with a saved product, for a reason of its own, and never the saved product itself", async () => {
    const v = visitorHeaders(site, "recs-visitor-000001");
    await okJson(await saveRes(v, { productId: "pot" }), 201);
    const recs = (await getExperience(v)).recommendations;
    expect(recs.find((r) => r.productId === "kettle")?.reason).toMatchObject({ code: "because_you_saved", ref: "pot", text: "Goes with Tea pot, which you saved" });
    expect(recs.map((r) => r.productId)).not.toContain("pot");
  });
});

describe("the Site's wishlist tables on an existing Site object", () => {
  it("are added by the new migration steps, keeping every row", async () => {
    const stub = env.SITE.get(env.SITE.idFromName("wish-upgrade"));
    const report = await runInDurableObject(stub, (_o, s) => {
      // Back to the schema of the release before the wishlist, with a product in the catalog.
      const mine = SITE_MIGRATIONS.filter((m) => m.name.includes("wishlist"));
      expect(mine.map((m) => m.name)).toEqual(["0044_wishlist_savers_table", "0045_wishlist_savers_customer_index", "0046_wishlist_lists_table", "0047_wishlist_fanout_table"]);
      for (const t of ["wishlist_savers", "wishlist_lists", "wishlist_fanout"]) s.storage.sql.exec(`DROP TABLE ${t}`);
      for (const m of mine) s.storage.sql.exec("DELETE FROM _migrations WHERE name = ?", m.name);
      s.storage.sql.exec("UPDATE _schema SET version = ?", SITE_MIGRATIONS.length - mine.length);
      s.storage.sql.exec("INSERT INTO products (id, data) VALUES ('old', '{}')");
      const r = migrate(s.storage, SITE_MIGRATIONS);
      s.storage.sql.exec("INSERT INTO wishlist_savers (product_id, customer_id, saved_at) VALUES ('old', 'c1', 1)");
      return { applied: r.applied, products: s.storage.sql.exec("SELECT id FROM products").toArray(), savers: s.storage.sql.exec("SELECT count(*) AS n FROM wishlist_savers").one().n };
    });
    expect(report).toEqual({
      applied: ["0044_wishlist_savers_table", "0045_wishlist_savers_customer_index", "0046_wishlist_lists_table", "0047_wishlist_fanout_table"],
      products: [{ id: "old" }],
      savers: 1,
    });
  });
});
