import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { RETRY_DELAYS_MS } from "../../worker/features/webhooks/webhooks";
import { call, hmacHex, json, server, visitorHeaders, type DeliveryDetail, type DeliveryPage, type TestSite } from "./helpers";

/**
 * Webhooks out: a local receiver stands in for the shop's endpoint (outbound fetches to
 * receiver.test are answered here; the Worker and its objects run in this isolate), time is
 * driven with a fake clock and each object's alarm is run by hand, so the retry schedule and the
 * trigger moments are walked exactly.
 */
const MIN = 60_000;
const DAY = 86_400_000;
const RECEIVER = "https://receiver.test/hooks";
let site: TestSite;
let webhookSecret: string;

interface Received {
  headers: Record<string, string>;
  body: string;
  status: number;
  /** What the standardwebhooks package made of it on arrival (a real receiver verifies then, within its 5-minute tolerance). */
  verified: { type: string; timestamp: string; data: Record<string, unknown> } | { error: string };
}
/** The receiver answers 503 while down (until `downUntil` on the test clock, or always). */
const receiver = { log: [] as Received[], downUntil: 0, alwaysDown: false };
const realFetch = globalThis.fetch;

beforeAll(async () => {
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    if (new URL(req.url).host !== "receiver.test") return realFetch(input, init);
    const status = receiver.alwaysDown || Date.now() < receiver.downUntil ? 503 : 200;
    const headers = Object.fromEntries(req.headers);
    const body = await req.text();
    let verified: Received["verified"];
    try {
      verified = new Webhook(webhookSecret).verify(body, headers) as Received["verified"];
    } catch (err) {
      verified = { error: String(err) };
    }
    receiver.log.push({ headers, body, status, verified });
    return new Response(status === 200 ? "ok" : "down", { status });
  });
  const res = await call("/v1/admin/sites", { method: "POST", headers: { Authorization: "Bearer admin_test_token" }, json: { id: "hooks", name: "Hooks", allowedOrigins: ["https://shop.example"] } });
  const created = (await res.json()) as TestSite & { webhookSecret: string };
  webhookSecret = created.webhookSecret;
  site = created;
  const config = {
    name: "Hooks",
    allowedOrigins: ["https://shop.example"],
    webhooks: [{ url: RECEIVER, events: ["*"] }],
    triggers: { cartAbandonedMinutes: 30 },
    lapsedAfterDays: 60,
    loyalty: {
      tierBasis: "points",
      tiers: [
        { id: "bronze", name: { en: "Bronze" }, threshold: 0 },
        { id: "gold", name: { en: "Gold" }, threshold: 200 },
      ],
    },
    surveys: [
      {
        id: "skin",
        questions: [
          {
            id: "type",
            type: "single",
            prompt: { en: "Skin?" },
            options: [
              { id: "dry", label: { en: "Dry" } },
              { id: "oily", label: { en: "Oily" } },
            ],
          },
        ],
      },
    ],
  };
  const put = await call("/v1/site/config", { method: "PUT", headers: server(site), json: config });
  expect(put.status).toBe(200);
});
afterAll(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

// Far in the future, so alarms never go off by themselves during a test: each is run by hand.
let now = Date.UTC(2031, 0, 1, 12);
const setNow = (t: number) => {
  now = t;
  vi.setSystemTime(t);
};
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  setNow(now + DAY);
  receiver.log = [];
  receiver.downUntil = 0;
  receiver.alwaysDown = false;
});

const outbox = () => env.WEBHOOKS.get(env.WEBHOOKS.idFromName("site:hooks:outbox"));
const profile = (id: string) => env.PROFILE.get(env.PROFILE.idFromName(`site:hooks:customer:${id}`));
const runOutbox = () => runDurableObjectAlarm(outbox());
const verified = (r: Received) => {
  if ("error" in r.verified) throw new Error(`signature did not verify: ${r.verified.error}`);
  return r.verified;
};
const delivered = (type: string) =>
  receiver.log
    .filter((r) => r.status === 200)
    .map(verified)
    .filter((e) => e.type === type);
