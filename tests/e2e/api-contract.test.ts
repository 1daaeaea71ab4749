import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import createClient, { type Middleware } from "openapi-fetch";
import { beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { paths } from "../fixtures/revisit-api";

/**
 * The document against the real stack (`npm start`'s wrangler dev and demo seed): real answers of
 * the demo shop, fetched with a client typed from the document (openapi-typescript types checked in
 * at tests/fixtures/revisit-api.d.ts, openapi-fetch), are each checked against the live
 * `/openapi.json` — the status must be documented and the JSON body must match its schema. This is
 * what a validating proxy (Prism `proxy --errors`) would do, without its ~200 packages; a Prism
 * proxy refused `GET /v1/site/config` while URL patterns were published as `…/i`.
 * The whole suite's traffic also goes through such a proxy (scripts/lib/contract-proxy.mjs, started
 * by the global setup: `api` is its address); the last test checks that it saw and agreed with these calls.
 */
const api = inject("apiUrl");
const shop = inject("shopUrl");
const SECRET = { Authorization: "Bearer sk_test_demo" };
const VISITOR = { "X-Revisit-Key": "pk_test_demo", "X-Revisit-Visitor": "contract0visitor0000001", Origin: shop };

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };
type ContractRecord = { checked: number; operations: Record<string, Record<string, number>>; problems: { count: number }[] };
/** The validating proxy's record so far (all files' traffic): answers checked, problems found. */
const proxyRecord = async () => (await (await fetch(`${api}/__contract`)).json()) as ContractRecord;
const problemCount = (r: ContractRecord) => r.problems.reduce((n, p) => n + p.count, 0);
let before: ContractRecord;
let doc: Doc;
let ajv: Ajv2020;
/** Every checked answer, so the test can say which operations the traffic covered. */
const seen: string[] = [];
const problems: string[] = [];

/** `{ "/v1/customers/{customerId}" }` → `~1v1~1customers~1{customerId}` (a JSON pointer token). */
const token = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

/** Checks one answer against the document: a documented status, and a body its schema accepts. */
async function check(method: string, template: string, res: Response): Promise<void> {
  const key = `${method} ${template} → ${res.status}`;
  seen.push(key);
  const op = doc.paths[template]?.[method.toLowerCase()];
  if (!op) return void problems.push(`${key}: not in the document`);
  const status = String(res.status);
  const documented = op.responses[status] ?? op.responses.default;
  if (!documented) return void problems.push(`${key}: status not documented (documented: ${Object.keys(op.responses).join(", ")})`);
  const type = res.headers.get("Content-Type") ?? "";
  if (!type.startsWith("application/json")) return;
  if (!documented.content?.["application/json"]) return void problems.push(`${key}: JSON answer, but no JSON documented`);
  const ref = `openapi.json#/paths/${token(template)}/${method.toLowerCase()}/responses/${op.responses[status] ? status : "default"}/content/application~1json/schema`;
  const validate = ajv.getSchema(ref);
  if (!validate) return void problems.push(`${key}: no schema at ${ref}`);
  const body = await res.clone().json();
  if (!validate(body)) problems.push(`${key}: ${ajv.errorsText(validate.errors, { dataVar: "body" })}`);
}

/** openapi-fetch hands each answer over with its path template: every call is checked. */
const validating: Middleware = {
  async onResponse({ request, response, schemaPath }) {
    await check(request.method, schemaPath, response);
  },
};
const server = createClient<paths>({ baseUrl: api, headers: SECRET });
const visitor = createClient<paths>({ baseUrl: api, headers: VISITOR });
const anonymous = createClient<paths>({ baseUrl: api });

beforeAll(async () => {
  doc = (await (await fetch(`${api}/openapi.json`)).json()) as Doc;
  // OpenAPI 3.1 schemas are JSON Schema 2020-12; the document is registered whole so `$ref`s
  // to #/components/schemas resolve. Not strict: OpenAPI adds keywords (example, discriminator).
  ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(doc, "openapi.json");
  for (const c of [server, visitor, anonymous]) c.use(validating);
  before = await proxyRecord();
});
beforeEach(() => {
  problems.length = 0;
});

describe("real answers of the demo shop match /openapi.json", () => {
  it("server routes with the secret key", async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const range = { from: day(-60), to: day(0) };
    const config = await server.GET("/v1/site/config");
    expect(config.response.status).toBe(200);
    expect(config.data?.currency).toBe("USD");
    const list = await server.GET("/v1/customers", { params: { query: { limit: 5 } } });
    expect(list.data?.customers.length).toBeGreaterThan(0);
    const sara = await server.GET("/v1/customers/{customerId}", { params: { path: { customerId: "cust-1001" } } });
    expect(sara.response.status).toBe(200);
    await server.GET("/v1/customers/{customerId}/export", { params: { path: { customerId: "cust-1001" } } });
    await server.GET("/v1/segments");
    await server.GET("/v1/segments/history", { params: { query: range } });
    await server.GET("/v1/webhooks/deliveries");
    await server.GET("/v1/webhooks/dead-letters");
    await server.GET("/v1/insights/summary", { params: { query: range } });
    await server.GET("/v1/insights/loyalty", { params: { query: range } });
    await server.GET("/v1/staff");
    await server.GET("/v1/audit");
    expect(problems).toEqual([]);
  });

  it("visitor routes with the publishable key, as the widget calls them", async () => {
    const events = await visitor.POST("/v1/events", { body: { events: [{ id: "contract-ev-0001", type: "page_view", url: `${shop}/` }] } });
    expect(events.response.ok).toBe(true);
    const exp = await visitor.GET("/v1/experience");
    expect(exp.response.status).toBe(200);
    expect(problems).toEqual([]);
  });

  it("refusals are documented errors too", async () => {
    const missing = await server.GET("/v1/customers/{customerId}", { params: { path: { customerId: "nobody-at-all" } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.error.code).toBe("not_found");
    const bad = await server.GET("/v1/customers", { params: { query: { limit: -1 } } });
    expect(bad.response.status).toBe(400);
    const noKey = await anonymous.GET("/v1/site/config");
    expect(noKey.response.status).toBe(401);
    expect(problems).toEqual([]);
  });

  it("covered the calls above", () => {
    expect(seen.length).toBeGreaterThanOrEqual(17);
    expect(seen).toContain("GET /v1/site/config → 200");
  });

  it("went through the suite's validating proxy, which agreed", async () => {
    const after = await proxyRecord();
    expect(after.checked - before.checked).toBeGreaterThanOrEqual(seen.length);
    expect(after.operations["GET /v1/customers/{customerId}"]?.["404"]).toBeGreaterThanOrEqual(1);
    expect(problemCount(after)).toBe(problemCount(before));
  });
});
