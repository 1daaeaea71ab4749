import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { operations, type OpenApiDoc, type Operation } from "../fuzz/openapi";
import { requestArbitrary, type FuzzContext } from "../fuzz/requests";
import type { JsonSchema } from "../fuzz/schema-arbitrary";
import { ADMIN, call, createSite, hmacHex, ORIGIN, server, type TestSite } from "./helpers";

/**
 * Private answers are never cached (issue: Cache-Control). Every authenticated /v1 operation in
 * /openapi.json (secret key, visitor and admin) answers with `Cache-Control: no-store`, whether it
 * succeeds or refuses, so no shared cache or browser back button keeps profiles, keys or codes.
 * Rows come from the document: a new route joins by declaring its `security`.
 */
const doc = (await (await call("/openapi.json")).json()) as OpenApiDoc;
const authenticated = operations(doc).filter((op) => op.security.length > 0);
const components = (doc.components?.schemas ?? {}) as Record<string, JsonSchema>;

const CUSTOMER = "nostore-cust-1";
const VISITOR = "nostore-visitor-000001";
let site: TestSite;
/** A second site whose keys the admin routes may rotate (the test site keeps working). */
let spare: TestSite;

beforeAll(async () => {
  site = await createSite("nostore-a");
  spare = await createSite("nostore-b");
  const order = { id: "nostore-order-1", customerId: CUSTOMER, items: [{ productId: "p-1", quantity: 1, price: 10 }], total: 10, currency: "USD", createdAt: new Date().toISOString() };
  expect((await call("/v1/orders", { method: "POST", headers: server(site), json: order })).status).toBe(201);
}, 60_000);

function ctx(hash: string): FuzzContext {
  return {
    origin: ORIGIN,
    publishableKey: site.publishableKey,
    secretKey: site.secretKey,
    adminToken: ADMIN,
    visitors: [VISITOR],
    customerHashes: { [CUSTOMER]: hash },
    opts: {
      components,
      maxSize: 8,
      onlyHints: true,
      hints: {
        customerId: fc.constant(CUSTOMER),
        segment: fc.constant("first_purchase"),
        siteId: fc.constant(spare.siteId),
        id: fc.constant("nostore-new-site"),
        allowedOrigins: fc.constant([ORIGIN]),
      },
    },
  };
}

/** The operation's schema-valid sample request, sent with its own credentials or none. */
async function send(op: Operation, credentials: "own" | "none" | "publishable key as bearer"): Promise<Response> {
  const hash = await hmacHex(site.identitySecret, CUSTOMER);
  const [req] = fc.sample(
    requestArbitrary(op, ctx(hash)).filter((r) => r.mode === "valid"),
    { numRuns: 1, seed: 11 },
  );
  const headers = new Headers(credentials === "own" ? req!.headers : { ...(req!.body === undefined ? {} : { "Content-Type": "application/json" }) });
  if (credentials === "publishable key as bearer") headers.set("Authorization", `Bearer ${site.publishableKey}`);
  const qs = req!.query.length ? `?${new URLSearchParams(req!.query).toString()}` : "";
  return call(`${req!.path}${qs}`, { method: req!.method, headers, ...(req!.body !== undefined && req!.method !== "GET" ? { body: req!.body } : {}) });
}

describe("Cache-Control: no-store on every authenticated response", () => {
  it("the document has authenticated operations of every kind", () => {
    const kinds = new Set(authenticated.flatMap((op) => op.security));
    expect([...kinds]).toEqual(expect.arrayContaining(["publishableKey", "secretKey", "adminToken"]));
  });

  const cases = authenticated.flatMap((op) => (["own", "none", "publishable key as bearer"] as const).map((c) => [op.key, c, op] as const));
  it.each(cases)("%s with %s credentials", async (_key, c, op) => {
    const res = await send(op, c);
    const text = await res.text();
    expect(res.status, text).toBeLessThan(500);
    if (c === "none") expect(res.status, text).toBe(401);
    expect(res.headers.get("Cache-Control"), `${op.key} → ${res.status} ${text.slice(0, 200)}`).toBe("no-store");
  });

  it("covers the private reads named in the issue, refusals and unknown /v1 paths", async () => {
    const reads: [string, RequestInit][] = [
      [`/v1/customers/${CUSTOMER}`, { headers: server(site) }],
      [`/v1/customers/${CUSTOMER}/export`, { headers: server(site) }],
      ["/v1/site/config", { headers: server(site) }],
      ["/v1/segments/first_purchase/customers", { headers: server(site) }],
      ["/v1/webhooks/deliveries", { headers: server(site) }],
      ["/v1/customers/nobody-at-all", { headers: server(site) }],
      ["/v1/customers/x", { headers: { Authorization: "Bearer sk_wrong" } }],
      ["/v1/no-such-route", { headers: server(site) }],
      ["/v1/orders", { method: "POST", headers: { ...server(site), "Content-Type": "application/json" }, body: JSON.stringify({ pad: "x".repeat(70_000) }) }],
    ];
    for (const [path, init] of reads) {
      const res = await call(path, init);
      expect(`${path} ${res.status} ${res.headers.get("Cache-Control")}`).toBe(`${path} ${res.status} no-store`);
    }
  });
});