const order = (id: string, customerId: string, total: number, at = now) => ({
  id,
  customerId,
  items: [{ productId: "p-1", quantity: 1, price: total }],
  total,
  currency: "USD",
  createdAt: new Date(at).toISOString(),
});
const post = (path: string, json: unknown) => call(path, { method: "POST", headers: server(site), json });
const log = async (query = "") => json<DeliveryPage>(await call(`/v1/webhooks/deliveries${query}`, { headers: server(site) }));
const as = async (customerId: string, visitor: string) =>
  visitorHeaders(site, visitor, { "X-Revisit-Customer": customerId, "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, customerId) });

describe("signed deliveries", () => {
  it("sends order.credited signed per Standard Webhooks, once per order", async () => {
    expect((await post("/v1/orders", order("o-1", "ann", 50))).status).toBe(201);
    expect((await post("/v1/orders", order("o-1", "ann", 50))).status).toBe(200); // duplicate: no second event
    expect(await runOutbox()).toBe(true);
    const events = delivered("order.credited");
    expect(events).toEqual([expect.objectContaining({ type: "order.credited", data: { customerId: "ann", orderId: "o-1", total: 50, currency: "USD", points: 50, balance: 50, pending: 0 } })]);
    const got = receiver.log.find((r) => r.body.includes('"o-1"')) as Received;
    expect(got.headers["webhook-id"]).toMatch(/^evt_/);
    expect(got.headers["webhook-timestamp"]).toBe(String(Math.floor(now / 1000)));
    expect(got.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(() => new Webhook(webhookSecret).verify(got.body.replace("o-1", "o-2"), got.headers)).toThrow(/signature/i);
    // The first order took Ann into Bronze: a tier change.
    expect(delivered("loyalty.tier_changed")).toEqual([expect.objectContaining({ data: expect.objectContaining({ customerId: "ann", from: null, to: "bronze" }) })]);
    expect((await log("?status=delivered")).deliveries.length).toBeGreaterThanOrEqual(2);
  });

  it("sends loyalty.tier_changed when an order lifts a customer into a higher tier", async () => {
    await post("/v1/orders", order("t-1", "tia", 20));
    await post("/v1/orders", order("t-2", "tia", 250));
    await runOutbox();
    expect(delivered("loyalty.tier_changed").map((e) => [e.data.from, e.data.to])).toEqual([
      [null, "bronze"],
      ["bronze", "gold"],
    ]);
  });

  it("sends survey.answered for identified customers only", async () => {
    const visitor = "survey-visitor-0000001";
    expect((await call("/v1/surveys/skin/responses", { method: "POST", headers: visitorHeaders(site, "anon-visitor-000000001"), json: { questionId: "type", answers: ["dry"] } })).status).toBe(201);
    expect((await call("/v1/surveys/skin/responses", { method: "POST", headers: await as("sam", visitor), json: { questionId: "type", answers: ["oily"] } })).status).toBe(201);
    await runOutbox();
    expect(delivered("survey.answered")).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ customerId: "sam", surveyId: "skin", questionId: "type", answers: ["oily"], labels: ["Oily"] }) }),
    ]);
  });
});

describe("segment webhooks", () => {
  it("sends segment.entered when a customer comes into a rule segment, and segment.left when they go", async () => {
    const config = (await (await call("/v1/site/config", { headers: server(site) })).json()) as Record<string, unknown>;
    const bigSpenders = { id: "big-spenders", name: "Big spenders", rule: { field: "spend", op: "gte", value: 100 } };
    expect((await call("/v1/site/config", { method: "PUT", headers: server(site), json: { ...config, segments: [bigSpenders] } })).status).toBe(200);
    await runOutbox();
    receiver.log = [];
    expect((await post("/v1/orders", order("seg-1", "sid", 150))).status).toBe(201);
    await runOutbox();
    expect(delivered("segment.entered").map((e) => e.data)).toEqual([expect.objectContaining({ customerId: "sid", segment: "big-spenders" })]);
    await post("/v1/orders", { ...order("seg-1", "sid", 150), status: "refunded" });
    await runOutbox();
    expect(delivered("segment.left").map((e) => e.data)).toEqual([expect.objectContaining({ customerId: "sid", segment: "big-spenders" })]);
  });
});

