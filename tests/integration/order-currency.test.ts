import { beforeAll, describe, expect, it } from "vitest";
import { call, createSite, server, type TestSite } from "./helpers";

/**
 * Order currencies (issue: 100,000 IDR earned 100,050 points). An order earns at its currency's
 * points rate: the site currency's `pointsPerUnit`, or `loyalty.currencyRates`. A currency in
 * neither cannot be valued: `POST /v1/orders` refuses it (422 `unsupported_currency`, nothing
 * stored) and a Shopify webhook records it with 0 points and 0 spend (refusing would make Shopify
 * retry). Spend (spend tiers, lifecycle, RFM) counts in the site currency at the same ratio.
 */
let site: TestSite;
let yen: TestSite;
const program = {
  pointsPerUnit: 1,
  currencyRates: { EUR: 2, JPY: 0.01, KWD: 3 },
  tierBasis: "spend",
  tiers: [
    { id: "member", name: { en: "Member" }, threshold: 0 },
    { id: "vip", name: { en: "VIP" }, threshold: 1000 },
  ],
};

beforeAll(async () => {
  site = await createSite("currency-usd", { loyalty: program });
  yen = await createSite("currency-jpy", { currency: "JPY", loyalty: { pointsPerUnit: 0.01 } });
});

interface OrderAnswer {
  result?: string;
  pointsChange?: number;
  points?: number;
  reason?: string;
  error?: { code: string; message: string; details?: { currency?: string; siteCurrency?: string } };
}
interface CustomerView {
  loyalty: { points: number; pending: number; tier: { id: string } | null };
  orders: { count: number; spend: number; recent: { id: string; currency: string; points: number }[] };
}

async function post(s: TestSite, path: string, json: unknown): Promise<{ status: number; body: OrderAnswer }> {
  const res = await call(path, { method: "POST", headers: server(s), json });
  return { status: res.status, body: (await res.json()) as OrderAnswer };
}

async function customer(s: TestSite, id: string): Promise<CustomerView | null> {
  const res = await call(`/v1/customers/${id}`, { headers: server(s) });
  return res.status === 200 ? ((await res.json()) as CustomerView) : null;
}

const order = (id: string, customerId: string, total: number, currency: string, status = "paid") => ({
  id,
  customerId,
  items: [{ productId: "p-1", quantity: 1, price: total }],
  total,
  currency,
  createdAt: "2026-02-01T10:00:00Z",
  status,
});

