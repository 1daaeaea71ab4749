import { beforeAll, describe, expect, it } from "vitest";
import { call, createSite, hmacHex, server, visitorHeaders, type TestSite } from "./helpers";

/**
 * Concurrency (issue 6): one shopper logged in on two tabs (two visitor ids, one verified
 * customer) fires 2 × 200 concurrent requests, cart events and reward redemptions mixed. Past
 * the per-visitor rate limit some are refused (429); the end state must be one a serial order of
 * the accepted requests explains: every cart event counted exactly once, the cart's
 * quantities the exact sum, exactly ⌊points / cost⌋ redemptions succeed with distinct codes and
 * the balance never goes below zero.
 */
let site: TestSite;
const CUSTOMER = "tabs-cust-1";
const TABS = ["tab-one-visitor-0001", "tab-two-visitor-0002"];
const PER_TAB = 200;
const COST = 100;
const POINTS = 1000; // one order of 1000 at 1 point per unit
const PRODUCTS = ["p-a", "p-b", "p-c", "p-d"];

beforeAll(async () => {
  site = await createSite("tabs", {
    loyalty: { pointsPerUnit: 1, rewards: [{ id: "r100", name: { en: "$5 off" }, cost: COST, discount: { type: "fixed", value: 5 } }] },
  });
  const codes = Array.from({ length: 60 }, (_, i) => `CODE-${String(i).padStart(3, "0")}`);
  expect((await call("/v1/loyalty/rewards/r100/codes", { method: "PUT", headers: server(site), json: { codes } })).status).toBe(200);
  const order = { id: "tabs-order-1", customerId: CUSTOMER, items: [{ productId: "p-a", quantity: 1, price: POINTS }], total: POINTS, currency: "USD", createdAt: new Date().toISOString() };
  expect((await call("/v1/orders", { method: "POST", headers: server(site), json: order })).status).toBe(201);
});

describe("two tabs, one shopper", () => {
  it(`${TABS.length} × ${PER_TAB} concurrent cart and redemption requests end in a serially explainable state`, async () => {
    const hash = await hmacHex(site.identitySecret, CUSTOMER);
    const headers = (tab: string) => visitorHeaders(site, tab, { "X-Revisit-Customer": CUSTOMER, "X-Revisit-Customer-Hash": hash });
    const sentEvents: { id: string; productId: string; quantity: number }[] = [];
    const requests = TABS.flatMap((tab, t) =>
      Array.from({ length: PER_TAB }, (_, i) => {
        if (i % 2 === 0) {
          const e = { id: `tab${t}-ev-${String(i).padStart(4, "0")}`, productId: PRODUCTS[(i / 2 + t) % PRODUCTS.length]!, quantity: 1 + (i % 3) };
          sentEvents.push(e);
          return call("/v1/events", { method: "POST", headers: headers(tab), json: { events: [{ id: e.id, type: "add_to_cart", productId: e.productId, quantity: e.quantity }] } }).then((r) => ({
            kind: "cart" as const,
            r,
            e,
          }));
        }
        return call("/v1/loyalty/rewards/r100/redeem", { method: "POST", headers: headers(tab) }).then((r) => ({ kind: "redeem" as const, r, e: null }));
      }),
    );
    const results = await Promise.all(requests);

    // 200 requests per tab within a second is past the per-visitor rate limit (120 per 10 s), so
    // some are refused with 429: the state must be explained by exactly the accepted ones.
    for (const { r } of results) expect([201, 202, 409, 429]).toContain(r.status);
    const limited = results.filter((x) => x.r.status === 429).length;
    const accepted = results.flatMap((x) => (x.kind === "cart" && x.r.status === 202 && x.e ? [x.e] : []));
    expect(accepted.length).toBeGreaterThan(50);
    const exported = (await (await call(`/v1/customers/${CUSTOMER}/export`, { headers: server(site) })).json()) as {
      profile: { eventCounts: Record<string, number>; cart: { items: { productId: string; quantity: number }[] } | null; points: number };
      events: { id: string }[];
    };
    const expectedCart = Object.fromEntries(PRODUCTS.map((p) => [p, accepted.filter((e) => e.productId === p).reduce((s, e) => s + e.quantity, 0)]).filter(([, q]) => (q as number) > 0));
    expect(Object.fromEntries((exported.profile.cart?.items ?? []).map((i) => [i.productId, i.quantity]))).toEqual(expectedCart);
    expect(exported.profile.eventCounts.add_to_cart).toBe(accepted.length);
    expect(new Set(exported.events.map((e) => e.id))).toEqual(new Set(accepted.map((e) => e.id)));
    expect(sentEvents.length).toBe((TABS.length * PER_TAB) / 2);

    // Redemptions: exactly POINTS / COST succeed, each with its own code; the rest are 409 conflicts.
    const redeems = results.filter((x) => x.kind === "redeem");
    const bodies = await Promise.all(redeems.map(async ({ r }) => ({ status: r.status, body: (await r.json()) as { code?: string; points?: number; error?: { code: string } } })));
    const won = bodies.filter((b) => b.status === 201);
    expect(won.length).toBe(POINTS / COST);
    expect(new Set(won.map((b) => b.body.code)).size).toBe(won.length);
    for (const b of bodies.filter((x) => x.status !== 201)) expect(b.body.error?.code).toBe(b.status === 409 ? "conflict" : "rate_limited");
    console.log(`two tabs: ${accepted.length} cart events and ${bodies.filter((b) => b.status !== 429).length} redemptions admitted, ${limited} requests rate-limited, ${won.length} redemptions won`);
    // Balances reported by the winners are the serial sequence 900, 800, …, 0.
    expect(won.map((b) => b.body.points).sort((x, y) => x! - y!)).toEqual(Array.from({ length: won.length }, (_, i) => i * COST));
    const view = (await (await call(`/v1/customers/${CUSTOMER}`, { headers: server(site) })).json()) as { loyalty: { points?: number; balance?: number } };
    expect(JSON.stringify(view)).not.toContain('"points":-');
  }, 60_000);
});
