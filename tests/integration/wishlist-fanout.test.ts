import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { FANOUT_BATCH } from "../../worker/features/wishlist/saver-book";
import { call, getExperience, hmacHex, okJson, product, server, visitorHeaders, type TestSite } from "./helpers";

/**
 * Save for later, the catalog side (issue 15): a catalog update that puts a saved product back
 * in stock or makes it cheaper tells every customer who saved it once, by a signed webhook the
 * shop verifies with `standardwebhooks`, fanned out from the Site's alarm a batch at a time. Time
 * is faked far in the future so no alarm goes off by itself: each one is run by hand.
 */
const RECEIVER = "https://receiver.test/wishlist";
const DAY = 86_400_000;
let site: TestSite;
let secret: string;
interface Verified {
  type: string;
  data: { customerId: string; productId: string; price: number; previousPrice: number; inStock: boolean };
}
const received: Verified[] = [];
const realFetch = globalThis.fetch;

const put = (body: unknown) => call("/v1/catalog/products", { method: "PUT", headers: server(site), json: body });
const siteObject = () => env.SITE.get(env.SITE.idFromName(site.siteId));
const outbox = () => env.WEBHOOKS.get(env.WEBHOOKS.idFromName(`site:${site.siteId}:outbox`));
const customer = async (visitor: string, id: string) => visitorHeaders(site, visitor, { "X-Revisit-Customer": id, "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, id) });
const save = async (headers: Record<string, string>, productId: string) => okJson(await call("/v1/saved", { method: "POST", headers, json: { productId } }), 201);

/** Runs the Site's alarm until its wishlist fan-outs are done; returns how many runs that took. */
async function fanOut(): Promise<number> {
  let runs = 0;
  while (await runInDurableObject(siteObject(), (_o, s) => s.storage.sql.exec("SELECT 1 FROM wishlist_fanout").toArray().length > 0)) {
    await runDurableObjectAlarm(siteObject());
    if (++runs > 100) throw new Error("fan-out never ended");
  }
  return runs;
}
/** Every wishlist event the outbox holds: one per saver and news, whatever became of its delivery. */
const queued = () =>
  runInDurableObject(outbox(), (_o, s) =>
    s.storage.sql
      .exec<{ type: string; payload: string }>("SELECT type, payload FROM outbox WHERE type LIKE 'wishlist.%' ORDER BY created_at")
      .toArray()
      .map((r) => ({ type: r.type, customerId: (JSON.parse(r.payload) as { data: { customerId: string } }).data.customerId })),
  );
/** Delivers everything queued to the receiver (which verifies each signature). */
async function deliver(): Promise<void> {
  for (let i = 0; i < 50 && (await runDurableObjectAlarm(outbox())); i++);
}

let now = Date.UTC(2032, 0, 1, 12);
beforeAll(async () => {
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    if (new URL(req.url).host !== "receiver.test") return realFetch(input, init);
    const body = await req.text();
    received.push(new Webhook(secret).verify(body, Object.fromEntries(req.headers)) as Verified);
    return new Response("ok");
  });
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(now);
  const res = await call("/v1/admin/sites", {
    method: "POST",
    headers: { Authorization: "Bearer admin_test_token" },
    json: { id: "wish-fan", name: "Wish", allowedOrigins: ["https://shop.example"] },
  });
  const created = (await res.json()) as TestSite & { webhookSecret: string };
  site = created;
  secret = created.webhookSecret;
  const config = { name: "Wish", allowedOrigins: ["https://shop.example"], webhooks: [{ url: RECEIVER, events: ["wishlist.back_in_stock", "wishlist.price_drop"] }] };
  expect((await call("/v1/site/config", { method: "PUT", headers: server(site), json: config })).status).toBe(200);
  const products = [product("cream", { price: 40 }), product("serum", { price: 25, inStock: false }), product("mask", { price: 12 }), product("bulk", { price: 9 })];
  expect((await put({ products })).status).toBe(200);
});
afterAll(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});
beforeEach(() => {
  now += DAY;
  vi.setSystemTime(now);
  received.length = 0;
});

