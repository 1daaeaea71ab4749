import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { rotateOwnKeysRoute } from "../../worker/features/site/site-keys.routes";
import { asConsole, auditOf, invite, signIn, signInOwner } from "./console-helpers";
import { call, createSite, json, okJson, server, visitorHeaders, type ApiError, type RouteJson, type TestSite } from "./helpers";

/**
 * `POST /v1/site/keys/rotate` (the console's key rotation): the owner issues new keys without the
 * admin token; the old ones keep working for the grace period and are refused after it. The clock
 * is fake and moved by hand (a key's end is checked against Date.now() in the Worker, which runs in
 * this isolate), so the grace period is walked to the second, never waited for.
 */
type Rotated = RouteJson<typeof rotateOwnKeysRoute, 201>;
const HOUR = 3_600_000;

let now = Date.UTC(2033, 0, 1, 12);
const setNow = (t: number) => {
  now = t;
  vi.setSystemTime(t);
};
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  setNow(now + 10 * 86_400_000);
});
afterEach(() => vi.useRealTimers());

const rotate = (headers: Record<string, string>, body?: unknown) => call("/v1/site/keys/rotate", { method: "POST", headers, ...(body === undefined ? {} : { json: body }) });
/** A server route with this secret key: 200 while it works, 401 once it has ended. */
const serverStatus = async (secretKey: string) => (await call("/v1/site/config", { headers: { Authorization: `Bearer ${secretKey}` } })).status;
/** A visitor route with this publishable key. */
const visitorStatus = async (site: TestSite, publishableKey: string) => (await call("/v1/experience", { headers: visitorHeaders({ ...site, publishableKey }, "rotation-visitor-0001") })).status;
const signInStatus = async (secretKey: string) => (await call("/admin/session", { method: "POST", json: { secretKey } })).status;
const errorCode = async (res: Response) => (await json<ApiError>(res)).error.code;

