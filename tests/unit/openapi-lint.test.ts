import { createConfig, lintFromString } from "@redocly/openapi-core";
import openapiTS, { astToString } from "openapi-typescript";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { caseless } from "../../worker/platform/regex";

// The Worker's Durable Object classes extend `cloudflare:workers`; building the document in Node
// needs only the routes, so the runtime module is a stand-in here.
vi.mock("cloudflare:workers", () => ({ DurableObject: class {} }));

/**
 * The OpenAPI document (`GET /openapi.json`) is what shops generate clients from and what gateways
 * and validating proxies check traffic against: it must lint clean (Redocly's recommended rules),
 * name every operation, say how each is authenticated, and publish patterns a JSON Schema
 * validator can run. Built in Node from the real router, on a public-looking origin (the
 * recommended rules flag a localhost server).
 */
type Operation = { operationId?: string; security?: unknown[] };
type Doc = { info: { license?: { name: string } }; paths: Record<string, Record<string, Operation>>; components?: unknown };
let source = "";
let doc: Doc;
beforeAll(async () => {
  const { default: app } = await import("../../worker/index");
  const res = await app.request("https://api.revisit.dev/openapi.json");
  expect(res.status).toBe(200);
  source = await res.text();
  doc = JSON.parse(source) as Doc;
}, 60_000);

const METHODS = ["get", "put", "post", "patch", "delete"];
const operations = () => Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => ({ key: `${m.toUpperCase()} ${path}`, op: item[m] as Operation })));

describe("the OpenAPI document", () => {
  it("has no problems under Redocly's recommended rules", async () => {
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({ source, absoluteRef: "openapi.json", config });
    const text = problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ""}: ${p.message}`);
    expect(text).toEqual([]);
  });

  it("names every operation once, in camelCase", () => {
    const ids = operations().map(({ key, op }) => [key, op.operationId] as const);
    for (const [key, id] of ids) expect(id, key).toMatch(/^[a-z][A-Za-z0-9]+$/);
    expect(new Set(ids.map(([, id]) => id)).size).toBe(ids.length);
  });

  it("keeps published operation ids (generated clients call methods by these names)", () => {
    const ids = Object.fromEntries(operations().map(({ key, op }) => [key, op.operationId]));
    expect(ids).toMatchObject({
      "GET /v1/experience": "getExperience",
      "POST /v1/events": "recordEvents",
      "POST /v1/identify": "identifyVisitor",
      "GET /v1/customers": "listCustomers",
      "GET /v1/customers/{customerId}": "getCustomer",
      "PATCH /v1/customers/{customerId}": "setCustomerTraits",
      "DELETE /v1/customers/{customerId}": "eraseCustomer",
      "GET /v1/customers/{customerId}/export": "exportCustomer",
      "PUT /v1/catalog/products": "upsertProducts",
      "POST /v1/orders": "recordOrder",
      "POST /v1/orders/{orderId}/refunds": "refundOrder",
      "GET /v1/site/config": "getSiteConfig",
      "PUT /v1/site/config": "replaceSiteConfig",
      "GET /v1/segments": "listSegments",
      "POST /v1/integrations/shopify/orders": "receiveShopifyOrder",
      "POST /v1/admin/sites": "createSite",
      "POST /admin/session": "signInToConsole",
    });
  });

  it("says how every operation is authenticated; only sign-in and signed webhooks are open", () => {
    const open: string[] = [];
    for (const { key, op } of operations()) {
      expect(Array.isArray(op.security), `${key} has no security`).toBe(true);
      if ((op.security as unknown[]).length === 0) open.push(key);
    }
    expect(open.sort()).toEqual(["POST /admin/session", "POST /v1/integrations/shopify/orders"]);
  });

  it("carries the repository's license", () => {
    expect(doc.info.license).toEqual({ name: "MIT", identifier: "MIT" });
  });

  it("publishes only patterns a JSON Schema validator runs as written (ECMA, no /flags)", () => {
    const patterns: [string, string][] = [];
    const walk = (node: unknown, at: string) => {
      if (!node || typeof node !== "object") return;
      for (const [k, v] of Object.entries(node)) {
        if (k === "pattern" && typeof v === "string") patterns.push([at, v]);
        else walk(v, `${at}/${k}`);
      }
    };
    walk(doc, "#");
    expect(patterns.length).toBeGreaterThan(10);
    for (const [at, p] of patterns) {
      expect(p, at).not.toMatch(/\/[dgimsuvy]+$/);
      expect(() => new RegExp(p, "u"), `${at}: ${p}`).not.toThrow();
    }
    // The URL fields that once published "…/i" now accept both cases without a flag.
    const productUrl = patterns.find(([at]) => at.includes("/Product/") && at.endsWith("/url"))?.[1];
    expect(productUrl).toBeDefined();
    expect(new RegExp(productUrl as string, "u").test("HTTPS://shop.example/p/1")).toBe(true);
  });
});

describe("caseless", () => {
  const cases: [RegExp, string[]][] = [
    [/^https?:\/\//i, ["https://a", "HTTP://a", "HtTpS://a", "ftp://a", "https:/a", "javascript:alert(1)"]],
    [
      /^(https:\/\/|http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?(\/|$))/i,
      ["https://x", "HTTP://LOCALHOST:8787/", "http://localhost", "http://example.com", "http://127.0.0.1:1/", "http://localhostx"],
    ],
  ];
  it.each(cases)("matches what %s matches, without the flag", (re, samples) => {
    const folded = caseless(re);
    expect(folded.flags).not.toContain("i");
    for (const s of samples) expect(folded.test(s), s).toBe(re.test(s));
  });

  it("refuses what it cannot fold", () => {
    expect(() => caseless(/^[a-z]+$/i)).toThrow(/both cases/);
    expect(() => caseless(/^\p{L}$/iu)).toThrow(/escape/);
    expect(() => caseless(/^(?<scheme>https?)$/i)).toThrow(/named groups/);
  });
});

describe("the typed client (openapi-typescript)", () => {
  /** Descriptions and examples are left out: the checked-in types change only when the shapes do. */
  const PROSE = new Set(["description", "summary", "example", "examples"]);
  const shapesOnly = (node: unknown, parent = ""): unknown => {
    if (Array.isArray(node)) return node.map((n) => shapesOnly(n));
    if (!node || typeof node !== "object") return node;
    // Under `properties` the keys are field names (a field may be called `description`).
    const entries = Object.entries(node).filter(([k]) => parent === "properties" || !PROSE.has(k));
    return Object.fromEntries(entries.map(([k, v]) => [k, shapesOnly(v, k)]));
  };

  it("types checked in at tests/fixtures/revisit-api.d.ts are current (`npx vitest run --project unit tests/unit/openapi-lint.test.ts -u` refreshes them)", async () => {
    const ast = await openapiTS(shapesOnly(doc) as Parameters<typeof openapiTS>[0]);
    const header = "// Generated from GET /openapi.json by tests/unit/openapi-lint.test.ts (openapi-typescript); do not edit.\n";
    await expect(header + astToString(ast)).toMatchFileSnapshot("../fixtures/revisit-api.d.ts");
  }, 60_000);
});
