import { beforeAll, describe, expect, it, vi } from "vitest";
import { everyObject, kvEntries } from "../fuzz/storage-probe";
import { call, createSite, hmacHex, server, visitorHeaders, type TestSite } from "./helpers";

/**
 * GDPR access and erasure (issue 6): the export returns everything held about a customer, and
 * after `DELETE /v1/customers/{id}` nothing about them is left anywhere: every Profile object,
 * every Site object (index, aggregates) and every KV entry is searched for their identifiers.
 */
let site: TestSite;
const CUSTOMER = "erase-cust-77";
const OTHER = "keep-cust-88";
const VISITOR = "erase-visitor-000077";
const CANARY = {
  email: "erase.canary.77@shop.example",
  firstName: "Eraseme",
  query: "erasure-canary-search",
  birthday: "1977-07-07",
};

async function ok(res: Response | Promise<Response>, status = 200) {
  const r = await res;
  expect(r.status, await r.clone().text()).toBe(status);
  return r;
}

beforeAll(async () => {
  // The shop's webhook receiver answers here (the outbox runs in this isolate).
  const realFetch = globalThis.fetch;
  vi.stubGlobal("fetch", (input: RequestInfo | URL, init?: RequestInit) =>
    new Request(input, init).url.startsWith("https://receiver.test/") ? Promise.resolve(new Response("ok")) : realFetch(input, init),
  );
  site = await createSite("erasure", {
    // Webhook events about the customer (order credited, tier, triggers) are kept in the site's outbox (its log).
    webhooks: [{ url: "https://receiver.test/hooks", events: ["*"] }],
    surveys: [
      {
        id: "quiz",
        questions: [
          {
            id: "skin",
            type: "single",
            prompt: { en: "Skin?" },
            options: [
              { id: "oily", label: { en: "Oily" }, tags: ["oily"] },
              { id: "dry", label: { en: "Dry" } },
            ],
          },
        ],
      },
    ],
  });
  const h = visitorHeaders(site, VISITOR);
  await ok(call("/v1/experience", { headers: h }));
  await ok(
    call("/v1/events", {
      method: "POST",
      headers: h,
      json: {
        events: [
          { id: "erase-ev-0001", type: "product_view", productId: "p-erase" },
          { id: "erase-ev-0002", type: "search", query: CANARY.query },
          { id: "erase-ev-0003", type: "cart", items: [{ productId: "p-erase", quantity: 2 }] },
        ],
      },
    }),
    202,
  );
  await ok(call("/v1/surveys/quiz/responses", { method: "POST", headers: h, json: { questionId: "skin", answers: ["oily"] } }), 201);
  const hash = await hmacHex(site.identitySecret, CUSTOMER);
  await ok(call("/v1/identify", { method: "POST", headers: h, json: { customerId: CUSTOMER, hash, firstName: CANARY.firstName, email: CANARY.email } }));
  const order = (id: string, customerId: string, email: string) => ({
    id,
    customerId,
    email,
    items: [{ productId: "p-erase", quantity: 1, price: 30 }],
    total: 30,
    currency: "USD",
    createdAt: new Date().toISOString(),
  });
  await ok(call("/v1/orders", { method: "POST", headers: server(site), json: order("erase-order-1", CUSTOMER, CANARY.email) }), 201);
  await ok(call(`/v1/customers/${CUSTOMER}`, { method: "PATCH", headers: server(site), json: { birthday: CANARY.birthday } }));
  await ok(call("/v1/orders", { method: "POST", headers: server(site), json: order("keep-order-1", OTHER, "keep@shop.example") }), 201);
  await new Promise((r) => setTimeout(r, 100)); // background index and aggregate updates
});

/** Every place anything is stored, as one searchable string per place. */
async function everywhere(): Promise<{ where: string; text: string }[]> {
  const objects = (await everyObject()).map((o) => ({ where: `${o.kind} object ${o.id.slice(0, 12)}`, text: o.dump }));
  const kv = [...(await kvEntries())].map(([k, v]) => ({ where: `KV ${k}`, text: `${k} ${v}` }));
  return [...objects, ...kv];
}

const identifiers = [CUSTOMER, VISITOR, CANARY.email, CANARY.firstName, CANARY.query, CANARY.birthday];

describe("export and erasure", () => {
  it("the export holds everything: traits, merged events and answers, orders and the points ledger", async () => {
    const res = await ok(call(`/v1/customers/${CUSTOMER}/export`, { headers: server(site) }));
    const text = await res.text();
    for (const s of [CUSTOMER, CANARY.email, CANARY.firstName, CANARY.query, CANARY.birthday, "erase-order-1", "erase-ev-0001", "oily"]) expect(text).toContain(s);
    // And before erasure the identifiers really are stored somewhere (so the search below can see them).
    const places = await everywhere();
    for (const s of [CUSTOMER, CANARY.email, CANARY.query])
      expect(
        places.some((p) => p.text.includes(s)),
        s,
      ).toBe(true);
  });

  it("after DELETE nothing about the customer is left in any object or KV entry; others are untouched", async () => {
    const del = await ok(call(`/v1/customers/${CUSTOMER}`, { method: "DELETE", headers: server(site) }));
    expect(((await del.json()) as { visitorsErased: number }).visitorsErased).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 100));
    const leftovers = (await everywhere()).flatMap((p) => identifiers.filter((s) => p.text.includes(s)).map((s) => `${s} in ${p.where}: ${p.text.slice(0, 200)}`));
    expect(leftovers).toEqual([]);
    expect((await call(`/v1/customers/${CUSTOMER}`, { headers: server(site) })).status).toBe(404);
    expect((await call(`/v1/customers/${CUSTOMER}/export`, { headers: server(site) })).status).toBe(404);
    const seg = (await (await call("/v1/segments/first_purchase/customers?limit=500", { headers: server(site) })).json()) as { customers: { customerId: string }[] };
    expect(seg.customers.map((c) => c.customerId)).toEqual([OTHER]);
    // The erased visitor id now looks brand new.
    const x = (await (await call("/v1/experience", { headers: visitorHeaders(site, VISITOR) })).json()) as { visitor: { visits: number }; savedCart: unknown };
    expect(x.visitor.visits).toBe(1);
    expect(x.savedCart).toBeNull();
  });
});
