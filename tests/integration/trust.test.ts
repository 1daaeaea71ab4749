import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN, call, createSite, hmacHex, ORIGIN, server, visitorHeaders, type TestSite } from "./helpers";

let a: TestSite;
let b: TestSite;

beforeAll(async () => {
  a = await createSite("trust-a");
  b = await createSite("trust-b");
  const order = { id: "b-order-1", customerId: "shared-id", items: [{ productId: "x", quantity: 1, price: 5 }], total: 5, currency: "USD", createdAt: new Date().toISOString() };
  expect((await call("/v1/orders", { method: "POST", headers: server(b), json: order })).status).toBe(201);
});

const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe("keys and tenancy", () => {
  it("a publishable key cannot call a server route", async () => {
    const res = await call("/v1/customers/shared-id", { headers: { Authorization: `Bearer ${b.publishableKey}` } });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe("forbidden");
  });

  it("a secret key cannot call a visitor route", async () => {
    const res = await call("/v1/experience", { headers: { "X-Revisit-Key": b.secretKey, "X-Revisit-Visitor": "x".repeat(20) } });
    expect(res.status).toBe(403);
  });

  it("site A's secret key cannot read site B's customer", async () => {
    expect((await call("/v1/customers/shared-id", { headers: server(b) })).status).toBe(200);
    const res = await call("/v1/customers/shared-id", { headers: server(a) });
    expect(res.status).toBe(404);
    expect(JSON.stringify(await res.json())).not.toContain("b-order-1");
  });

  it("a customer hash made with another site's secret does not verify", async () => {
    const hash = await hmacHex(b.identitySecret, "shared-id");
    const res = await call("/v1/experience", { headers: visitorHeaders(a, "tenant-visitor-001", { "X-Revisit-Customer": "shared-id", "X-Revisit-Customer-Hash": hash }) });
    expect(res.status).toBe(401);
  });

  it("missing, unknown and malformed credentials are 401 with the error shape", async () => {
    for (const headers of [{}, { Authorization: "Bearer sk_nope_123456789" }, { Authorization: "Basic abc" }] as Record<string, string>[]) {
      const res = await call("/v1/site/config", { headers });
      expect(res.status).toBe(401);
      expect(await errorOf(res)).toMatchObject({ code: "unauthorized", message: expect.any(String) });
    }
  });

  it("admin routes need the admin token", async () => {
    const res = await call("/v1/admin/sites", { method: "POST", headers: { Authorization: `Bearer ${a.secretKey}` }, json: { name: "x", allowedOrigins: [] } });
    expect(res.status).toBe(401);
    const dup = await call("/v1/admin/sites", { method: "POST", headers: { Authorization: `Bearer ${ADMIN}` }, json: { id: "trust-a", name: "again", allowedOrigins: [] } });
    expect(dup.status).toBe(409);
  });

  it("rotated keys: new ones work at once, old ones keep working during the grace period", async () => {
    const site = await createSite("trust-rotate");
    const res = await call(`/v1/admin/sites/trust-rotate/keys/rotate`, { method: "POST", headers: { Authorization: `Bearer ${ADMIN}` }, json: { graceSeconds: 3600 } });
    expect(res.status).toBe(200);
    const fresh = (await res.json()) as { secretKey: string; publishableKey: string };
    expect(fresh.secretKey).not.toBe(site.secretKey);
    expect((await call("/v1/site/config", { headers: { Authorization: `Bearer ${fresh.secretKey}` } })).status).toBe(200);
    expect((await call("/v1/site/config", { headers: server(site) })).status).toBe(200);
  });
});

describe("origins and CORS", () => {
  it("allows the site's origin, refuses others, and answers preflights", async () => {
    const ok = await call("/v1/experience", { headers: visitorHeaders(a, "cors-visitor-00001") });
    expect(ok.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    const evil = await call("/v1/experience", { headers: { ...visitorHeaders(a, "cors-visitor-00001"), Origin: "https://evil.example" } });
    expect(evil.status).toBe(403);
    expect((await errorOf(evil)).code).toBe("origin_not_allowed");
    expect(evil.headers.get("Access-Control-Allow-Origin")).toBeNull();
    const pre = await call("/v1/events", { method: "OPTIONS", headers: { Origin: ORIGIN, "Access-Control-Request-Method": "POST" } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("Access-Control-Allow-Headers")).toContain("X-Revisit-Visitor");
  });

  it("rejects a malformed visitor id", async () => {
    const res = await call("/v1/experience", { headers: visitorHeaders(a, "short") });
    expect(res.status).toBe(400);
  });
});

describe("bad input", () => {
  it("malformed JSON is a 400 JSON error and stores nothing", async () => {
    const res = await call("/v1/events", { method: "POST", headers: { ...visitorHeaders(a, "bad-json-visitor-01"), "Content-Type": "application/json" }, body: '{"events": [' });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe("malformed_json");
    const x = (await (await call("/v1/experience", { headers: visitorHeaders(a, "bad-json-visitor-01") })).json()) as { savedCart: unknown };
    expect(x.savedCart).toBeNull();
  });

  it("a body that breaks the schema is a 400 with the zod issues", async () => {
    const res = await call("/v1/orders", { method: "POST", headers: server(a), json: { id: "o", customerId: "c", items: [], total: -1, currency: "usd", createdAt: "yesterday" } });
    expect(res.status).toBe(400);
    const err = (await res.json()) as { error: { code: string; details: { path: string[] }[] } };
    expect(err.error.code).toBe("invalid_request");
    expect(err.error.details.map((d) => d.path.join("."))).toEqual(expect.arrayContaining(["items", "total", "currency", "createdAt"]));
  });

  it("an oversize body is a 413 JSON error", async () => {
    const big = { events: [{ id: "big-event-0001", type: "search", query: "x" }], pad: "y".repeat(70_000) };
    const res = await call("/v1/events", { method: "POST", headers: visitorHeaders(a, "big-body-visitor-1"), json: big });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe("payload_too_large");
  });

  it("unknown routes are 404 JSON", async () => {
    const res = await call("/v1/nothing-here");
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe("not_found");
  });
});

describe("consent withdrawal", () => {
  it("DELETE /v1/visitor erases the anonymous profile", async () => {
    const v = "consent-visitor-0001";
    await call("/v1/events", { method: "POST", headers: visitorHeaders(a, v), json: { events: [{ id: "consent-cart-1", type: "cart", items: [{ productId: "x", quantity: 1 }] }] } });
    await call("/v1/experience", { headers: visitorHeaders(a, v) });
    const del = await call("/v1/visitor", { method: "DELETE", headers: visitorHeaders(a, v) });
    expect(del.status).toBe(200);
    expect(await del.json()).toEqual({ erased: true });
    const x = (await (await call("/v1/experience", { headers: visitorHeaders(a, v) })).json()) as { visitor: { visits: number }; savedCart: unknown };
    expect(x.visitor.visits).toBe(1);
    expect(x.savedCart).toBeNull();
  });
});
