import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  call,
  createSite,
  getCustomer,
  getExperience,
  hmacHex,
  json,
  product,
  server,
  visitorHeaders,
  type ActionResult,
  type ApiError,
  type OrderResult,
  type Redemption,
  type ShopifyAnswer,
  type TestSite,
} from "./helpers";

const DAY = 86_400_000;
let site: TestSite;

const program = {
  pointsPerUnit: 1,
  currencyRates: { EUR: 2 },
  rounding: "floor",
  actions: { first_order: 50, review: 20, referral: 100, referral_friend: 40 },
  actionLimits: { review: { perDay: 1 } },
  tierBasis: "points",
  tierWindow: "rolling_12_months",
  tiers: [
    { id: "bronze", name: { en: "Bronze" }, threshold: 0 },
    { id: "gold", name: { en: "Gold", ar: "ذهبي" }, threshold: 300, multiplier: 2, earlyAccess: true },
  ],
  pendingDays: 14,
  punchCards: [{ id: "tea-card", name: { en: "Tea card" }, categories: ["tea"], required: 6, rewardId: "free-tea" }],
  rewards: [
    { id: "free-tea", name: { en: "A free tea" }, cost: 1, discount: { type: "percent", value: 100 } },
    { id: "five-off", name: { en: "$5 off" }, cost: 100, discount: { type: "fixed", value: 5 } },
    { id: "empty", name: { en: "Sold out" }, cost: 10, discount: { type: "percent", value: 10 } },
  ],
};

beforeAll(async () => {
  site = await createSite("loyal", { loyalty: program });
  const products = [product("tea-1", { categories: ["tea"] }), product("mug", { categories: ["kitchen"] })];
  expect((await call("/v1/catalog/products", { method: "PUT", headers: server(site), json: { products } })).status).toBe(200);
  const pool = await call("/v1/loyalty/rewards/free-tea/codes", { method: "PUT", headers: server(site), json: { codes: ["TEA-1", "TEA-2", "TEA-3"] } });
  expect(pool.status).toBe(200);
});
afterEach(() => vi.useRealTimers());