describe("wishlist news", () => {
  it("a price drop and a restock each reach every customer who saved the product once, signed; a replay notifies nobody again", async () => {
    await save(await customer("device-ana-00000100", "ana"), "cream");
    await save(await customer("device-ben-00000100", "ben"), "cream");
    await save(await customer("device-ben-00000100", "ben"), "serum");
    await save(visitorHeaders(site, "anon-visitor-000001"), "cream"); // a visitor: the shop cannot reach them, no webhook
    await save(await customer("device-cal-00000100", "cal"), "mask"); // saved something else

    const update = {
      patch: [
        { id: "cream", price: 30 },
        { id: "serum", inStock: true },
        { id: "mask", price: 15 },
      ],
    };
    expect((await put(update)).status).toBe(200);
    expect(await fanOut()).toBeGreaterThan(0);
    await deliver();
    const got = received.map((r) => `${r.type} ${r.data.customerId} ${r.data.productId}`).sort();
    expect(got).toEqual(["wishlist.back_in_stock ben serum", "wishlist.price_drop ana cream", "wishlist.price_drop ben cream"]);
    const drop = received.find((r) => r.type === "wishlist.price_drop");
    expect(drop?.data).toMatchObject({ price: 30, previousPrice: 40, inStock: true });

    // The same update again (a shop's retried sync) changes nothing, so nobody hears twice.
    received.length = 0;
    expect((await put(update)).status).toBe(200);
    expect(await fanOut()).toBe(0);
    await deliver();
    expect(received).toEqual([]);
    expect(await queued()).toHaveLength(3);

    // The savers see a line in their next experience, on every device (the visitor too).
    const ben = await getExperience(await customer("device-ben-00000200", "ben"));
    expect(Object.fromEntries((ben.saved?.items ?? []).map((i) => [i.productId, i.news]))).toEqual({ cream: "price_drop", serum: "back_in_stock" });
    const anon = await getExperience(visitorHeaders(site, "anon-visitor-000001"));
    expect(anon.saved?.items).toEqual([expect.objectContaining({ productId: "cream", price: 30, savedPrice: 40, news: "price_drop" })]);
  });

  it("a price rise, a product going out of stock or a new product brings no news", async () => {
    await save(await customer("device-dan-00000100", "dan"), "mask");
    expect((await put({ patch: [{ id: "mask", price: 99 }], products: [product("new-one", { price: 1 })] })).status).toBe(200);
    expect((await put({ patch: [{ id: "mask", inStock: false }] })).status).toBe(200);
    expect(await fanOut()).toBe(0);
    // Cheaper than before but still out of stock: nothing to buy yet.
    expect((await put({ patch: [{ id: "mask", price: 5 }] })).status).toBe(200);
    expect(await fanOut()).toBe(0);
  });

  it(`fans out in batches of ${FANOUT_BATCH} from the alarm, each saver reached exactly once`, async () => {
    const savers = FANOUT_BATCH * 2 + 37;
    // Savers filed straight into the Site's index (as profiles mirror them), so the test stays quick.
    await runInDurableObject(siteObject(), (_o, s) => {
      for (let i = 0; i < savers; i++) s.storage.sql.exec("INSERT INTO wishlist_savers (product_id, customer_id, saved_at) VALUES ('bulk', ?, ?)", `bulk-${String(i).padStart(5, "0")}`, now - DAY);
    });
    const before = (await queued()).length;
    expect((await put({ patch: [{ id: "bulk", price: 7 }] })).status).toBe(200);
    const counts: number[] = [];
    for (let run = 0; run < 3; run++) {
      await runDurableObjectAlarm(siteObject());
      counts.push((await queued()).length - before);
      // A run that sent its batch but died before moving the cursor on is run again: nobody hears twice.
      if (run === 1) await runInDurableObject(siteObject(), (_o, s) => s.storage.sql.exec("UPDATE wishlist_fanout SET cursor = ''"));
    }
    expect(counts).toEqual([FANOUT_BATCH, FANOUT_BATCH * 2, FANOUT_BATCH * 2]);
    expect(await fanOut()).toBe(2); // the batch of 250 again (already told), then the last 37
    expect((await queued()).length - before).toBe(savers);
    const told = (await queued()).slice(before).map((e) => e.customerId);
    expect(new Set(told).size).toBe(savers);
    expect(told).toHaveLength(savers);
  });
});