describe("a receiver that is down for a while", () => {
  it("still gets every event, with the same webhook-id on each attempt", async () => {
    const start = now;
    receiver.downUntil = start + 3 * 3_600_000; // down for three hours: five attempts fail
    for (const id of ["d-1", "d-2", "d-3"]) expect((await post("/v1/orders", order(id, `down-${id}`, 10))).status).toBe(201);
    let waited = 0;
    for (let attempt = 0; attempt < 6; attempt++) {
      waited += RETRY_DELAYS_MS[attempt] as number;
      setNow(start + waited);
      await runOutbox();
    }
    const byId = new Map<string, Received[]>();
    for (const r of receiver.log) byId.set(r.headers["webhook-id"] as string, [...(byId.get(r.headers["webhook-id"] as string) ?? []), r]);
    const orders = delivered("order.credited")
      .map((e) => e.data.orderId)
      .sort();
    expect(orders).toEqual(["d-1", "d-2", "d-3"]);
    // Every attempt was signed anew and verifies; each event's attempts share its id.
    for (const attempts of byId.values()) for (const a of attempts) expect(verified(a).type).toMatch(/\./);
    const d1 = [...byId.values()].find((a) => a.some((r) => r.body.includes('"d-1"'))) as Received[];
    expect(d1.map((r) => r.status)).toEqual([503, 503, 503, 503, 503, 200]);
    const entry = (await log("?status=delivered")).deliveries.find((d) => d.eventId === d1[0]?.headers["webhook-id"]);
    expect(entry).toMatchObject({ type: "order.credited", endpoint: RECEIVER, status: "delivered", attempts: 6, lastStatus: 200, lastError: null });
    const detail = await json<DeliveryDetail>(await call(`/v1/webhooks/deliveries/${entry?.id}`, { headers: server(site) }));
    expect(detail.attemptLog.map((a) => a.status)).toEqual([503, 503, 503, 503, 503, 200]);
    expect(detail.payload).toMatchObject({ type: "order.credited", data: { orderId: "d-1" } });
  });

  it("dead-letters after eight failed attempts, and a replay delivers it", async () => {
    receiver.alwaysDown = true;
    await post("/v1/orders", order("dead-1", "dora", 10));
    const start = now;
    let waited = 0;
    for (const delay of RETRY_DELAYS_MS) {
      waited += delay;
      setNow(start + waited);
      await runOutbox();
    }
    const dead = await json<DeliveryPage>(await call("/v1/webhooks/dead-letters", { headers: server(site) }));
    const letters = dead.deliveries.filter((d) => d.status === "dead");
    expect(letters.length).toBe(2); // order.credited and the tier change
    expect(letters[0]).toMatchObject({ attempts: 8, lastStatus: 503, lastError: "HTTP 503", nextAttemptAt: null });
    expect(await runOutbox()).toBe(false); // nothing left to try
    receiver.alwaysDown = false;
    receiver.log = [];
    const replay = await call(`/v1/webhooks/deliveries/${letters[0]?.id}/replay`, { method: "POST", headers: server(site) });
    expect(replay.status).toBe(202);
    expect(await replay.json()).toMatchObject({ status: "pending", attempts: 0 });
    const all = await call("/v1/webhooks/dead-letters/replay", { method: "POST", headers: server(site) });
    expect(await all.json()).toEqual({ replayed: 1 });
    await runOutbox();
    expect(receiver.log.map((r) => [verified(r).type, r.status]).sort()).toEqual([
      ["loyalty.tier_changed", 200],
      ["order.credited", 200],
    ]);
    expect((await json<DeliveryPage>(await call("/v1/webhooks/dead-letters", { headers: server(site) }))).deliveries).toEqual([]);
    expect((await call("/v1/webhooks/deliveries/dlv_0000/replay", { method: "POST", headers: server(site) })).status).toBe(404);
  });

  it("pages the log with an opaque cursor, and needs the secret key", async () => {
    const first = await log("?limit=2");
    expect(first.deliveries.length).toBe(2);
    const second = await log(`?limit=2&cursor=${first.nextCursor}`);
    expect(second.deliveries.length).toBeGreaterThan(0);
    expect(second.deliveries[0]?.id).not.toBe(first.deliveries[0]?.id);
    expect((await call("/v1/webhooks/deliveries?cursor=%%%", { headers: server(site) })).status).toBe(400);
    expect((await call("/v1/webhooks/deliveries", { headers: { Authorization: `Bearer ${site.publishableKey}` } })).status).toBe(403);
    expect((await call("/v1/webhooks/deliveries")).status).toBe(401);
  });
});

