import { beforeAll, describe, expect, it } from "vitest";
import { call, createSite, server, type TestSite } from "./helpers";

/** A refunded order stops counting as something the shopper owns (buy-again, owned filters, cross-sell). */
let site: TestSite;
const post = (path: string, json: unknown) => call(path, { method: "POST", headers: server(site), json });
const order = (id: string, items: { productId: string; quantity: number }[], at: string) => ({
  id,
  customerId: "rina",
  items: items.map((i) => ({ ...i, price: 10 })),
  total: items.reduce((s, i) => s + 10 * i.quantity, 0),
  currency: "USD",
  createdAt: at,
});
const owned = async () => {
  const res = await call("/v1/customers/rina/export", { headers: server(site) });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { profile: { purchases: Record<string, { orders: number }>; purchased: string[]; lastOrderItems: string[] } };
  return body.profile;
};

beforeAll(async () => {
  site = await createSite("refundown");
});

describe("refunds and what a shopper owns", () => {
  it("a full refund takes the order's products back out; another order of the same product keeps it", async () => {
    expect((await post("/v1/orders", order("r-1", [{ productId: "tea", quantity: 1 }], "2031-01-01T10:00:00Z"))).status).toBe(201);
    expect(
      (
        await post(
          "/v1/orders",
          order(
            "r-2",
            [
              { productId: "tea", quantity: 2 },
              { productId: "pot", quantity: 1 },
            ],
            "2031-01-05T10:00:00Z",
          ),
        )
      ).status,
    ).toBe(201);
    let p = await owned();
    expect(p.purchases.tea?.orders).toBe(2);
    expect(p.lastOrderItems.sort()).toEqual(["pot", "tea"]);

    expect((await post("/v1/orders/r-2/refunds", { id: "rf-2", customerId: "rina", amount: 30 })).status).toBe(201);
    p = await owned();
    expect(p.purchases.pot).toBeUndefined();
    expect(p.purchased).not.toContain("pot");
    expect(p.purchases.tea?.orders).toBe(1);
    expect(p.purchased).toContain("tea");
    expect(p.lastOrderItems).toEqual([]);

    // A partial refund changes nothing the shopper owns.
    expect((await post("/v1/orders/r-1/refunds", { id: "rf-1", customerId: "rina", amount: 4 })).status).toBe(201);
    expect((await owned()).purchases.tea?.orders).toBe(1);
  });
});