const order = (id: string, customerId: string, total: number, createdAt: string, extra: Record<string, unknown> = {}) => ({
  id,
  customerId,
  items: [{ productId: "tea-1", quantity: 4, price: total / 4 }],
  total,
  currency: "USD",
  createdAt,
  ...extra,
});
const post = async <T = OrderResult>(path: string, body: unknown) => {
  const res = await call(path, { method: "POST", headers: server(site), json: body });
  return { status: res.status, body: await json<T>(res) };
};
const profile = (id: string) => getCustomer(site, id);
const as = async (customerId: string, visitor: string) =>
  visitorHeaders(site, visitor, { "X-Revisit-Customer": customerId, "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, customerId) });

describe("earning and the return window", () => {
  it("keeps order points pending for the return window, then makes them available", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const t0 = Date.UTC(2026, 2, 1, 12);
    vi.setSystemTime(t0);
    const first = await post("/v1/orders", order("p-1", "ann", 120.9, new Date(t0).toISOString()));
    expect(first.status).toBe(201);
    // 120 for the order + 50 first-order bonus, both pending for 14 days.
    expect(first.body).toMatchObject({ pointsChange: 170, points: 0, pending: 170 });
    expect((await profile("ann")).loyalty).toMatchObject({ points: 0, pending: 170, punchCards: [{ id: "tea-card", stamps: 4, required: 6, completed: 0 }] });
    vi.setSystemTime(t0 + 15 * DAY);
    expect((await profile("ann")).loyalty).toMatchObject({ points: 170, pending: 0 });
  });

  it("earns at the currency's rate and doubles points once the customer is Gold", async () => {
    const now = Date.now();
    const eur = await post("/v1/orders", order("g-1", "ben", 100, new Date(now - 3 * DAY).toISOString(), { currency: "EUR" }));
    expect(eur.body.pointsChange).toBe(250); // 100 EUR × 2 + 50 first-order bonus → Gold (300 needs … 250 so far)
    const usd = await post("/v1/orders", order("g-2", "ben", 60, new Date(now - 2 * DAY).toISOString()));
    expect(usd.body.pointsChange).toBe(60); // still Bronze when placed: ×1 → 310, now Gold
    const gold = await post("/v1/orders", order("g-3", "ben", 10, new Date(now - DAY).toISOString()));
    expect(gold.body.pointsChange).toBe(20); // Gold multiplier 2
    const p = await profile("ben");
    expect(p.loyalty).toMatchObject({ tier: { id: "gold" }, benefits: { multiplier: 2, earlyAccess: true }, pending: 330 });
    expect(p.loyalty.punchCards[0]).toMatchObject({ stamps: 0, completed: 2 });
    // Each completed card delivered its free item as a code, without charging points.
    expect(p.loyalty.redeemed.map((r: { rewardId: string; code: string }) => [r.rewardId, r.code]).sort()).toEqual([
      ["free-tea", "TEA-1"],
      ["free-tea", "TEA-2"],
    ]);
  });
});

describe("refunds", () => {
  it("reverses partial refunds proportionally, full refunds completely, and each refund id once", async () => {
    const at = new Date(Date.now() - 30 * DAY).toISOString();
    await post("/v1/orders", order("r-1", "cat", 200, at));
    expect((await profile("cat")).loyalty.points).toBe(250);
    const part = await post("/v1/orders/r-1/refunds", { id: "rf-1", customerId: "cat", amount: 50 });
    expect(part.status).toBe(201);
    expect(part.body).toMatchObject({ status: "partially_refunded", pointsChange: -50, points: 200 });
    expect((await post("/v1/orders/r-1/refunds", { id: "rf-1", customerId: "cat", amount: 50 })).body).toMatchObject({ result: "duplicate", points: 200 });
    // The rest of the order: its points and the first-order bonus go.
    const rest = await post("/v1/orders", order("r-1", "cat", 200, at, { status: "cancelled" }));
    expect(rest.body).toMatchObject({ result: "updated", status: "cancelled", points: 0 });
    expect((await post("/v1/orders/r-1/refunds", { id: "rf-9", customerId: "cat", amount: 10 })).body.pointsChange).toBe(0);
    expect((await post("/v1/orders/nope/refunds", { id: "rf-2", customerId: "cat" })).status).toBe(404);
  });

  it("shows points reversed after they were spent as owed instead of a silent minus", async () => {
    const at = new Date(Date.now() - 30 * DAY).toISOString();
    await post("/v1/orders", order("o-1", "dan", 100, at));
    expect((await profile("dan")).loyalty.points).toBe(150);
    await call("/v1/loyalty/rewards/five-off/codes", { method: "PUT", headers: server(site), json: { codes: ["CODE-A"] } });
    const redeem = await call("/v1/loyalty/rewards/five-off/redeem", { method: "POST", headers: await as("dan", "dan-device-000001") });
    expect(redeem.status).toBe(201);
    const refund = await post("/v1/orders", order("o-1", "dan", 100, at, { status: "refunded" }));
    expect(refund.body).toMatchObject({ points: -100, owed: 100 });
    expect((await profile("dan")).loyalty).toMatchObject({ points: -100, owed: 100 });
  });
});

describe("rewards", () => {
  it("redeems atomically: two tabs with points for one reward get one code", async () => {
    await post("/v1/orders", order("w-1", "eve", 100, new Date(Date.now() - 30 * DAY).toISOString())); // 150 points
    const pool = await call("/v1/loyalty/rewards/five-off/codes", { method: "PUT", headers: server(site), json: { codes: ["FIVE-1", "FIVE-2", "FIVE-3"] } });
    expect(await pool.json()).toMatchObject({ added: 3 });
    const headers = await as("eve", "eve-device-0000001");
    const [a, b] = await Promise.all([call("/v1/loyalty/rewards/five-off/redeem", { method: "POST", headers }), call("/v1/loyalty/rewards/five-off/redeem", { method: "POST", headers })]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const won = await json<Redemption>(a.status === 201 ? a : b);
    expect(won).toMatchObject({ rewardId: "five-off", points: 50 });
    expect(won.code).toMatch(/^FIVE-\d$/);
    const lost = await json<ApiError>(a.status === 201 ? b : a);
    expect(lost.error.details).toMatchObject({ reason: "insufficient_points" });
    const p = await profile("eve");
    expect(p.loyalty.points).toBe(50);
    expect(p.loyalty.redeemed).toEqual([expect.objectContaining({ rewardId: "five-off", code: won.code })]);
  });

  it("returns the points when the pool is empty, repeats a redemption by idempotency key, and refuses anonymous shoppers", async () => {
    await post("/v1/orders", order("w-2", "fay", 100, new Date(Date.now() - 30 * DAY).toISOString()));
    const headers = await as("fay", "fay-device-0000001");
    const empty = await call("/v1/loyalty/rewards/empty/redeem", { method: "POST", headers });
    expect(empty.status).toBe(409);
    expect((await json<ApiError>(empty)).error.details).toMatchObject({ reason: "reward_unavailable" });
    expect((await profile("fay")).loyalty.points).toBe(150);
    await call("/v1/loyalty/rewards/five-off/codes", { method: "PUT", headers: server(site), json: { codes: ["FAY-1", "FAY-2"] } });
    const key = { ...headers, "Idempotency-Key": "fay-redeem-0001" };
    const one = await json<Redemption>(await call("/v1/loyalty/rewards/five-off/redeem", { method: "POST", headers: key }));
    const two = await json<Redemption>(await call("/v1/loyalty/rewards/five-off/redeem", { method: "POST", headers: key }));
    expect(two.code).toBe(one.code);
    expect((await profile("fay")).loyalty.points).toBe(50);
    const anon = await call("/v1/loyalty/rewards/five-off/redeem", { method: "POST", headers: visitorHeaders(site, "anon-device-000001") });
    expect(anon.status).toBe(403);
    expect((await call("/v1/loyalty/rewards/nope/redeem", { method: "POST", headers })).status).toBe(404);
  });

  it("awards actions once per id within the caps", async () => {
    const a = await post<ActionResult>("/v1/customers/gus/actions", { action: "review", id: "review-1" });
    expect(a.body).toMatchObject({ result: "awarded", points: 20, balance: 20 });
    expect((await post<ActionResult>("/v1/customers/gus/actions", { action: "review", id: "review-1" })).body.result).toBe("duplicate");
    expect((await post<ActionResult>("/v1/customers/gus/actions", { action: "review", id: "review-2" })).body).toMatchObject({ result: "daily_limit", points: 0 });
    expect((await post<ActionResult>("/v1/customers/gus/actions", { action: "birthday", id: "2026" })).body.result).toBe("not_in_program");
    expect((await post<ActionResult>("/v1/customers/gus/actions", { action: "referral", id: "x" })).status).toBe(400);
  });
});

describe("referrals", () => {
  it("rewards both sides on the friend's first order, survives identify, refuses self-referral, reverses on refund", async () => {
    // The referrer sees their code and link in the experience.
    const referrer = await getExperience(await as("hal", "hal-device-0000001"));
    const code = referrer.loyalty?.referral?.code;
    const url = referrer.loyalty?.referral?.url;
    expect(code).toMatch(/^[A-Z0-9]{10}$/);
    expect(url).toContain(`rv_ref=${code}`);

    // Hal cannot refer himself.
    expect((await call("/v1/referrals/visits", { method: "POST", headers: visitorHeaders(site, "hal-other-device01"), json: { code } })).status).toBe(200);
    const selfId = await call("/v1/identify", { method: "POST", headers: visitorHeaders(site, "hal-other-device01"), json: { customerId: "hal", hash: await hmacHex(site.identitySecret, "hal") } });
    expect(selfId.status).toBe(200);

    // A friend lands through the link anonymously, then signs up.
    const friendDevice = "ivy-device-0000001";
    const visit = await call("/v1/referrals/visits", { method: "POST", headers: visitorHeaders(site, friendDevice), json: { code } });
    expect(await visit.json()).toEqual({ recorded: true });
    await call("/v1/identify", { method: "POST", headers: visitorHeaders(site, friendDevice), json: { customerId: "ivy", hash: await hmacHex(site.identitySecret, "ivy"), email: "ivy@example.com" } });
    const progress = async () => (await getExperience(await as("hal", "hal-device-0000001"))).loyalty?.referral;
    expect(await progress()).toMatchObject({ friendsJoined: 1, friendsOrdered: 0 });

    const at = new Date(Date.now() - 30 * DAY).toISOString();
    const first = await post("/v1/orders", order("ivy-1", "ivy", 40, at));
    expect(first.body.pointsChange).toBe(40 + 50 + 40); // order + first-order bonus + friend reward
    // The order is older than the return window, so the rewards are available at once.
    expect((await profile("hal")).loyalty).toMatchObject({ points: 100, pending: 0 });
    expect(await progress()).toMatchObject({ friendsJoined: 1, friendsOrdered: 1 });
    // A second order does not reward again.
    await post("/v1/orders", order("ivy-2", "ivy", 40, at));
    expect((await profile("hal")).loyalty.points).toBe(100);

    // Refunding the qualifying order takes both rewards back.
    await post("/v1/orders", order("ivy-1", "ivy", 40, at, { status: "refunded" }));
    expect((await profile("hal")).loyalty).toMatchObject({ pending: 0, points: 0 });
    expect((await profile("ivy")).loyalty.pending + (await profile("ivy")).loyalty.points).toBe(40);
  });
});

describe("Shopify refunds", () => {
  const sign = async (body: string) => {
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(site.shopifySecret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body)))));
  };
  const hook = async (topic: string, payload: unknown, webhookId: string) => {
    const body = JSON.stringify(payload);
    const res = await call(`/v1/integrations/shopify/orders?site=${site.siteId}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Topic": topic, "X-Shopify-Hmac-Sha256": await sign(body), "X-Shopify-Webhook-Id": webhookId },
      body,
    });
    return json<ShopifyAnswer>(res);
  };
  const created = new Date(Date.now() - 20 * DAY).toISOString();
  const shopifyOrder = {
    id: 450789469,
    email: "bob.norman@mail.example.com",
    created_at: created,
    currency: "USD",
    total_price: "100.00",
    financial_status: "pending",
    cancelled_at: null,
    customer: { id: 207119551 },
    line_items: [{ product_id: 632910392, variant_id: 39072856, quantity: 2, price: "50.00" }],
  };

  it("credits on payment, not on an unpaid orders/create, and reverses a refunds/create", async () => {
    expect(await hook("orders/create", shopifyOrder, "wh-1")).toMatchObject({ result: "ignored_unpaid" });
    expect(await hook("orders/paid", { ...shopifyOrder, financial_status: "paid" }, "wh-2")).toMatchObject({ result: "created", orderId: "shopify-450789469" });
    expect(await hook("orders/paid", { ...shopifyOrder, financial_status: "paid" }, "wh-2")).toMatchObject({ result: "duplicate_delivery" });
    expect((await profile("207119551")).loyalty.points).toBe(150);
    const refund = {
      id: 509562969,
      order_id: 450789469,
      created_at: new Date().toISOString(),
      processed_at: new Date().toISOString(),
      refund_line_items: [{ id: 104689539, quantity: 1, line_item_id: 703073504, subtotal: 50 }],
      transactions: [{ id: 179259969, amount: "50.00", kind: "refund", status: "success" }],
    };
    expect(await hook("refunds/create", refund, "wh-3")).toMatchObject({ result: "refunded" });
    expect((await profile("207119551")).loyalty.points).toBe(100);
    expect(await hook("refunds/create", { ...refund, order_id: 1 }, "wh-4")).toMatchObject({ result: "ignored_unknown_order" });
  });
});
