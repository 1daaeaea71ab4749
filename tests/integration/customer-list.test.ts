import { beforeAll, describe, expect, it } from "vitest";
import type { listCustomersRoute } from "../../worker/features/customers/customers.routes";
import { call, createSite, okJson, server, type RouteJson, type TestSite } from "./helpers";

type CustomerList = RouteJson<typeof listCustomersRoute, 200>;

/**
 * `GET /v1/customers`: the console's customer list. Paging follows id order with an opaque cursor;
 * a query matches an id prefix or an email prefix in any case; nothing but the site's own
 * customers, and only with the secret key.
 */
let site: TestSite;
const people = [
  ["c-01", "Sara.Ahmadi@Example.com", "Sara"],
  ["c-02", "sam@example.com", "Sam"],
  ["c-03", "omar@example.com", "Omar"],
  ["c-04", null, null],
  ["c-05", "sarah@example.org", "Sarah"],
  ["c-10", "layla@example.com", "Layla"],
  ["d-01", "dana@example.com", "Dana"],
] as const;

const list = async (query: string) => okJson<CustomerList>(await call(`/v1/customers?${query}`, { headers: server(site) }));

beforeAll(async () => {
  site = await createSite("customer-list");
  for (const [id, email, firstName] of people) {
    const traits = { ...(email ? { email } : {}), ...(firstName ? { firstName } : {}) };
    expect((await call(`/v1/customers/${id}`, { method: "PATCH", headers: server(site), json: traits })).status).toBe(200);
  }
  const order = { id: "o-1", customerId: "c-03", items: [{ productId: "p1", quantity: 1, price: 40 }], total: 40, currency: "USD", createdAt: new Date().toISOString() };
  expect((await call("/v1/orders", { method: "POST", headers: server(site), json: order })).status).toBe(201);
  // Another shop's customer with a matching email must never show.
  const other = await createSite("customer-list-other");
  await call("/v1/customers/c-99", { method: "PATCH", headers: server(other), json: { email: "sara@example.com" } });
});

describe("GET /v1/customers", () => {
  it("pages through every customer in id order with the cursor", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: CustomerList = await list(`limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(page.customers.length).toBeLessThanOrEqual(3);
      seen.push(...page.customers.map((c) => c.customerId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(people.map(([id]) => id));
  });

  it("gives each row's figures from the index", async () => {
    const { customers } = await list("query=c-03");
    expect(customers).toHaveLength(1);
    expect(customers[0]).toMatchObject({ customerId: "c-03", email: "omar@example.com", firstName: "Omar", orders: 1, spend: 40, points: 40, tier: null, stage: expect.any(String) });
    expect(customers[0]?.lastOrderAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // Known from the shop's backend only: the widget never saw a visit.
    expect(customers[0]?.lastSeen).toBeNull();
  });

  it("searches an id prefix or an email prefix in any case, and pages the matches", async () => {
    expect((await list("query=SARA")).customers.map((c) => c.customerId)).toEqual(["c-01", "c-05"]);
    expect((await list("query=sara.ahmadi%40example.COM")).customers.map((c) => c.customerId)).toEqual(["c-01"]);
    expect((await list("query=c-0")).customers.map((c) => c.customerId)).toEqual(["c-01", "c-02", "c-03", "c-04", "c-05"]);
    const first = await list("query=c-0&limit=2");
    expect(first.customers.map((c) => c.customerId)).toEqual(["c-01", "c-02"]);
    const second = await list(`query=c-0&limit=2&cursor=${first.nextCursor}`);
    expect(second.customers.map((c) => c.customerId)).toEqual(["c-03", "c-04"]);
    // "sa" is both an email prefix (sam, sara, sarah) and no id prefix; the two kinds merge in id order.
    expect((await list("query=sa")).customers.map((c) => c.customerId)).toEqual(["c-01", "c-02", "c-05"]);
    expect((await list("query=nobody")).customers).toEqual([]);
    expect((await list("query=nobody")).nextCursor).toBeNull();
  });

  it("refuses bad paging and callers without the secret key", async () => {
    for (const q of ["limit=0", "limit=101", "limit=ten", `query=${"x".repeat(201)}`, "query=%20%20"]) expect((await call(`/v1/customers?${q}`, { headers: server(site) })).status).toBe(400);
    expect((await call("/v1/customers")).status).toBe(401);
    expect((await call("/v1/customers", { headers: { Authorization: `Bearer ${site.publishableKey}` } })).status).toBe(403);
  });
});
