import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { contractViolations, operations, type OpenApiDoc, type Operation } from "../fuzz/openapi";
import { requestArbitrary, type FuzzContext, type FuzzRequest } from "../fuzz/requests";
import type { JsonSchema } from "../fuzz/schema-arbitrary";
import { changesSince, settle, type Watch } from "../fuzz/storage-probe";
import { ADMIN, call, createSite, expiringHash, hmacHex, ORIGIN, server, type TestSite } from "./helpers";

/**
 * Authorization matrix (issue 6): every /v1 operation in /openapi.json × every credential case
 * gives the status its security class calls for, and no response carries another shopper's or
 * another site's data. Rows come from the document, so new routes join the matrix by
 * declaring their `security`.
 */
const doc = (await (await call("/openapi.json")).json()) as OpenApiDoc;
const ops = operations(doc);
const components = (doc.components?.schemas ?? {}) as Record<string, JsonSchema>;

type Case = "no key" | "own credentials" | "publishable key" | "secret key of another site" | "forged customer hash" | "expired customer hash" | "disallowed origin" | "admin token";
const CASES: Case[] = ["no key", "own credentials", "publishable key", "secret key of another site", "forged customer hash", "expired customer hash", "disallowed origin", "admin token"];

type Class = "visitor" | "server" | "admin" | "signed webhook";
function classOf(op: Operation): Class {
  if (op.security.includes("publishableKey")) return "visitor";
  if (op.security.includes("secretKey")) return "server";
  if (op.security.includes("adminToken")) return "admin";
  return "signed webhook";
}

/**
 * Expected outcome per class and case: a status, or "ok" (authorized: anything but 401/403;
 * the operation may still say 400/404 about the sample input), "anonymous" (the publishable key
 * without a customer identity: authorized, or 403 `forbidden` where a route needs a verified
 * customer, e.g. redeeming points), or "tenant" (another site's valid
 * key: authorized for *that* site only, so site A's data must be neither returned nor changed).
 */
const EXPECT: Record<Class, Record<Case, number | "ok" | "tenant" | "anonymous">> = {
  visitor: {
    "no key": 401,
    "own credentials": "ok",
    "publishable key": "anonymous",
    "secret key of another site": 403,
    "forged customer hash": 401,
    "expired customer hash": 401,
    "disallowed origin": 403,
    "admin token": 401,
  },
  server: {
    "no key": 401,
    "own credentials": "ok",
    "publishable key": 403,
    "secret key of another site": "tenant",
    "forged customer hash": 401,
    "expired customer hash": 401,
    "disallowed origin": "ok",
    "admin token": 401,
  },
  admin: {
    "no key": 401,
    "own credentials": "ok",
    "publishable key": 401,
    "secret key of another site": 401,
    "forged customer hash": 401,
    "expired customer hash": 401,
    "disallowed origin": "ok",
    "admin token": "ok",
  },
  "signed webhook": {
    "no key": 401,
    "own credentials": "ok",
    "publishable key": 401,
    "secret key of another site": 401,
    "forged customer hash": 401,
    "expired customer hash": 401,
    "disallowed origin": 401,
    "admin token": 401,
  },
};

let a: TestSite;
let b: TestSite;
const CUSTOMER = "matrix-cust-1";
const VISITOR_A = "matrix-visitor-a-0001";
/** Strings that must never appear in a response made with the wrong credentials. */
let canariesA: string[];
let canariesB: string[];

async function seed(site: TestSite, tag: string) {
  const order = {
    id: `${tag}-order-1`,
    customerId: CUSTOMER,
    email: `${tag}-canary@shop.example`,
    items: [{ productId: `${tag}-prod`, quantity: 1, price: 42 }],
    total: 42,
    currency: "USD",
    createdAt: new Date().toISOString(),
  };
  expect((await call("/v1/orders", { method: "POST", headers: server(site), json: order })).status).toBe(201);
  expect((await call(`/v1/customers/${CUSTOMER}`, { method: "PATCH", headers: server(site), json: { firstName: `${tag}CanaryName` } })).status).toBe(200);
}

beforeAll(async () => {
  a = await createSite("matrix-a", {
    surveys: [
      {
        id: "quiz",
        questions: [
          {
            id: "skin",
            type: "single",
            prompt: { en: "Skin?" },
            options: [
              { id: "oily", label: { en: "Oily" } },
              { id: "dry", label: { en: "Dry" } },
            ],
          },
        ],
      },
    ],
  });
  b = await createSite("matrix-b");
  await seed(a, "sitea");
  await seed(b, "siteb");
  canariesA = ["sitea-canary@shop.example", "siteaCanaryName", "sitea-order-1", a.secretKey, a.identitySecret, a.shopifySecret];
  canariesB = ["siteb-canary@shop.example", "sitebCanaryName", "siteb-order-1", b.secretKey, b.identitySecret, b.shopifySecret];
}, 60_000);

function ctxFor(site: TestSite, hashes: Record<string, string>): FuzzContext {
  return {
    origin: ORIGIN,
    publishableKey: site.publishableKey,
    secretKey: site.secretKey,
    adminToken: ADMIN,
    visitors: [VISITOR_A],
    customerHashes: hashes,
    opts: {
      components,
      maxSize: 12,
      onlyHints: true,
      hints: {
        customerId: fc.constant(CUSTOMER),
        surveyId: fc.constant("quiz"),
        questionId: fc.constant("skin"),
        answers: fc.constant(["oily"]),
        segment: fc.constant("first_purchase"),
        siteId: fc.constant(site.siteId),
        site: fc.constant(site.siteId),
        id: fc.constant("matrix-new-site"),
        allowedOrigins: fc.constant([ORIGIN]),
      },
    },
  };
}

