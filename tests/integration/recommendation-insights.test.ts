import { describe, expect, it } from "vitest";
import type { recommendationInsightsRoute } from "../../worker/features/insights/insights.routes";
import { call, createSite, expiringHash, hmacHex, json, okJson, ORIGIN, server, visitorHeaders, type ApiError, type RouteJson, type TestSite } from "./helpers";

/** `GET /v1/insights/recommendations`. */
type RecInsights = RouteJson<typeof recommendationInsightsRoute, 200>;
type Row = RecInsights["total"];

const DAY = 86_400_000;
/** Noon UTC 30 days ago: every time below is chosen from it (inside event retention, never in the future), none waited for. */
const DAY0 = Math.floor(Date.now() / DAY) * DAY - 30 * DAY + 12 * 3_600_000;
const at = (day: number, hours = 0) => new Date(DAY0 + day * DAY + hours * 3_600_000).toISOString();
const date = (day: number) => at(day).slice(0, 10);

let n = 0;
/** A fresh event id (ids are what makes a retried batch count once). */
const id = () => `recins-${String(++n).padStart(6, "0")}`;

const send = (headers: Record<string, string>, events: unknown[]) => call("/v1/events", { method: "POST", headers, json: { events } });
const customerHeaders = async (site: TestSite, visitor: string, customerId: string) =>
  visitorHeaders(site, visitor, { "X-Revisit-Customer": customerId, "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, customerId) });
const insights = async (site: TestSite, from: number, to = from) => okJson<RecInsights>(await call(`/v1/insights/recommendations?from=${date(from)}&to=${date(to)}`, { headers: server(site) }));
const row = (rows: Row[], key: string) => rows.find((r) => r.key === key);
const order = (site: TestSite, orderId: string, customerId: string, createdAt: string, items: { productId: string; quantity: number; price: number }[]) =>
  call("/v1/orders", {
    method: "POST",
    headers: server(site),
    json: { id: orderId, customerId, items, total: items.reduce((s, i) => s + i.price * i.quantity, 0), currency: "USD", createdAt },
  });
const impression = (productIds: string[], reasons: string[] | undefined, placement: string, time: string) => ({
  id: id(),
  type: "rec_impression",
  productIds,
  placement,
  at: time,
  ...(reasons ? { reasons } : {}),
});
const click = (productId: string, reason: string | undefined, placement: string, time: string) => ({
  id: id(),
  type: "rec_click",
  productId,
  placement,
  position: 0,
  at: time,
  ...(reason ? { reason } : {}),
});
const addToCart = (productId: string, time: string) => ({ id: id(), type: "add_to_cart", productId, quantity: 1, at: time });

describe("recommendation impressions and clicks", () => {
  it("counts each product shown and each click by placement and reason, with click-through", async () => {
    const site = await createSite("recins-views");
    const v = visitorHeaders(site, "recins-viewer-0001");
    const batch = [
      impression(["p1", "p2", "p3"], ["popular", "popular", "recently_viewed"], "home", at(1)),
      impression(["p4"], ["bought_together"], "product", at(1, 1)),
      impression(["p5"], undefined, "cart", at(1, 2)),
      click("p1", "popular", "home", at(1, 3)),
      click("p5", undefined, "cart", at(1, 4)),
    ];
    expect(await okJson(await send(v, batch), 202)).toEqual({ accepted: 5, duplicates: 0 });
    const r = await insights(site, 1);
    expect(r.total).toMatchObject({ impressions: 5, clicks: 2, clickThroughRate: 0.4, addToCarts: 0, attributedRevenue: 0 });
    expect(row(r.byPlacement, "home")).toMatchObject({ impressions: 3, clicks: 1, clickThroughRate: 0.3333 });
    expect(row(r.byPlacement, "product")).toMatchObject({ impressions: 1, clicks: 0, clickThroughRate: 0 });
    expect(row(r.byPlacement, "cart")).toMatchObject({ impressions: 1, clicks: 1, clickThroughRate: 1 });
    expect(row(r.byReason, "popular")).toMatchObject({ impressions: 2, clicks: 1, clickThroughRate: 0.5 });
    expect(row(r.byReason, "recently_viewed")).toMatchObject({ impressions: 1, clicks: 0 });
    // An older widget that sends no reasons: counted under "unknown".
    expect(row(r.byReason, "unknown")).toMatchObject({ impressions: 1, clicks: 1 });
    // Other days are untouched: events count on their own day.
    expect((await insights(site, 0)).total.impressions).toBe(0);

    // The same batch again (a retry): every id is known, nothing counts twice.
    expect(await okJson(await send(v, batch), 202)).toEqual({ accepted: 0, duplicates: 5 });
    expect((await insights(site, 1)).total).toMatchObject({ impressions: 5, clicks: 2 });
  });

  it("refuses reasons that do not match the products one to one (400), and counts nothing of the batch", async () => {
    const site = await createSite("recins-bad");
    const v = visitorHeaders(site, "recins-bad-00001");
    const res = await send(v, [impression(["p1", "p2"], ["popular"], "home", at(2)), click("p1", "popular", "home", at(2))]);
    expect(res.status).toBe(400);
    const body = await json<ApiError>(res);
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.message).toContain("reasons");
    expect(body.error.message).toContain("one reason per product");
    const badCode = await send(v, [click("p1", "Not-A-Code", "home", at(2))]);
    expect(badCode.status).toBe(400);
    expect((await insights(site, 2)).total).toMatchObject({ impressions: 0, clicks: 0 });
  });
});

describe("add-to-carts and attributed revenue", () => {
  it("counts an add to cart of a product clicked within the window, not one without a click or after the window", async () => {
    const site = await createSite("recins-cart");
    const v = visitorHeaders(site, "recins-carter-001");
    expect((await send(v, [click("p1", "because_you_bought", "product", at(1))])).status).toBe(202);
    // Same batch as a later click of p2, in an order the server sorts by time.
    expect((await send(v, [addToCart("p2", at(3, 1)), click("p2", "popular", "home", at(3)), addToCart("p9", at(3, 2))])).status).toBe(202);
    expect((await send(v, [addToCart("p1", at(2))])).status).toBe(202);
    // 8 days after the click of p1: outside the default 7-day window.
    expect((await send(v, [addToCart("p1", at(9, 1))])).status).toBe(202);
    const r = await insights(site, 0, 10);
    expect(r.total.addToCarts).toBe(2);
    expect(row(r.byReason, "because_you_bought")).toMatchObject({ clicks: 1, addToCarts: 1 });
    expect(row(r.byReason, "popular")).toMatchObject({ clicks: 1, addToCarts: 1 });
    expect(row(r.byPlacement, "product")?.addToCarts).toBe(1);
    // Counted on the day of the add to cart.
    expect((await insights(site, 2)).total.addToCarts).toBe(1);
    expect((await insights(site, 9)).total.addToCarts).toBe(0);
  });

  it("attributes an order's clicked line within the window, takes back a partial refund's share, and ignores unclicked or too old clicks", async () => {
    const site = await createSite("recins-order");
    const c = await customerHeaders(site, "recins-buyer-0001", "buyer-1");
    expect((await send(c, [click("old", "popular", "home", at(1)), click("mug", "bought_together", "product", at(8))])).status).toBe(202);
    // Day 9, 1h after the last click: `old` was clicked 8 days (and 1h) before, outside the 7-day window; `tea` never.
    const items = [
      { productId: "mug", quantity: 2, price: 15 },
      { productId: "tea", quantity: 1, price: 20 },
      { productId: "old", quantity: 1, price: 5 },
    ];
    expect((await order(site, "o-rec-1", "buyer-1", at(9, 1), items)).status).toBe(201);
    const day = await insights(site, 9);
    expect(day.total.attributedRevenue).toBe(30);
    expect(row(day.byPlacement, "product")?.attributedRevenue).toBe(30);
    expect(row(day.byReason, "bought_together")?.attributedRevenue).toBe(30);
    expect(row(day.byReason, "popular")).toBeUndefined();
    // The same order again changes nothing.
    expect((await order(site, "o-rec-1", "buyer-1", at(9, 1), items)).status).toBe(200);
    expect((await insights(site, 9)).total.attributedRevenue).toBe(30);

    // 11 of 55 refunded: a fifth of the attributed worth goes back, on the order's day.
    const refund = await call("/v1/orders/o-rec-1/refunds", { method: "POST", headers: server(site), json: { id: "r-rec-1", customerId: "buyer-1", amount: 11, createdAt: at(12) } });
    expect(refund.status).toBe(201);
    expect((await insights(site, 9)).total.attributedRevenue).toBe(24);
    expect((await insights(site, 0, 15)).total.attributedRevenue).toBe(24);
    // The attribution is kept with the order (and exported with it).
    const exported = await okJson<{ orders: { id: string; recs: unknown }[] }>(await call("/v1/customers/buyer-1/export", { headers: server(site) }));
    expect(exported.orders.find((o) => o.id === "o-rec-1")?.recs).toEqual([{ productId: "mug", placement: "product", reason: "bought_together", minor: 3000 }]);
  });

  it("uses the site's attribution window", async () => {
    const site = await createSite("recins-window", { insights: { attributionDays: 10 } });
    const c = await customerHeaders(site, "recins-window-001", "buyer-2");
    expect((await send(c, [click("lamp", "survey_match", "home", at(1)), addToCart("lamp", at(9, 1))])).status).toBe(202);
    expect((await order(site, "o-win-1", "buyer-2", at(9, 2), [{ productId: "lamp", quantity: 1, price: 12.5 }])).status).toBe(201);
    expect((await insights(site, 0, 10)).total).toMatchObject({ addToCarts: 1, attributedRevenue: 12.5 });
    // A new time zone rebuilds what customers' facts give (attributed revenue among it) once, never on top.
    const config = { name: "Shop recins-window", allowedOrigins: [ORIGIN], insights: { attributionDays: 10 }, timeZone: "Asia/Tokyo" };
    expect((await call("/v1/site/config", { method: "PUT", headers: server(site), json: config })).status).toBe(200);
    expect((await insights(site, 0, 10)).total).toMatchObject({ addToCarts: 1, attributedRevenue: 12.5 });
  });

  it("counts a visitor's click for the customer they identify as", async () => {
    const site = await createSite("recins-merge");
    const visitor = "recins-anon-000001";
    expect((await send(visitorHeaders(site, visitor), [click("vase", "recently_viewed", "cart", at(4))])).status).toBe(202);
    const expires = Math.floor(Date.now() / 1000) + 3600;
    const identify = await call("/v1/identify", {
      method: "POST",
      headers: visitorHeaders(site, visitor),
      json: { customerId: "buyer-3", hash: await expiringHash(site.identitySecret, "buyer-3", expires), expires },
    });
    expect(identify.status).toBe(200);
    expect((await send(await customerHeaders(site, visitor, "buyer-3"), [addToCart("vase", at(5))])).status).toBe(202);
    expect((await order(site, "o-merge-1", "buyer-3", at(6), [{ productId: "vase", quantity: 1, price: 40 }])).status).toBe(201);
    const r = await insights(site, 4, 6);
    expect(row(r.byPlacement, "cart")).toMatchObject({ clicks: 1, addToCarts: 1, attributedRevenue: 40 });
    expect(row(r.byReason, "recently_viewed")).toMatchObject({ clicks: 1, addToCarts: 1, attributedRevenue: 40 });
  });
});