describe("POST /v1/site/keys/rotate", () => {
  it("answers new keys once; the old ones work through the grace period and are refused after it", async () => {
    const site = await createSite("rotate-grace");
    const t0 = now;
    const rotated = await okJson<Rotated>(await rotate(server(site), { graceHours: 2 }), 201);
    expect(rotated).toMatchObject({ siteId: site.siteId, graceHours: 2, oldKeysExpireAt: new Date(t0 + 2 * HOUR).toISOString() });
    expect(rotated.publishableKey).toMatch(/^pk_live_[0-9a-f]{48}$/);
    expect(rotated.secretKey).toMatch(/^sk_live_[0-9a-f]{48}$/);
    expect(rotated.secretKey).not.toBe(site.secretKey);

    // During the grace period: old and new, secret and publishable, all work.
    for (const t of [t0, t0 + 2 * HOUR - 1000]) {
      setNow(t);
      expect(await serverStatus(site.secretKey)).toBe(200);
      expect(await visitorStatus(site, site.publishableKey)).toBe(200);
      expect(await serverStatus(rotated.secretKey)).toBe(200);
      expect(await visitorStatus(site, rotated.publishableKey)).toBe(200);
    }
    expect(await signInStatus(site.secretKey)).toBe(200);

    // At its end the old keys stop: server routes, visitor routes and console sign-in.
    setNow(t0 + 2 * HOUR);
    expect(await serverStatus(site.secretKey)).toBe(401);
    expect(await visitorStatus(site, site.publishableKey)).toBe(401);
    expect(await signInStatus(site.secretKey)).toBe(401);
    expect(await serverStatus(rotated.secretKey)).toBe(200);
    expect(await visitorStatus(site, rotated.publishableKey)).toBe(200);
    expect((await signIn({ secretKey: rotated.secretKey })).session).toMatchObject({ siteId: site.siteId, role: "owner" });
  });

  it("graceHours 0 ends the old keys at once; no body means 24 hours", async () => {
    const site = await createSite("rotate-zero");
    const now0 = await okJson<Rotated>(await rotate(server(site), { graceHours: 0 }), 201);
    expect(now0.oldKeysExpireAt).toBe(new Date(now).toISOString());
    // The rotation request itself left the old key's lookup in this isolate's 5-second memo
    // (platform/store.ts): "at once" is as soon as that copy ages out.
    setNow(now + 5_000);
    expect(await serverStatus(site.secretKey)).toBe(401);
    expect(await visitorStatus(site, site.publishableKey)).toBe(401);

    const t0 = now;
    const byDefault = await okJson<Rotated>(await rotate({ Authorization: `Bearer ${now0.secretKey}` }), 201);
    expect(byDefault).toMatchObject({ graceHours: 24, oldKeysExpireAt: new Date(t0 + 24 * HOUR).toISOString() });
    setNow(t0 + 24 * HOUR - 1000);
    expect(await serverStatus(now0.secretKey)).toBe(200);
    setNow(t0 + 24 * HOUR);
    expect(await serverStatus(now0.secretKey)).toBe(401);
    expect(await serverStatus(byDefault.secretKey)).toBe(200);
  });

  it("is the owner's: an owner session may, editors and viewers get 403 and nothing changes", async () => {
    const site = await createSite("rotate-roles");
    const editor = await signIn({ inviteToken: (await invite(site, "ed@rotate.example", "editor")).inviteToken });
    const viewer = await signIn({ inviteToken: (await invite(site, "vi@rotate.example", "viewer")).inviteToken });
    for (const who of [editor, viewer]) {
      const res = await rotate(asConsole(who), { graceHours: 0 });
      expect(res.status, who.session.role).toBe(403);
      expect(await errorCode(res)).toBe("forbidden");
    }
    expect(await serverStatus(site.secretKey)).toBe(200);
    expect((await rotate({ Authorization: `Bearer ${site.publishableKey}` })).status).toBe(403);
    expect((await rotate({})).status).toBe(401);

    const owner = await signInOwner(site);
    expect((await rotate({ Cookie: owner.cookie }, { graceHours: 1 })).status).toBe(403); // a change without CSRF proof
    const res = await rotate(asConsole(owner), { graceHours: 1 });
    expect(res.status).toBe(201);
    const rotated = await json<Rotated>(res);
    expect(await serverStatus(rotated.secretKey)).toBe(200);

    // The audit log names who rotated and when the old keys end, never a key.
    const entries = (await auditOf({ ...site, secretKey: rotated.secretKey })).entries.filter((e) => e.path === "/v1/site/keys/rotate");
    expect(entries.map((e) => [e.actor, e.status])).toEqual([
      ["owner (secret key)", 201],
      ["owner (secret key)", 403], // the try without CSRF proof
      ["vi@rotate.example", 403],
      ["ed@rotate.example", 403],
    ]);
    const text = JSON.stringify(entries);
    for (const secret of [rotated.secretKey, rotated.publishableKey]) expect(text).not.toContain(secret);
    expect(entries[0]?.summary).toContain(rotated.oldKeysExpireAt);
  });

  it("sessions signed in with the old secret key end with it; staff sessions stay", async () => {
    const site = await createSite("rotate-session");
    const before = await signInOwner(site);
    const staff = await signIn({ inviteToken: (await invite(site, "ed@rotate-session.example", "editor")).inviteToken });
    const first = await okJson<Rotated>(await rotate(server(site), { graceHours: 1 }), 201);
    // Within the grace period the old key's session still works.
    setNow(now + HOUR - 1_000);
    expect((await call("/v1/site/config", { headers: asConsole(before, false) })).status).toBe(200);
    setNow(now + 1_000);
    expect((await call("/v1/site/config", { headers: asConsole(before, false) })).status).toBe(401);
    expect((await call("/v1/site/config", { headers: asConsole(staff, false) })).status).toBe(200);
    // A zero grace period ends them at once.
    const again = await signIn({ secretKey: first.secretKey });
    await okJson<Rotated>(await rotate(asConsole(again), { graceHours: 0 }), 201);
    expect((await call("/v1/site/config", { headers: asConsole(again, false) })).status).toBe(401);
  });

  it("refuses a grace period out of range or not whole hours (400), rotating nothing", async () => {
    const site = await createSite("rotate-input");
    for (const body of [{ graceHours: -1 }, { graceHours: 169 }, { graceHours: 1.5 }, { graceHours: "24" }, { graceHours: null }]) {
      const res = await rotate(server(site), body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await call("/v1/site/keys/rotate", { method: "POST", headers: { ...server(site), "Content-Type": "application/json" }, body: "{" })).status).toBe(400);
    setNow(now + 200 * HOUR);
    expect(await serverStatus(site.secretKey)).toBe(200);
  });

  it("two rotations at once both answer working keys; every key working before either ends with the grace period", async () => {
    const site = await createSite("rotate-race");
    const t0 = now;
    const [x, y] = await Promise.all([rotate(server(site), { graceHours: 1 }), rotate(server(site), { graceHours: 1 })]);
    const first = await okJson<Rotated>(x!, 201);
    const second = await okJson<Rotated>(y!, 201);
    expect(first.secretKey).not.toBe(second.secretKey);
    for (const k of [site.secretKey, first.secretKey, second.secretKey]) expect(await serverStatus(k)).toBe(200);
    // Whichever ran second started the grace period of the other's keys too: exactly one pair lasts.
    setNow(t0 + HOUR);
    expect(await serverStatus(site.secretKey)).toBe(401);
    const lasting = [await serverStatus(first.secretKey), await serverStatus(second.secretKey)].sort();
    expect(lasting).toEqual([200, 401]);
  });
});