describe("time-based triggers (Profile object alarms)", () => {
  const cartEvent = (id: string, at: number) => ({ events: [{ id, type: "cart", items: [{ productId: "p-1", quantity: 2 }], at: new Date(at).toISOString() }] });

  it("sends cart.abandoned after the idle minutes, and an order in between cancels it", async () => {
    const t0 = now;
    for (const c of ["cara", "cole"]) {
      const res = await call("/v1/events", { method: "POST", headers: await as(c, `${c}-visitor-00000001`), json: cartEvent(`${c}-cart-1`, t0) });
      expect(res.status).toBe(202);
    }
    // Cole orders ten minutes later: his moment is cancelled.
    setNow(t0 + 10 * MIN);
    await post("/v1/orders", order("cole-1", "cole", 20));
    setNow(t0 + 31 * MIN);
    expect(await runDurableObjectAlarm(profile("cara"))).toBe(true);
    await runDurableObjectAlarm(profile("cole")); // only his (later) lapsed moment is left
    await runOutbox();
    expect(delivered("cart.abandoned")).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ customerId: "cara", idleMinutes: 30, cart: { items: [{ productId: "p-1", quantity: 2 }], updatedAt: new Date(t0).toISOString() } }) }),
    ]);
    // Fired once: running the alarm again sends nothing new.
    receiver.log = [];
    await runDurableObjectAlarm(profile("cara"));
    await runOutbox();
    expect(delivered("cart.abandoned")).toEqual([]);
  });

  it("moves the moment when the cart changes again", async () => {
    const t0 = now;
    await call("/v1/events", { method: "POST", headers: await as("cleo", "cleo-visitor-00000001"), json: cartEvent("cleo-cart-1", t0) });
    setNow(t0 + 20 * MIN);
    await call("/v1/events", { method: "POST", headers: await as("cleo", "cleo-visitor-00000001"), json: cartEvent("cleo-cart-2", t0 + 20 * MIN) });
    setNow(t0 + 31 * MIN);
    await runDurableObjectAlarm(profile("cleo")); // the first moment was replaced: nothing due yet
    await runOutbox();
    expect(delivered("cart.abandoned")).toEqual([]);
    setNow(t0 + 51 * MIN);
    await runDurableObjectAlarm(profile("cleo"));
    await runOutbox();
    expect(delivered("cart.abandoned").map((e) => e.data.cart)).toEqual([{ items: [{ productId: "p-1", quantity: 2 }], updatedAt: new Date(t0 + 20 * MIN).toISOString() }]);
  });

  it("sends customer.lapsed when no order follows, and nothing when one does", async () => {
    const t0 = now;
    await post("/v1/orders", order("lap-1", "lana", 10, t0));
    await post("/v1/orders", order("lap-2", "liam", 10, t0));
    setNow(t0 + 30 * DAY);
    await post("/v1/orders", order("lap-3", "liam", 10, t0 + 30 * DAY)); // Liam keeps buying
    setNow(t0 + 61 * DAY);
    expect(await runDurableObjectAlarm(profile("lana"))).toBe(true);
    await runDurableObjectAlarm(profile("liam")); // his moment moved: last order + 30-day rhythm + 14 days grace
    await runOutbox();
    expect(delivered("customer.lapsed").map((e) => [e.data.customerId, e.data.daysSinceLastOrder])).toEqual([["lana", 61]]);
    receiver.log = [];
    setNow(t0 + 30 * DAY + 30 * DAY + 14 * DAY + MIN);
    await runDurableObjectAlarm(profile("liam"));
    await runOutbox();
    expect(delivered("customer.lapsed").map((e) => [e.data.customerId, e.data.orders])).toEqual([["liam", 2]]);
  });

  it("sends customer.birthday on the day, every year", async () => {
    const year = new Date(now).getUTCFullYear();
    expect((await call("/v1/customers/bea", { method: "PATCH", headers: server(site), json: { birthday: "1990-12-24", firstName: "Bea" } })).status).toBe(200);
    const first = Date.UTC(now > Date.UTC(year, 11, 24, 9) ? year + 1 : year, 11, 24, 9);
    setNow(first);
    expect(await runDurableObjectAlarm(profile("bea"))).toBe(true);
    await runOutbox();
    expect(delivered("customer.birthday")).toEqual([expect.objectContaining({ data: expect.objectContaining({ customerId: "bea", firstName: "Bea", birthday: "1990-12-24" }) })]);
    receiver.log = [];
    setNow(Date.UTC(new Date(first).getUTCFullYear() + 1, 11, 24, 9));
    expect(await runDurableObjectAlarm(profile("bea"))).toBe(true);
    await runOutbox();
    expect(delivered("customer.birthday").length).toBe(1);
  });
});
