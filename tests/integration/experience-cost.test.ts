/**
 * What an identified shopper's `GET /v1/experience` costs the Durable Objects, checked by what they
 * store rather than by timings (bench/experience measures the time): a page load inside a visit
 * writes nothing, and the referral progress is read from the Site once, then kept on the profile
 * until the Site reports a change.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { ProfileState } from "../../worker/features/customers/profile";
import { call, createSite, hmacHex, product, server, visitorHeaders, type TestSite } from "./helpers";

let site: TestSite;

beforeAll(async () => {
  site = await createSite("exp-cost", { loyalty: { pointsPerUnit: 1, actions: { referral: 100, referral_friend: 40 } } });
  expect((await call("/v1/catalog/products", { method: "PUT", headers: server(site), json: { products: [product("tea-1"), product("mug")] } })).status).toBe(200);
});

const as = async (customerId: string, device: string) => visitorHeaders(site, device, { "X-Revisit-Customer": customerId, "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, customerId) });
const experience = async (customerId: string, device: string) => {
  const res = await call("/v1/experience", { headers: await as(customerId, device) });
  expect(res.status).toBe(200);
  return (await res.json()) as { loyalty: { referral: { code: string; friendsJoined: number; friendsOrdered: number } } };
};
const profileObject = (customerId: string) => env.PROFILE.get(env.PROFILE.idFromName(`site:${site.siteId}:customer:${customerId}`));
/** The stored profile row's version (bumped by every write) and what the object keeps for referrals. */
const stored = (customerId: string) =>
  runInDurableObject(profileObject(customerId), (_o, state: DurableObjectState) => {
    const row = state.storage.sql.exec<{ state: string }>("SELECT state FROM profile").toArray()[0];
    const p = row ? (JSON.parse(row.state) as ProfileState) : null;
    return { version: p?.version ?? 0, visits: p?.visits ?? 0, referral: state.storage.kv.get<{ friendsJoined: number }>("referral") ?? null };
  });

describe("experience cost", () => {
  it("counts a visit once and does not rewrite the profile on later page loads of the same visit", async () => {
    await experience("ann", "ann-device-000001");
    const first = await stored("ann");
    expect(first.visits).toBe(1);
    for (let i = 0; i < 5; i++) await experience("ann", "ann-device-000001");
    const later = await stored("ann");
    expect(later).toMatchObject({ version: first.version, visits: 1 });
  });

  it("keeps the referral progress on the profile and drops it when a friend joins", async () => {
    const { code } = (await experience("bob", "bob-device-000001")).loyalty.referral;
    expect((await stored("bob")).referral).toMatchObject({ code, friendsJoined: 0 });

    // A friend arrives through the link and signs up: the Site tells Bob's profile at once.
    const friend = "cat-device-000001";
    expect((await call("/v1/referrals/visits", { method: "POST", headers: visitorHeaders(site, friend), json: { code } })).status).toBe(200);
    const identify = await call("/v1/identify", { method: "POST", headers: visitorHeaders(site, friend), json: { customerId: "cat", hash: await hmacHex(site.identitySecret, "cat") } });
    expect(identify.status).toBe(200);
    expect((await stored("bob")).referral).toBeNull();

    expect((await experience("bob", "bob-device-000001")).loyalty.referral).toMatchObject({ code, friendsJoined: 1, friendsOrdered: 0 });
    expect((await stored("bob")).referral).toMatchObject({ code, friendsJoined: 1 });

    // Her first order changes Bob's counts again.
    const order = { id: "cat-1", customerId: "cat", items: [{ productId: "tea-1", quantity: 1, price: 20 }], total: 20, currency: "USD", createdAt: new Date().toISOString() };
    expect((await call("/v1/orders", { method: "POST", headers: server(site), json: order })).status).toBe(201);
    expect((await experience("bob", "bob-device-000001")).loyalty.referral).toMatchObject({ friendsJoined: 1, friendsOrdered: 1 });
  });
});
