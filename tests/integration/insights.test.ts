import { beforeAll, describe, expect, it } from "vitest";
import { call, createSite, getCustomer, json, okJson, server, type RouteJson, type TestSite } from "./helpers";
import type { cohortsRoute, loyaltyInsightsRoute, summaryRoute } from "../../worker/features/insights/insights.routes";

type Summary = RouteJson<typeof summaryRoute, 200>;
type Cohorts = RouteJson<typeof cohortsRoute, 200>;
type LoyaltyInsights = RouteJson<typeof loyaltyInsightsRoute, 200>;

/**
 * Retention insights through the API, on a small shop whose every figure is worked out by hand
 * below. Orders arrive out of time order on purpose: the counters must not depend on it.
 *
 * - ann:  2026-01-05 €100 (€20 refunded on 01-10), 2026-01-20 €50, 2026-03-02 €30
 * - bob:  2026-02-10 €80
 * - cem:  2025-12-15 €40, 2026-02-01 €60
 */
let site: TestSite;
const orders = [
  { id: "a3", customerId: "ann", at: "2026-03-02T10:00:00Z", total: 30 },
  { id: "c2", customerId: "cem", at: "2026-02-01T09:00:00Z", total: 60 },
  { id: "a1", customerId: "ann", at: "2026-01-05T10:00:00Z", total: 100 },
  { id: "b1", customerId: "bob", at: "2026-02-10T10:00:00Z", total: 80 },
  { id: "a2", customerId: "ann", at: "2026-01-20T10:00:00Z", total: 50 },
  { id: "c1", customerId: "cem", at: "2025-12-15T10:00:00Z", total: 40 },
];

async function order(o: (typeof orders)[number]) {
  const body = { id: o.id, customerId: o.customerId, items: [{ productId: "p1", quantity: 1, price: o.total }], total: o.total, currency: "EUR", createdAt: o.at };
  return call("/v1/orders", { method: "POST", headers: server(site), json: body });
}

const get = (path: string, headers: Record<string, string> = {}) => call(path, { headers: { ...server(site), ...headers } });
const summary = async (query: string) => okJson<Summary>(await get(`/v1/insights/summary?${query}`));

beforeAll(async () => {
  site = await createSite("insights-shop", { currency: "EUR", insights: { pointValue: 0.01 } });
  for (const o of orders) expect((await order(o)).status).toBe(201);
  const refund = await call("/v1/orders/a1/refunds", { method: "POST", headers: server(site), json: { id: "r1", customerId: "ann", amount: 20, createdAt: "2026-01-10T10:00:00Z" } });
  expect(refund.status).toBe(201);
});

