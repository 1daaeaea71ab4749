import { env, runInDurableObject } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { call, createSite, hmacHex, product, server, visitorHeaders, type TestSite } from "./helpers";

/**
 * A punch-card reward is money: six teas earn a free-tea code at once (while the order's points
 * are still pending), so a cancelled or refunded order must take the code back with its stamps,
 * say so in the ledger and tell the shop (`loyalty.reward_voided`) so it can disable the code.
 */
let site: TestSite;
const program = {
  pointsPerUnit: 1,
  pendingDays: 14,
  punchCards: [{ id: "tea-card", name: { en: "Tea card" }, categories: ["tea"], required: 6, rewardId: "free-tea" }],
  rewards: [{ id: "free-tea", name: { en: "A free tea" }, cost: 1, discount: { type: "percent", value: 100 } }],
};

interface Exported {
  ledger: { source: string; kind: string; points: number; reason: string }[];
  redemptions: { id: string; status: string; code: string | null }[];
}
interface Voided {
  type: string;
  data: { customerId: string; redemptionId: string; code: string | null; orderId: string; reason: string };
}

const realFetch = globalThis.fetch;
beforeAll(async () => {
  // The shop's endpoint: answered here, so the outbox's own deliveries never leave the test.
  vi.stubGlobal("fetch", (input: RequestInfo | URL, init?: RequestInit) =>
    new Request(input, init).url.startsWith("https://hooks.example/") ? Promise.resolve(new Response("ok")) : realFetch(input, init),
  );
  site = await createSite("punch-void", { loyalty: program, webhooks: [{ url: "https://hooks.example/revisit", events: ["loyalty.reward_voided"] }] });
  expect((await call("/v1/catalog/products", { method: "PUT", headers: server(site), json: { products: [product("tea", { categories: ["tea"] })] } })).status).toBe(200);
  const codes = Array.from({ length: 12 }, (_, i) => `TEA-${i + 1}`);
  expect((await call("/v1/loyalty/rewards/free-tea/codes", { method: "PUT", headers: server(site), json: { codes } })).status).toBe(200);
});

afterAll(() => vi.unstubAllGlobals());

