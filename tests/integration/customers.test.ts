import { beforeAll, describe, expect, it } from "vitest";
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { SiteConfig } from "../../worker/features/site/site-config.schemas";
import {
  call,
  createSite,
  getCustomer,
  getCustomerExport,
  getSiteConfig,
  hmacHex,
  json,
  server,
  visitorHeaders,
  type ApiError,
  type CustomerView,
  type SegmentPage,
  type ShopifyAnswer,
  type TestSite,
} from "./helpers";

let site: TestSite;
beforeAll(async () => {
  site = await createSite("people");
});

const order = (id: string, customerId: string, total: number) => ({
  id,
  customerId,
  items: [{ productId: "p1", quantity: 1, price: total }],
  total,
  currency: "USD",
  createdAt: new Date().toISOString(),
});

describe("customers API", () => {
  it("patches traits, exports everything, and erases without leftovers", async () => {
    const visitor = "erase-visitor-00001";
    await call("/v1/events", { method: "POST", headers: visitorHeaders(site, visitor), json: { events: [{ id: "erase-evt-1", type: "search", query: "candles" }] } });
    const hash = await hmacHex(site.identitySecret, "gdpr-1");
    expect((await call("/v1/identify", { method: "POST", headers: visitorHeaders(site, visitor), json: { customerId: "gdpr-1", hash } })).status).toBe(200);
    await call("/v1/orders", { method: "POST", headers: server(site), json: order("gdpr-o1", "gdpr-1", 20) });

    const patched = await call("/v1/customers/gdpr-1", { method: "PATCH", headers: server(site), json: { firstName: "Layla", birthday: "1990-05-04", locale: "ar" } });
    expect(patched.status).toBe(200);
    expect((await json<CustomerView>(patched)).traits).toMatchObject({ firstName: "Layla", birthday: "1990-05-04", locale: "ar" });
    const badPatch = await call("/v1/customers/gdpr-1", { method: "PATCH", headers: server(site), json: { points: 1_000_000 } });
    expect(badPatch.status).toBe(400);

    const exported = await getCustomerExport(site, "gdpr-1");
    expect(exported.profile.traits.firstName).toBe("Layla");
    expect(exported.events.map((e) => (e.type === "search" ? e.query : null))).toContain("candles");
    expect(exported.orders.map((o) => o.id)).toEqual(["gdpr-o1"]);
    expect(exported.ledger).toEqual([expect.objectContaining({ source: "order:gdpr-o1", points: 20 })]);
    expect(exported.index).toMatchObject({ customerId: "gdpr-1", orders: 1 });

    const del = await call("/v1/customers/gdpr-1", { method: "DELETE", headers: server(site) });
    expect(del.status).toBe(200);
    expect(await del.json()).toEqual({ deleted: true, visitorsErased: 1 });
    expect((await call("/v1/customers/gdpr-1", { headers: server(site) })).status).toBe(404);
    expect((await call("/v1/customers/gdpr-1/export", { headers: server(site) })).status).toBe(404);
    expect((await call("/v1/customers/gdpr-1", { method: "DELETE", headers: server(site) })).status).toBe(404);
    const members = await json<SegmentPage>(await call("/v1/segments/first_purchase/customers", { headers: server(site) }));
    expect(members.customers.map((c) => c.customerId)).not.toContain("gdpr-1");

    // Look inside the storage of both objects: nothing is left.
    for (const name of [`site:${site.siteId}:customer:gdpr-1`, `site:${site.siteId}:visitor:${visitor}`]) {
      const stub = env.PROFILE.get(env.PROFILE.idFromName(name));
      const rows = await runInDurableObject(stub, (_o, state) =>
        ["profile", "events", "orders", "ledger"].reduce((n, t) => n + Number(state.storage.sql.exec(`SELECT count(*) AS n FROM ${t}`).one().n), 0),
      );
      expect(rows, name).toBe(0);
    }
  });

  it("lists lifecycle segments with a stable cursor", async () => {
    for (let i = 0; i < 5; i++) await call("/v1/orders", { method: "POST", headers: server(site), json: order(`seg-o${i}`, `seg-${i}`, 10) });
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Response = await call(`/v1/segments/first_purchase/customers?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { headers: server(site) });
      expect(res.status).toBe(200);
      const page = (await res.json()) as { customers: { customerId: string; stage: string }[]; nextCursor: string | null };
      expect(page.customers.length).toBeLessThanOrEqual(2);
      ids.push(...page.customers.map((c) => c.customerId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids.filter((id) => id.startsWith("seg-"))).toEqual(["seg-0", "seg-1", "seg-2", "seg-3", "seg-4"]);
    expect((await call("/v1/segments/whales/customers", { headers: server(site) })).status).toBe(404);
    expect((await call("/v1/segments/first_purchase/customers?limit=0", { headers: server(site) })).status).toBe(400);
  });

  it("site config round-trips and is validated", async () => {
    const current = await getSiteConfig(site);
    expect(current).toMatchObject({ name: "Shop people", visitIdleMinutes: 30, currency: "USD" });
    const next = { ...current, visitIdleMinutes: 45, widget: { theme: { "--revisit-accent": "#0a7" } } };
    const put = await call("/v1/site/config", { method: "PUT", headers: server(site), json: next });
    expect(put.status).toBe(200);
    expect((await getSiteConfig(site)).widget.theme).toEqual({ "--revisit-accent": "#0a7" });
    const bad = await call("/v1/site/config", { method: "PUT", headers: server(site), json: { ...current, widget: { theme: { color: "red;}</style>" } } } });
    expect(bad.status).toBe(400);
    expect((await getSiteConfig(site)).visitIdleMinutes).toBe(45);
  });

  it("If-Match refuses to overwrite a configuration changed since it was read", async () => {
    const read = await call("/v1/site/config", { headers: server(site) });
    const etag = read.headers.get("ETag");
    expect(etag).toMatch(/^"[a-z0-9]+-[a-z0-9]+"$/);
    const current = (await read.json()) as SiteConfig;
    // Tab A saves with the version it read; the answer carries the new version.
    const a = await call("/v1/site/config", { method: "PUT", headers: { ...server(site), "If-Match": etag as string }, json: { ...current, visitIdleMinutes: 20 } });
    expect(a.status).toBe(200);
    expect(a.headers.get("ETag")).not.toBe(etag);
    // Tab B still holds the old version: refused, and A's change stays.
    const b = await call("/v1/site/config", { method: "PUT", headers: { ...server(site), "If-Match": etag as string }, json: { ...current, lapsedAfterDays: 10 } });
    expect(b.status).toBe(412);
    expect(((await b.json()) as ApiError).error.code).toBe("precondition_failed");
    expect(await getSiteConfig(site)).toMatchObject({ visitIdleMinutes: 20, lapsedAfterDays: current.lapsedAfterDays });
    // With the version A's answer gave, B's retry goes through; without If-Match, last write wins as before.
    const retry = await call("/v1/site/config", {
      method: "PUT",
      headers: { ...server(site), "If-Match": a.headers.get("ETag") as string },
      json: { ...current, visitIdleMinutes: 20, lapsedAfterDays: 10 },
    });
    expect(retry.status).toBe(200);
    expect((await call("/v1/site/config", { method: "PUT", headers: server(site), json: { ...current, visitIdleMinutes: 30 } })).status).toBe(200);
  });
});

describe("Shopify orders webhook", () => {
  const payload = {
    id: 820982911946154500,
    email: "jon@example.com",
    created_at: new Date().toISOString(),
    currency: "USD",
    total_price: "199.65",
    financial_status: "paid",
    cancelled_at: null,
    customer: { id: 115310627314723950 },
    line_items: [{ product_id: 632910392, variant_id: 808950810, quantity: 1, price: "199.00" }],
  };
  const sign = async (secret: string, body: string) => {
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body)))));
  };

  it("verifies the signature before crediting, and credits once", async () => {
    const body = JSON.stringify(payload);
    const forged = await call(`/v1/integrations/shopify/orders?site=${site.siteId}`, {
      method: "POST",
      headers: { "X-Shopify-Hmac-Sha256": await sign("wrong-secret", body), "Content-Type": "application/json" },
      body,
    });
    expect(forged.status).toBe(401);
    const headers = { "X-Shopify-Hmac-Sha256": await sign(site.shopifySecret, body), "Content-Type": "application/json" };
    const first = await call(`/v1/integrations/shopify/orders?site=${site.siteId}`, { method: "POST", headers, body });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ result: "created", orderId: `shopify-${payload.id}` });
    const again = await call(`/v1/integrations/shopify/orders?site=${site.siteId}`, { method: "POST", headers, body });
    expect((await json<ShopifyAnswer>(again)).result).toBe("duplicate");
    const profile = await getCustomer(site, `${payload.customer.id}`);
    expect(profile.loyalty.points).toBe(199);
  });
});

describe("OpenAPI", () => {
  it("describes every contract route as OpenAPI 3.1", async () => {
    const doc = (await (await call("/openapi.json")).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe("3.1.0");
    const routes = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(routes).toEqual(
      expect.arrayContaining([
        "GET /v1/experience",
        "POST /v1/events",
        "POST /v1/identify",
        "POST /v1/surveys/{surveyId}/responses",
        "PUT /v1/catalog/products",
        "POST /v1/orders",
        "GET /v1/customers/{customerId}",
        "PATCH /v1/customers/{customerId}",
        "GET /v1/customers/{customerId}/export",
        "DELETE /v1/customers/{customerId}",
        "GET /v1/segments/{segment}/customers",
        "GET /v1/site/config",
        "PUT /v1/site/config",
        "POST /v1/integrations/shopify/orders",
        "POST /v1/admin/sites",
        "POST /v1/admin/sites/{siteId}/keys/rotate",
      ]),
    );
    const docs = await call("/docs");
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain("/openapi.json");
  });
});