/** The operation's sample request with the headers of one credential case. */
async function requestFor(op: Operation, c: Case): Promise<{ req: FuzzRequest; headers: Headers }> {
  const hashes = { [CUSTOMER]: await hmacHex(a.identitySecret, CUSTOMER) };
  const [sample] = fc.sample(
    requestArbitrary(op, ctxFor(a, hashes)).filter((r) => r.mode === "valid"),
    { numRuns: 1, seed: 7 },
  );
  const req = { ...sample!, headers: {} as Record<string, string> };
  // A signed webhook's body is verified before it is parsed; its shape is not in the document.
  if (classOf(op) === "signed webhook" && req.body === undefined) req.body = "{}";
  // Rotating keys changes the credentials every later row uses: the old keys keep working for the
  // longest grace period, so the rest of the matrix (and this row's other cases) still holds them.
  if (op.key === "POST /v1/site/keys/rotate") req.body = JSON.stringify({ graceHours: 168 });
  const h = new Headers();
  if (req.body !== undefined) h.set("Content-Type", "application/json");
  const cls = classOf(op);
  const own = () => {
    if (cls === "visitor") {
      h.set("X-Revisit-Key", a.publishableKey);
      h.set("X-Revisit-Visitor", VISITOR_A);
      h.set("Origin", ORIGIN);
    } else if (cls === "server") h.set("Authorization", `Bearer ${a.secretKey}`);
    else if (cls === "admin") h.set("Authorization", `Bearer ${ADMIN}`);
  };
  const exp = Math.floor(Date.now() / 1000) - 3600;
  switch (c) {
    case "no key":
      break;
    case "own credentials":
      own();
      if (cls === "visitor") {
        h.set("X-Revisit-Customer", CUSTOMER);
        h.set("X-Revisit-Customer-Hash", hashes[CUSTOMER]!);
      }
      if (cls === "signed webhook" && req.body !== undefined) h.set("X-Shopify-Hmac-Sha256", await shopifySig(a.shopifySecret, req.body));
      break;
    case "publishable key":
      if (cls === "visitor") own();
      else h.set("Authorization", `Bearer ${a.publishableKey}`);
      break;
    case "secret key of another site":
      if (cls === "visitor") {
        own();
        h.set("X-Revisit-Key", b.secretKey);
      } else if (cls === "signed webhook" && req.body !== undefined) h.set("X-Shopify-Hmac-Sha256", await shopifySig(b.shopifySecret, req.body));
      else h.set("Authorization", `Bearer ${b.secretKey}`);
      break;
    case "forged customer hash":
      own();
      h.set("X-Revisit-Customer", CUSTOMER);
      h.set("X-Revisit-Customer-Hash", await hmacHex(b.identitySecret, CUSTOMER));
      if (cls !== "visitor") h.delete("Authorization");
      break;
    case "expired customer hash":
      own();
      h.set("X-Revisit-Customer", CUSTOMER);
      h.set("X-Revisit-Customer-Expires", String(exp));
      h.set("X-Revisit-Customer-Hash", await expiringHash(a.identitySecret, CUSTOMER, exp));
      if (cls !== "visitor") h.delete("Authorization");
      break;
    case "disallowed origin":
      own();
      h.set("Origin", "https://evil.example");
      break;
    case "admin token":
      h.set("Authorization", `Bearer ${ADMIN}`);
      break;
  }
  if (cls === "signed webhook" && c !== "own credentials" && c !== "secret key of another site") h.delete("X-Shopify-Hmac-Sha256");
  return { req, headers: h };
}

async function shopifySig(secret: string, body: string | Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  return btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.sign("HMAC", key, bytes))));
}

const rows: string[] = [];

describe.each(ops.map((op) => [op.key, op] as const))("%s", (_key, op) => {
  it.each(CASES)("× %s", async (c) => {
    const cls = classOf(op);
    const expected = EXPECT[cls][c];
    const { req, headers } = await requestFor(op, c);
    const watch: Watch = { sites: [a.siteId], profiles: [`site:${a.siteId}:customer:${CUSTOMER}`, `site:${a.siteId}:visitor:${VISITOR_A}`] };
    const before = expected === "ok" ? null : await settle(watch);
    const qs = req.query.length ? `?${new URLSearchParams(req.query).toString()}` : "";
    const res = await call(`${req.path}${qs}`, { method: req.method, headers, ...(req.body !== undefined && req.method !== "GET" ? { body: req.body } : {}) });
    const { violations, body } = await contractViolations(op, res);
    const text = JSON.stringify(body);
    rows.push(`${op.key.padEnd(45)} ${c.padEnd(28)} ${res.status}`);
    expect(violations, text).toEqual([]);
    if (typeof expected === "number") expect(res.status, text).toBe(expected);
    else if (expected === "anonymous" && res.status === 403) expect((body as { error: { code: string } }).error.code, text).toBe("forbidden");
    else expect([401, 403], text).not.toContain(res.status);
    // Site B's data only to site B's own key (the "tenant" case); site A's only with A's credentials.
    if (expected !== "tenant") for (const canary of canariesB) expect(text).not.toContain(canary);
    if (expected !== "ok" && expected !== "anonymous") {
      for (const canary of canariesA) expect(text).not.toContain(canary);
      expect(await changesSince(before!, watch), `${op.key} with ${c} changed site A`).toEqual([]);
    } else if (expected === "anonymous") {
      // An anonymous visitor of site A never sees the customer's data either.
      for (const canary of canariesA) expect(text).not.toContain(canary);
    }
  });
});

it("prints the matrix", () => {
  console.log(`authorization matrix (operation × credentials → status):\n${rows.join("\n")}`);
  expect(rows.length).toBe(ops.length * CASES.length);
});