const teas = (id: string, customerId: string, quantity: number, extra: Record<string, unknown> = {}) => ({
  id,
  customerId,
  items: [{ productId: "tea", quantity, price: 4 }],
  total: 4 * quantity,
  currency: "USD",
  createdAt: new Date().toISOString(),
  ...extra,
});
const post = (path: string, json: unknown) => call(path, { method: "POST", headers: server(site), json });
const exported = async (id: string) => (await (await call(`/v1/customers/${id}/export`, { headers: server(site) })).json()) as Exported;
const shopperCodes = async (id: string) => {
  const res = await call("/v1/experience", {
    headers: visitorHeaders(site, `punch-visitor-${id}-0001`, { "X-Revisit-Customer": id, "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, id) }),
  });
  return JSON.stringify(await res.json()).match(/TEA-\d+/g) ?? [];
};
/** What the outbox recorded for `loyalty.reward_voided` (delivery is the outbox's business, tested elsewhere). */
const voidedEvents = async (): Promise<Voided[]> => {
  const outbox = env.WEBHOOKS.get(env.WEBHOOKS.idFromName("site:punch-void:outbox"));
  return runInDurableObject(outbox, (_o, state) =>
    state.storage.sql
      .exec<{ payload: string }>("SELECT payload FROM outbox WHERE type = 'loyalty.reward_voided' ORDER BY created_at")
      .toArray()
      .map((r) => JSON.parse(r.payload) as Voided),
  );
};
const codeOf = async (customer: string) => (await exported(customer)).redemptions.find((r) => r.status === "issued")?.code ?? null;

describe("a punch-card reward does not outlive the order that earned it", () => {
  it.each([
    ["re-sent as cancelled", (id: string, c: string) => post("/v1/orders", teas(id, c, 6, { status: "cancelled" }))],
    ["re-sent as refunded", (id: string, c: string) => post("/v1/orders", teas(id, c, 6, { status: "refunded" }))],
    ["fully refunded through the refunds route", (id: string, c: string) => post(`/v1/orders/${id}/refunds`, { id: `${id}-refund`, customerId: c, amount: 24 })],
  ])("an order %s voids the code it earned, in the ledger and by webhook", async (how, reverse) => {
    const customer = `void-${how.replaceAll(" ", "-")}`;
    const orderId = `${customer}-o1`;
    expect((await post("/v1/orders", teas(orderId, customer, 6))).status).toBe(201);
    const code = await codeOf(customer);
    expect(code).toMatch(/^TEA-/);
    expect(await shopperCodes(customer)).toContain(code);

    expect((await reverse(orderId, customer)).status).toBeLessThan(300);
    const after = await exported(customer);
    expect(after.redemptions).toEqual([expect.objectContaining({ id: "punch-tea-card-1", status: "voided", code })]);
    expect(after.ledger).toContainEqual(expect.objectContaining({ source: "void:punch-tea-card-1", points: 0, reason: expect.stringContaining(`order ${orderId}`) }));
    expect(await shopperCodes(customer)).not.toContain(code);
    const events = (await voidedEvents()).filter((e) => e.data.customerId === customer);
    expect(events).toEqual([expect.objectContaining({ type: "loyalty.reward_voided", data: expect.objectContaining({ redemptionId: "punch-tea-card-1", code, orderId }) })]);
  });

  it("a reversal sent twice voids once and sends one webhook", async () => {
    const customer = "void-twice";
    expect((await post("/v1/orders", teas("twice-o1", customer, 6))).status).toBe(201);
    await Promise.all([post("/v1/orders", teas("twice-o1", customer, 6, { status: "cancelled" })), post("/v1/orders", teas("twice-o1", customer, 6, { status: "cancelled" }))]);
    expect((await post("/v1/orders/twice-o1/refunds", { id: "twice-r", customerId: customer, amount: 24 })).status).toBeLessThan(500);
    const after = await exported(customer);
    expect(after.ledger.filter((e) => e.source.startsWith("void:"))).toHaveLength(1);
    expect((await voidedEvents()).filter((e) => e.data.customerId === customer)).toHaveLength(1);
  });

  it("a partial refund keeps the stamps and the code", async () => {
    const customer = "void-partial";
    expect((await post("/v1/orders", teas("partial-o1", customer, 6))).status).toBe(201);
    expect((await post("/v1/orders/partial-o1/refunds", { id: "partial-r", customerId: customer, amount: 4 })).status).toBe(201);
    expect((await exported(customer)).redemptions).toEqual([expect.objectContaining({ status: "issued" })]);
  });

  it("only the completions the reversed order made are voided; stamps earned again give a new code", async () => {
    const customer = "void-some";
    expect((await post("/v1/orders", teas("some-o1", customer, 6))).status).toBe(201); // completion 1
    expect((await post("/v1/orders", teas("some-o2", customer, 6))).status).toBe(201); // completion 2
    expect((await post("/v1/orders", teas("some-o2", customer, 6, { status: "cancelled" }))).status).toBe(200);
    const mid = await exported(customer);
    expect(mid.redemptions.map((r) => [r.id, r.status]).sort()).toEqual([
      ["punch-tea-card-1", "issued"],
      ["punch-tea-card-2", "voided"],
    ]);
    expect((await post("/v1/orders", teas("some-o3", customer, 6))).status).toBe(201);
    const again = await exported(customer);
    const renewed = again.redemptions.find((r) => r.id === "punch-tea-card-2-rsome-o3");
    expect(renewed).toMatchObject({ status: "issued", code: expect.stringMatching(/^TEA-/) });
    expect(renewed?.code).not.toBe(mid.redemptions.find((r) => r.id === "punch-tea-card-2")?.code);
    // Cancelling the newest order voids the re-earned one, not the first.
    expect((await post("/v1/orders", teas("some-o3", customer, 6, { status: "cancelled" }))).status).toBe(200);
    const last = await exported(customer);
    expect(Object.fromEntries(last.redemptions.map((r) => [r.id, r.status]))).toEqual({ "punch-tea-card-1": "issued", "punch-tea-card-2": "voided", "punch-tea-card-2-rsome-o3": "voided" });
  });
});