async function shopify(s: TestSite, topic: string, payload: unknown): Promise<{ status: number; body: OrderAnswer }> {
  const body = JSON.stringify(payload);
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(s.shopifySecret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const sig = btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body)))));
  const res = await call(`/v1/integrations/shopify/orders?site=${s.siteId}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Topic": topic, "X-Shopify-Hmac-Sha256": sig },
    body,
  });
  return { status: res.status, body: (await res.json()) as OrderAnswer };
}

const shopifyOrder = (id: number, customerId: number, total: string, currency: string) => ({
  id,
  email: "cur@mail.example",
  created_at: "2026-02-01T10:00:00Z",
  currency,
  total_price: total,
  financial_status: "paid",
  customer: { id: customerId },
  line_items: [{ product_id: 1, quantity: 1, price: total }],
});

// name, currency, total, status, points, spend (site currency), or the error code
type Row = [name: string, currency: string, total: number, status: number, points: number | null, spend: number | null, code: string | null];
const rows: Row[] = [
  ["site currency", "USD", 100, 201, 100, 100, null],
  ["a currency with a rate", "EUR", 100, 201, 200, 200, null],
  ["a zero-decimal currency with a rate", "JPY", 12_345, 201, 123, 123.45, null],
  ["a three-decimal currency with a rate", "KWD", 12.345, 201, 37, 37.04, null],
  ["a lower-case code", "usd", 100, 400, null, null, "invalid_request"],
  ["an unknown code", "IDR", 100_000, 422, null, null, "unsupported_currency"],
  ["an unknown zero-decimal code", "VND", 250_000, 422, null, null, "unsupported_currency"],
  ["an unknown three-decimal code", "BHD", 10.5, 422, null, null, "unsupported_currency"],
];

describe("POST /v1/orders by currency", () => {
  it.each(rows)("%s (%s)", async (name, currency, total, status, points, spend, code) => {
    const id = `api-${currency}`;
    const res = await post(site, "/v1/orders", order(`o-${id}`, id, total, currency));
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    const c = await customer(site, id);
    if (code) {
      expect(res.body.error?.code).toBe(code);
      // Refused before anything is stored.
      expect(c).toBeNull();
      if (code === "unsupported_currency") {
        expect(res.body.error?.message).toContain(currency);
        expect(res.body.error?.message).toContain("currencyRates");
        expect(res.body.error?.details).toMatchObject({ currency, siteCurrency: "USD" });
      }
      return;
    }
    expect(res.body.pointsChange, name).toBe(points);
    expect(c?.orders.spend).toBeCloseTo(spend!, 2);
    expect(c?.loyalty.tier?.id).toBe("member");
  });

  it("earns once the shop adds a rate, and a rate of 0 records without points", async () => {
    expect((await post(site, "/v1/orders", order("o-late", "late-idr", 100_000, "IDR"))).status).toBe(422);
    const put = await call("/v1/site/config", {
      method: "PUT",
      headers: server(site),
      json: { name: "Shop currency-usd", loyalty: { ...program, currencyRates: { ...program.currencyRates, IDR: 0.0001, CHF: 0 } } },
    });
    expect(put.status).toBe(200);
    expect((await post(site, "/v1/orders", order("o-late", "late-idr", 100_000, "IDR"))).body).toMatchObject({ result: "created", pointsChange: 10 });
    expect((await post(site, "/v1/orders", order("o-chf", "late-chf", 50, "CHF"))).body).toMatchObject({ result: "created", pointsChange: 0 });
    expect((await customer(site, "late-chf"))?.orders).toMatchObject({ count: 1, spend: 0 });
    const restore = await call("/v1/site/config", { method: "PUT", headers: server(site), json: { name: "Shop currency-usd", loyalty: program } });
    expect(restore.status).toBe(200);
  });

  it("earns at the site's own zero-decimal currency", async () => {
    const res = await post(yen, "/v1/orders", order("o-yen", "yen-1", 12_345, "JPY"));
    expect(res.body).toMatchObject({ result: "created", pointsChange: 123 });
    expect((await post(yen, "/v1/orders", order("o-usd", "yen-2", 10, "USD"))).status).toBe(422);
  });
});

describe("Shopify orders by currency", () => {
  // currency, total, points, spend
  const table: [string, string, number, number][] = [
    ["USD", "100.00", 100, 100],
    ["EUR", "100.00", 200, 200],
    ["usd", "100.00", 100, 100],
    ["JPY", "12345", 123, 123.45],
    ["KWD", "12.345", 37, 37.04],
    ["IDR", "100000.00", 0, 0],
    ["VND", "250000", 0, 0],
  ];
  it.each(table)("%s %s", async (currency, total, points, spend) => {
    const customerId = 9_000 + table.findIndex((r) => r[0] === currency);
    const res = await shopify(site, "orders/paid", shopifyOrder(customerId + 100_000, customerId, total, currency));
    expect(res.status).toBe(200);
    expect(res.body.result).toBe("created");
    if (points === 0) expect(res.body.reason).toContain(currency);
    else expect(res.body.reason).toBeUndefined();
    const c = await customer(site, String(customerId));
    expect(c?.loyalty.points).toBe(points);
    expect(c?.orders.count).toBe(1);
    expect(c?.orders.spend).toBeCloseTo(spend, 2);
    expect(c?.loyalty.tier?.id).toBe("member");
  });
});

describe("refunds in such currencies", () => {
  it("an unsupported-currency Shopify order refunds without touching points or spend", async () => {
    await post(site, "/v1/orders", order("o-usd-base", "7001", 30, "USD"));
    expect((await shopify(site, "orders/paid", shopifyOrder(7_000_001, 7001, "100000.00", "IDR"))).body.result).toBe("created");
    expect((await customer(site, "7001"))?.loyalty.points).toBe(30);
    const api = await post(site, "/v1/orders/shopify-7000001/refunds", { id: "rf-idr-1", customerId: "7001", amount: 40_000 });
    expect(api.body).toMatchObject({ result: "created", pointsChange: 0, points: 30 });
    const hook = await shopify(site, "refunds/create", { id: 7_100_001, order_id: 7_000_001, transactions: [{ amount: "60000.00", kind: "refund", status: "success" }] });
    expect(hook.body.result).toBe("refunded");
    expect((await customer(site, "7001"))?.loyalty.points).toBe(30);
    expect((await customer(site, "7001"))?.orders).toMatchObject({ count: 1, spend: 30 });
  });

  it("a JPY refund reverses its share of points and of spend (in the site currency)", async () => {
    await post(site, "/v1/orders", order("o-jpy-r", "jpy-r", 12_345, "JPY"));
    const half = await post(site, "/v1/orders/o-jpy-r/refunds", { id: "rf-jpy-1", customerId: "jpy-r", amount: 6_000 });
    expect(half.body.pointsChange).toBe(-60);
    expect((await customer(site, "jpy-r"))?.orders.spend).toBeCloseTo(63.45, 2);
    const rest = await post(site, "/v1/orders", order("o-jpy-r", "jpy-r", 12_345, "JPY", "refunded"));
    expect(rest.body).toMatchObject({ result: "updated", points: 0 });
    expect((await customer(site, "jpy-r"))?.orders).toMatchObject({ count: 0, spend: 0 });
  });

  it("a KWD order refunded in two parts reverses exactly what it earned", async () => {
    await post(site, "/v1/orders", order("o-kwd-r", "kwd-r", 12.345, "KWD"));
    expect((await post(site, "/v1/orders/o-kwd-r/refunds", { id: "rf-kwd-1", customerId: "kwd-r", amount: 5 })).body.pointsChange).toBe(-15);
    const rest = await post(site, "/v1/orders/o-kwd-r/refunds", { id: "rf-kwd-2", customerId: "kwd-r" });
    expect(rest.body).toMatchObject({ pointsChange: -22, points: 0 });
    expect((await customer(site, "kwd-r"))?.orders).toMatchObject({ count: 0, spend: 0 });
  });

  it("a cancelled order in an unknown currency can still be sent through the API", async () => {
    const res = await post(site, "/v1/orders", order("o-idr-cancel", "idr-cancel", 5_000, "IDR", "cancelled"));
    expect(res.status).toBe(201);
    expect(res.body.pointsChange).toBe(0);
  });
});
