import { beforeAll, describe, expect, it } from "vitest";
import type { adjustPointsRoute } from "../../worker/features/loyalty/loyalty.routes";
import { asConsole, invite, signIn } from "./console-helpers";
import { type ApiError, call, createSite, getCustomer, getCustomerExport, json, okJson, server, type RouteJson, type TestSite } from "./helpers";

type Adjusted = RouteJson<typeof adjustPointsRoute, 201>;

/**
 * `POST /v1/customers/{id}/points`: the shop's own adjustments reach money (points are spent on
 * discount codes), so they are attacked here: retries, races, reused keys, overdrafts, odd input
 * and roles. The ledger, the balance, the export and the insights must agree afterwards.
 */
let site: TestSite;
const program = {
  tiers: [
    { id: "silver", name: { en: "Silver" }, threshold: 0 },
    { id: "gold", name: { en: "Gold" }, threshold: 150 },
  ],
  expiryDays: 365,
};

const adjust = (customerId: string, key: string, body: unknown, headers: Record<string, string> = server(site)) =>
  call(`/v1/customers/${customerId}/points`, { method: "POST", headers: { ...headers, "Idempotency-Key": key }, json: body });
const balanceOf = async (id: string) => (await getCustomer(site, id)).loyalty.points;
const adjustLines = async (id: string) => (await getCustomerExport(site, id)).ledger.filter((e) => e.kind === "adjust");

beforeAll(async () => {
  site = await createSite("points-adjust", { loyalty: program });
  for (const id of ["ann", "bo", "cy", "dee"]) {
    const order = { id: `o-${id}`, customerId: id, items: [{ productId: "p1", quantity: 1, price: 100 }], total: 100, currency: "USD", createdAt: "2026-11-01T10:00:00Z" };
    expect((await call("/v1/orders", { method: "POST", headers: server(site), json: order })).status).toBe(201);
  }
});

