import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createSite, server, type TestSite } from "./helpers";

/**
 * Signed Shopify webhooks that Revisit cannot fully use (issue: 500s on valid signatures).
 * Shopify retries every non-2xx and drops failing subscriptions, so a payload whose HMAC verifies
 * gets a 200 with a result and reason, never a 500; odd but usable payloads still earn points.
 */
let site: TestSite;
beforeAll(async () => {
  site = await createSite("shopify-odd", { loyalty: { pointsPerUnit: 1, currencyRates: { EUR: 2 } } });
});

interface Answer {
  result?: string;
  orderId?: string | null;
  reason?: string;
  error?: { code: string; message: string };
}
interface CustomerView {
  loyalty: { points: number; pending: number };
  orders: { count: number; spend: number };
}

async function sign(secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body)))));
}

/** Posts a raw body exactly as given (so large number literals reach the Worker unrounded), signed with the site's secret. */
async function hook(body: string, topic = "orders/paid"): Promise<{ status: number; body: Answer; text: string }> {
  const res = await call(`/v1/integrations/shopify/orders?site=${site.siteId}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Topic": topic, "X-Shopify-Hmac-Sha256": await sign(site.shopifySecret, body) },
    body,
  });
  const text = await res.text();
  let parsed: Answer = {};
  try {
    parsed = JSON.parse(text) as Answer;
  } catch {
    // asserted by the caller
  }
  return { status: res.status, body: parsed, text };
}

async function customer(id: string): Promise<CustomerView | null> {
  const res = await call(`/v1/customers/${encodeURIComponent(id)}`, { headers: server(site) });
  return res.status === 200 ? ((await res.json()) as CustomerView) : null;
}

let n = 0;
/** A paid REST-style order (Shopify's documented shape) with fresh ids, and overrides. */
function order(over: Record<string, unknown> = {}): Record<string, unknown> {
  n += 1;
  return {
    id: 7_100_000 + n,
    email: "odd@mail.example",
    created_at: "2026-03-01T10:00:00-05:00",
    currency: "USD",
    total_price: "40.00",
    financial_status: "paid",
    cancelled_at: null,
    customer: { id: 8_100_000 + n },
    line_items: [{ product_id: 632910392, variant_id: 39072856, quantity: 2, price: "20.00" }],
    ...over,
  };
}

type Case = [name: string, body: () => string, result: string, customerId: string | null, points: number | null];

const cases: Case[] = [
  ["GraphQL customer id", () => JSON.stringify(order({ customer: { id: "gid://shopify/Customer/5001" } })), "created", "5001", 40],
  ["customer only as admin_graphql_api_id", () => JSON.stringify(order({ customer: { admin_graphql_api_id: "gid://shopify/Customer/5002" } })), "created", "5002", 40],
  ["customer id as a digit string", () => JSON.stringify(order({ customer: { id: "5003" } })), "created", "5003", 40],
  ["order id as a GraphQL id", () => JSON.stringify(order({ id: "gid://shopify/Order/6001", customer: { id: 5004 } })), "created", "5004", 40],
  [
    "customer id above 2^53 as a JSON number",
    () => JSON.stringify(order({ customer: { id: 0 } })).replace('"customer":{"id":0}', '"customer":{"id":9007199254740993}'),
    "created",
    "9007199254740993",
    40,
  ],
  ["lower-case currency", () => JSON.stringify(order({ currency: "usd", customer: { id: 5005 } })), "created", "5005", 40],
  ["numeric prices", () => JSON.stringify(order({ total_price: 40, line_items: [{ product_id: 1, quantity: 1, price: 40 }], customer: { id: 5006 } })), "created", "5006", 40],
  ["empty line_items", () => JSON.stringify(order({ line_items: [], customer: { id: 5007 } })), "created", "5007", 40],
  ["line_items null", () => JSON.stringify(order({ line_items: null, customer: { id: 5008 } })), "created", "5008", 40],
  ["line_items an object", () => JSON.stringify(order({ line_items: { quantity: 1 }, customer: { id: 5009 } })), "created", "5009", 40],
  [
    "zero, negative, huge and fractional quantities",
    () =>
      JSON.stringify(
        order({
          line_items: [
            { product_id: 1, quantity: 0, price: "1" },
            { product_id: 2, quantity: -3, price: "1" },
            { product_id: 3, quantity: 1e12, price: "1" },
            { product_id: 4, quantity: 1.5, price: "1" },
          ],
          customer: { id: 5010 },
        }),
      ),
    "created",
    "5010",
    40,
  ],
  ["non-numeric line price", () => JSON.stringify(order({ line_items: [{ product_id: 1, quantity: 1, price: "twelve" }], customer: { id: 5011 } })), "created", "5011", 40],
  ["bad email and created_at", () => JSON.stringify(order({ email: "not an email", created_at: "yesterday", customer: { id: 5012 } })), "created", "5012", 40],
  ["missing currency (recorded, no points)", () => JSON.stringify(order({ currency: undefined, customer: { id: 5013 } })), "created", "5013", 0],
  ["odd currency (recorded, no points)", () => JSON.stringify(order({ currency: "US Dollars", customer: { id: 5014 } })), "created", "5014", 0],
  ["null financial_status on orders/create", () => JSON.stringify(order({ financial_status: null })), "ignored_unpaid", null, null],
  ["guest checkout (customer null)", () => JSON.stringify(order({ customer: null })), "ignored_guest_order", null, null],
  ["guest checkout (no customer)", () => JSON.stringify(order({ customer: undefined })), "ignored_guest_order", null, null],
  ["customer an array", () => JSON.stringify(order({ customer: [{ id: 1 }] })), "ignored_invalid_payload", null, null],
  ["customer without any id", () => JSON.stringify(order({ customer: { email: "x@y.example" } })), "ignored_invalid_payload", null, null],
  ["non-numeric total_price", () => JSON.stringify(order({ total_price: "12,50 €" })), "ignored_invalid_payload", null, null],
  ["negative total_price", () => JSON.stringify(order({ total_price: "-5.00" })), "ignored_invalid_payload", null, null],
  ["huge total_price", () => JSON.stringify(order({ total_price: "99999999999.00" })), "ignored_invalid_payload", null, null],
  ["no order id", () => JSON.stringify(order({ id: undefined })), "ignored_invalid_payload", null, null],
  ["order id 1e21", () => JSON.stringify(order({ id: 1e21 })), "ignored_invalid_payload", null, null],
  ["body an array", () => "[]", "ignored_invalid_payload", null, null],
  ["body null", () => "null", "ignored_invalid_payload", null, null],
  ["body a string", () => '"order"', "ignored_invalid_payload", null, null],
  ["invalid JSON", () => '{"id": 1, "total_price": ', "ignored_invalid_payload", null, null],
  ["empty body", () => "", "ignored_invalid_payload", null, null],
];

describe("signed Shopify order payloads Revisit cannot fully use", () => {
  it.each(cases)("%s", async (name, body, result, customerId, points) => {
    const topic = name.includes("orders/create") ? "orders/create" : "orders/paid";
    const res = await hook(body(), topic);
    expect(res.status, res.text).toBe(200);
    expect(res.body.result, res.text).toBe(result);
    if (result.startsWith("ignored_invalid")) expect(res.body.reason, res.text).toEqual(expect.any(String));
    if (customerId !== null) {
      const c = await customer(customerId);
      expect(c?.loyalty.points, `${customerId}: ${res.text}`).toBe(points);
      expect(c?.orders.count).toBe(1);
    }
  });

  it("keeps the exact digits of ids above 2^53", async () => {
    const body = JSON.stringify(order({ id: 1, customer: { id: 2 } }))
      .replace('"id":1,', '"id":1153106273147239511,')
      .replace('"customer":{"id":2}', '"customer":{"id":1153106273147239513}');
    const res = await hook(body);
    expect(res.body).toMatchObject({ result: "created", orderId: "shopify-1153106273147239511" });
    expect((await customer("1153106273147239513"))?.loyalty.points).toBe(40);
    expect(await customer("1153106273147239500")).toBeNull();
  });

  it("acknowledges unknown topics and unusable refunds without a 5xx", async () => {
    expect((await hook(JSON.stringify(order()), "products/create")).body.result).toBe("ignored_topic");
    const paid = await hook(JSON.stringify(order({ id: 6101, customer: { id: 5101 } })));
    expect(paid.body.result).toBe("created");
    const refund = (over: Record<string, unknown>) => JSON.stringify({ id: 9101, order_id: 6101, transactions: [{ amount: "10.00", kind: "refund", status: "success" }], ...over });
    expect((await hook(refund({ transactions: { amount: "10.00" } }), "refunds/create")).body.result).toBe("ignored_zero_refund");
    expect((await hook(refund({ order_id: "gid://shopify/Order/abc" }), "refunds/create")).body.result).toBe("ignored_invalid_payload");
    expect((await hook("[1,2,3]", "refunds/create")).body.result).toBe("ignored_invalid_payload");
    expect(
      (
        await hook(
          refund({
            transactions: [
              { amount: "ten", kind: "refund" },
              { amount: "10.00", kind: "refund", status: null },
            ],
          }),
          "refunds/create",
        )
      ).body.result,
    ).toBe("refunded");
    expect((await customer("5101"))?.loyalty.points).toBe(30);
  });

  it("still refuses a bad signature (401) before reading anything", async () => {
    const res = await call(`/v1/integrations/shopify/orders?site=${site.siteId}`, {
      method: "POST",
      headers: { "X-Shopify-Hmac-Sha256": await sign("wrong", "[]"), "X-Shopify-Topic": "orders/paid" },
      body: "[]",
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as Answer).error?.code).toBe("unauthorized");
  });
});

const anyJson = fc.jsonValue({ maxDepth: 3 });
/** Mostly a plausible value, sometimes any JSON value at all. */
const field = <T>(plausible: fc.Arbitrary<T>) => fc.oneof({ arbitrary: plausible, weight: 12 }, { arbitrary: anyJson, weight: 1 });
/**
 * Order- and refund-shaped bodies whose fields are plausible Shopify spellings (GraphQL ids, string
 * prices, empty line items, lower-case currencies …) or, now and then, any JSON value: they reach
 * the handler far more often than random JSON does.
 */
const orderish = fc
  .record({
    id: field(fc.oneof(fc.nat(), fc.constant("gid://shopify/Order/77"))),
    email: field(fc.constantFrom("a@b.example", null)),
    currency: field(fc.constantFrom("USD", "EUR", "usd", "IDR", "", "JPY")),
    total_price: field(fc.oneof(fc.constantFrom("12.50", "0.00", "199.99", "1e3", "-1"), fc.double({ min: -10, max: 1e10, noNaN: true }))),
    financial_status: field(fc.constantFrom("paid", "pending", "refunded", null)),
    created_at: field(fc.constantFrom("2026-01-01T00:00:00Z", "2026-01-01T00:00:00+03:00", "2026-01-01T00:00:00-05:00", "today")),
    cancelled_at: field(fc.constantFrom(null, "2026-01-02T00:00:00Z")),
    customer: field(fc.oneof(fc.constant(null), fc.record({ id: field(fc.oneof(fc.nat(), fc.constantFrom("gid://shopify/Customer/9", "42"))) }))),
    line_items: field(
      fc.array(
        fc.record({
          product_id: field(fc.nat()),
          quantity: field(fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: -2, max: 200_000 }))),
          price: field(fc.constantFrom("1.00", "12.50", "x", 3)),
        }),
        { maxLength: 3 },
      ),
    ),
    order_id: field(fc.oneof(fc.nat(), fc.constant("gid://shopify/Order/77"))),
    transactions: field(
      fc.array(fc.record({ amount: field(fc.constantFrom("1.00", "-1", "abc")), kind: fc.constantFrom("refund", "sale"), status: field(fc.constantFrom("success", null)) }), { maxLength: 2 }),
    ),
  })
  .chain((o) => fc.subarray(Object.keys(o), { maxLength: 2 }).map((drop) => JSON.stringify(Object.fromEntries(Object.entries(o).filter(([k]) => !drop.includes(k))))));

describe("property: any JSON body with a valid Shopify signature", () => {
  it("answers 2xx (with a result) or 4xx (with the error shape), never 5xx", async () => {
    const topics = fc.constantFrom("orders/create", "orders/paid", "orders/cancelled", "refunds/create", "customers/create");
    const bodies = fc.oneof({ arbitrary: orderish, weight: 6 }, { arbitrary: anyJson.map((v) => JSON.stringify(v)), weight: 1 }, { arbitrary: fc.string({ maxLength: 40 }), weight: 1 });
    await fc.assert(
      fc.asyncProperty(bodies, topics, async (body, topic) => {
        const res = await hook(body, topic);
        expect(res.status, res.text).toBeLessThan(500);
        if (res.status < 300) expect(typeof res.body.result, res.text).toBe("string");
        else {
          expect(res.status, res.text).toBeGreaterThanOrEqual(400);
          expect(res.body.error, res.text).toMatchObject({ code: expect.any(String), message: expect.any(String) });
        }
      }),
      { numRuns: 120 },
    );
  }, 120_000);

  it("credits a valid order to the same customer whichever way Shopify spells the id", async () => {
    const spelling = fc.constantFrom("number", "string", "gid");
    await fc.assert(
      fc.asyncProperty(fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }), spelling, fc.integer({ min: 1, max: 5000 }), async (id, how, total) => {
        const digits = id.toString();
        const spelled = how === "number" ? "__ID__" : how === "string" ? digits : `gid://shopify/Customer/${digits}`;
        const before = (await customer(digits))?.loyalty.points ?? 0;
        const body = JSON.stringify(order({ total_price: `${total}.00`, customer: { id: spelled } })).replace('"__ID__"', digits);
        const res = await hook(body);
        expect(res.body.result, res.text).toBe("created");
        expect((await customer(digits))?.loyalty.points).toBe(before + total);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