describe("GET /v1/insights/summary", () => {
  it("gives every figure of the range as defined, whatever order the orders came in", async () => {
    const s = await summary("from=2026-01-01&to=2026-03-31&granularity=month");
    expect(s.total).toMatchObject({
      customersWithOrder: 3,
      newCustomers: 2,
      returningCustomers: 1,
      orders: 5,
      revenue: 300,
      averageOrderValue: { new: 60, returning: 60 },
      // ann (new: 100 − 20 refunded + 50 + 30) and bob (new: 80); cem returning (60)
      revenueFrom: { new: 240, returning: 60 },
      repeatCustomers: 1,
      repeatPurchaseRate: 0.3333,
      medianDaysToSecondOrder: 31.5,
    });
    expect(s.series.map((p) => [p.period, p.customersWithOrder, p.newCustomers, p.returningCustomers, p.orders, p.revenue, p.repeatCustomers])).toEqual([
      ["2026-01", 1, 1, 0, 2, 130, 1],
      ["2026-02", 2, 1, 1, 2, 140, 0],
      ["2026-03", 1, 0, 1, 1, 30, 0],
    ]);
    // In March ann is a returning customer (her first order was in January).
    expect(s.series.map((p) => p.revenueFrom)).toEqual([
      { new: 130, returning: 0 },
      { new: 80, returning: 60 },
      { new: 0, returning: 30 },
    ]);
    expect(s.currency).toBe("EUR");
  });

  it("counts a customer once over any range, and a repeat only within it", async () => {
    // Feb 1 – Mar 2: ann (one order), cem (one), bob (one): nobody repeats inside.
    expect((await summary("from=2026-02-01&to=2026-03-02")).total).toMatchObject({ customersWithOrder: 3, repeatCustomers: 0, orders: 3, newCustomers: 1 });
    // Jan 20 alone: ann's second order; her second order ever is that day (15 days after the first).
    expect((await summary("from=2026-01-20&to=2026-01-20&granularity=day")).total).toMatchObject({ customersWithOrder: 1, newCustomers: 0, medianDaysToSecondOrder: 15 });
  });

  it("changes nothing when orders and refunds are sent again", async () => {
    for (const o of orders) expect((await order(o)).status).toBe(200);
    const again = await call("/v1/orders/a1/refunds", { method: "POST", headers: server(site), json: { id: "r1", customerId: "ann", amount: 20, createdAt: "2026-01-10T10:00:00Z" } });
    expect(again.status).toBe(200);
    expect((await summary("from=2026-01-01&to=2026-03-31")).total).toMatchObject({ orders: 5, revenue: 300, customersWithOrder: 3 });
  });

  it("downloads the table as CSV when asked", async () => {
    const res = await get("/v1/insights/summary?from=2026-01-01&to=2026-03-31&granularity=month", { Accept: "text/csv" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/csv/);
    const text = await res.text();
    const lines = text
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toContain("repeatPurchaseRate");
    expect(lines).toHaveLength(5); // header, three months, the total
    expect(lines[4]?.startsWith("total,2026-01-01,2026-03-31,3,2,1,5,300,60,60,240,60,")).toBe(true);
  });

  it("refuses a bad range with a 400 naming the field", async () => {
    for (const q of ["from=2026-02-30&to=2026-03-01", "from=2026-03-01&to=2026-02-01", "from=2026-01-01&to=2026-02-01&granularity=year", "from=2026-01-01", "from=1990-01-01&to=2026-01-01"]) {
      const res = await get(`/v1/insights/summary?${q}`);
      expect(res.status, q).toBe(400);
      expect((await json<{ error: { code: string } }>(res)).error.code, q).toBe("invalid_request");
    }
    expect((await call("/v1/insights/summary?from=2026-01-01&to=2026-01-02")).status).toBe(401);
  });
});

describe("GET /v1/insights/cohorts", () => {
  it("gives each first-order month's return share and revenue per customer", async () => {
    const c = await okJson<Cohorts>(await get("/v1/insights/cohorts?from=2025-12-01&to=2026-03-31&metric=customers"));
    expect(c.cohorts).toEqual([
      { cohort: "2025-12", customers: 1, values: [1, 0, 1, 0] },
      { cohort: "2026-01", customers: 1, values: [1, 0, 1] },
      { cohort: "2026-02", customers: 1, values: [1, 0] },
    ]);
    const r = await okJson<Cohorts>(await get("/v1/insights/cohorts?from=2025-12-01&to=2026-03-31&metric=revenue"));
    expect(r.cohorts.map((x) => x.values)).toEqual([
      [40, 40, 100, 100],
      [130, 130, 160],
      [80, 80],
    ]);
  });
});

describe("GET /v1/insights/loyalty", () => {
  it("values what is outstanding at the point value: the program's liability", async () => {
    const l = await okJson<LoyaltyInsights>(await get("/v1/insights/loyalty?from=2025-12-01&to=2026-12-31"));
    let owed = 0;
    for (const id of ["ann", "bob", "cem"]) {
      const view = await getCustomer(site, id);
      owed += (view?.loyalty?.points ?? 0) + (view?.loyalty?.pending ?? 0);
    }
    expect(owed).toBeGreaterThan(0);
    expect(l.points.outstanding).toBe(owed);
    expect(l.points.issued - l.points.reversed - l.points.redeemed - l.points.expired).toBe(owed);
    expect(l.liability).toBe(Math.round(owed) / 100);
    expect(l.comparison.note).toMatch(/not a cause/);
  });
});

describe("erasure and time zones", () => {
  it("takes an erased customer out of every figure", async () => {
    expect((await call("/v1/customers/bob", { method: "DELETE", headers: server(site) })).status).toBe(200);
    expect((await summary("from=2026-01-01&to=2026-03-31")).total).toMatchObject({ customersWithOrder: 2, orders: 4, revenue: 220 });
  });

  it("re-counts days in the site's time zone when it changes", async () => {
    // 2026-01-31 20:00 UTC is already 1 February in Kiritimati (UTC+14).
    expect((await order({ id: "d1", customerId: "dee", at: "2026-01-31T20:00:00Z", total: 10 })).status).toBe(201);
    const before = await summary("from=2026-02-01&to=2026-02-01&granularity=day");
    const config = await okJson<Record<string, unknown>>(await get("/v1/site/config"));
    expect((await call("/v1/site/config", { method: "PUT", headers: server(site), json: { ...config, timeZone: "Pacific/Kiritimati" } })).status).toBe(200);
    const after = await summary("from=2026-02-01&to=2026-02-01&granularity=day");
    expect(after.total.orders).toBe(before.total.orders + 1);
    const bad = await call("/v1/site/config", { method: "PUT", headers: server(site), json: { ...config, timeZone: "Mars/Olympus" } });
    expect(bad.status).toBe(400);
  });
});

describe("GET /v1/experiments/{id}/results", () => {
  it("is 404 for an experiment the site does not have", async () => {
    expect((await get("/v1/experiments/nope/results")).status).toBe(404);
  });
});