describe("POST /v1/customers/{id}/points", () => {
  it("credits and debits with a reason on the ledger, the view and the export", async () => {
    expect(await balanceOf("ann")).toBe(100);
    const credit = await adjust("ann", "goodwill-1", { points: 50, reason: "Parcel arrived late" });
    expect(credit.status).toBe(201);
    const body = await json<Adjusted>(credit);
    expect(body).toMatchObject({ adjustment: { idempotencyKey: "goodwill-1", points: 50, reason: "Parcel arrived late" }, balance: 150, duplicate: false });
    expect(Date.parse(body.adjustment.at)).toBeGreaterThan(0);
    const debit = await okJson<Adjusted>(await adjust("ann", "fix-2", { points: -30, reason: "  Double credit on order o-ann  " }), 201);
    expect(debit).toMatchObject({ adjustment: { points: -30, reason: "Double credit on order o-ann" }, balance: 120 });
    expect(await balanceOf("ann")).toBe(120);
    expect((await adjustLines("ann")).map((e) => [e.source, e.points, e.reason])).toEqual([
      ["adjust:goodwill-1", 50, "Parcel arrived late"],
      ["adjust:fix-2", -30, "Double credit on order o-ann"],
    ]);
  });

  it("does not move tiers: a goodwill credit is not something the customer earned", async () => {
    expect((await getCustomer(site, "bo")).loyalty.tier?.id).toBe("silver");
    await okJson<Adjusted>(await adjust("bo", "big-credit", { points: 500, reason: "Apology" }), 201);
    const view = await getCustomer(site, "bo");
    expect(view.loyalty.points).toBe(600);
    expect(view.loyalty.tier?.id).toBe("silver");
  });

  it("a retry with the same key and body writes nothing and answers as the first time", async () => {
    const first = await okJson<Adjusted>(await adjust("cy", "retry-me", { points: 25, reason: "Survey thanks" }), 201);
    const again = await adjust("cy", "retry-me", { points: 25, reason: "Survey thanks" });
    expect(again.status).toBe(200);
    expect(await json<Adjusted>(again)).toEqual({ ...first, duplicate: true });
    expect(await adjustLines("cy")).toHaveLength(1);
    expect(await balanceOf("cy")).toBe(125);
  });

  it("refuses a reused key with another body, and an overdraft, writing nothing", async () => {
    const reused = await adjust("cy", "retry-me", { points: 26, reason: "Survey thanks" });
    expect(reused.status).toBe(409);
    expect((await json<ApiError>(reused)).error.details).toMatchObject({ reason: "idempotency_key_reused" });
    const overdraft = await adjust("cy", "too-much", { points: -126, reason: "Chargeback" });
    expect(overdraft.status).toBe(409);
    expect((await json<ApiError>(overdraft)).error.details).toEqual({ reason: "insufficient_points", balance: 125 });
    expect(await adjustLines("cy")).toHaveLength(1);
    // Exactly the balance may be taken.
    expect((await okJson<Adjusted>(await adjust("cy", "all-of-it", { points: -125, reason: "Chargeback" }), 201)).balance).toBe(0);
  });

  it("twenty racing requests with one key write one line; twenty keys write the exact sum", async () => {
    const same = await Promise.all(Array.from({ length: 20 }, () => adjust("dee", "race", { points: 7, reason: "Race" })));
    expect(same.map((r) => r.status).sort((a, b) => a - b)).toEqual([...Array(19).fill(200), 201]);
    const many = await Promise.all(Array.from({ length: 20 }, (_, i) => adjust("dee", `race-${i}`, { points: i % 2 ? -3 : 5, reason: "Race" })));
    expect(many.every((r) => r.status === 201)).toBe(true);
    expect(await adjustLines("dee")).toHaveLength(21);
    expect(await balanceOf("dee")).toBe(100 + 7 + 10 * 5 - 10 * 3);
  });

  it("counts in the loyalty insights: credits as issued, debits as reversed", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const l = await okJson<{ points: { issued: number; reversed: number } }>(await call(`/v1/insights/loyalty?from=2026-11-01&to=${today}`, { headers: server(site) }));
    // Orders 4 × 100, credits 50 + 500 + 25 + 7 + 10 × 5; debits 30 + 125 + 10 × 3.
    expect(l.points.issued).toBe(400 + 50 + 500 + 25 + 7 + 50);
    expect(l.points.reversed).toBe(30 + 125 + 30);
  });

  it("refuses odd input with 400, an unknown customer with 404, and callers without the right", async () => {
    for (const body of [
      { points: 0, reason: "x" },
      { points: 1.5, reason: "x" },
      { points: 1_000_001, reason: "x" },
      { points: "10", reason: "x" },
      { points: 5 },
      { points: 5, reason: "   " },
      { points: 5, reason: "a\u0000b" },
      { points: 5, reason: "x".repeat(201) },
    ])
      expect((await adjust("ann", "odd", body)).status).toBe(400);
    expect((await call("/v1/customers/ann/points", { method: "POST", headers: server(site), json: { points: 5, reason: "no key" } })).status).toBe(400);
    expect((await adjust("ann", "bad key with spaces", { points: 5, reason: "x" })).status).toBe(400);
    expect((await adjust("nobody-here", "k1", { points: 5, reason: "x" })).status).toBe(404);
    expect((await adjust("ann", "k2", { points: 5, reason: "x" }, {})).status).toBe(401);
    expect((await adjust("ann", "k3", { points: 5, reason: "x" }, { Authorization: `Bearer ${site.publishableKey}` })).status).toBe(403);
    const viewer = await signIn({ inviteToken: (await invite(site, "viewer@example.com", "viewer")).inviteToken });
    expect((await adjust("ann", "k4", { points: 5, reason: "x" }, asConsole(viewer))).status).toBe(403);
    const editor = await signIn({ inviteToken: (await invite(site, "editor@example.com", "editor")).inviteToken });
    expect((await adjust("ann", "k5", { points: 5, reason: "Editor credit" }, asConsole(editor))).status).toBe(201);
    expect(await balanceOf("ann")).toBe(125);
  });
});
