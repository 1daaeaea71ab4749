import { env, runInDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ADMIN, call, createSite, json, okJson, ORIGIN, server, WORKER_ORIGIN, type ApiError, type SiteConfig, type TestSite } from "./helpers";
import { asConsole, config, invite, setCookieOf, signIn, signInOwner, type ConsoleSession } from "./console-helpers";

/**
 * The merchant console's sign-in (issue 12): sessions by secret key, admin token or staff invite,
 * the session cookie in place of a key on /v1 server routes, CSRF on changes, roles, one site per
 * session, sign-out, expiry and revoked staff. Time is moved with fake timers, never waited for.
 */
let a: TestSite;
let b: TestSite;

beforeAll(async () => {
  a = await createSite("console-a");
  b = await createSite("console-b");
});
afterEach(() => vi.useRealTimers());

const errorCode = async (res: Response) => (await json<ApiError>(res)).error.code;
const putConfig = (headers: Record<string, string>, name: string) => call("/v1/site/config", { method: "PUT", headers, json: config(name) });
const siteRows = (site: TestSite, query: string) =>
  runInDurableObject(env.SITE.get(env.SITE.idFromName(site.siteId)), (_o, state) => state.storage.sql.exec<Record<string, SqlStorageValue>>(query).toArray());
const sha256 = async (s: string) => [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(s)))].map((x) => x.toString(16).padStart(2, "0")).join("");

describe("sign-in", () => {
  it("with the secret key: the owner, and an HttpOnly, SameSite=Strict, Secure 12-hour cookie (the test host is https://revisit.test)", async () => {
    const res = await call("/admin/session", { method: "POST", json: { secretKey: a.secretKey } });
    const body = await okJson<ConsoleSession>(res);
    expect(body).toMatchObject({ siteId: a.siteId, siteName: "Shop console-a", role: "owner", actor: "owner (secret key)" });
    expect(body.csrfToken).toMatch(/^[0-9a-f]{48}$/);
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(12 * 3600_000 - 60_000);
    const cookie = setCookieOf(res);
    expect(cookie).toMatch(new RegExp(`^revisit_session=${a.siteId}\\.[0-9a-f]{64}; `));
    for (const attr of ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200", "Secure"]) expect(cookie.split("; ")).toContain(attr);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
  });

  it("on localhost (wrangler dev over plain HTTP) the cookie has no Secure", async () => {
    const req = new Request("http://localhost:8787/admin/session", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ secretKey: a.secretKey }) });
    const cookie = setCookieOf(await exports.default.fetch(req));
    expect(cookie).toContain("HttpOnly");
    expect(cookie.split("; ")).not.toContain("Secure");
  });

  it("with the admin token and a site: the operator, as owner of that site", async () => {
    const { session } = await signIn({ adminToken: ADMIN, siteId: b.siteId });
    expect(session).toMatchObject({ siteId: b.siteId, role: "owner", actor: "operator (admin token)" });
    const unknown = await call("/admin/session", { method: "POST", json: { adminToken: ADMIN, siteId: "no-such-site" } });
    expect(unknown.status).toBe(404);
  });

  it("refuses wrong credentials with 401 and malformed bodies with 400, setting no cookie", async () => {
    const bodies = [
      { secretKey: `${a.secretKey}x` },
      { secretKey: a.publishableKey },
      { adminToken: `${ADMIN}x`, siteId: a.siteId },
      { inviteToken: `${a.siteId}.inv_${"0".repeat(64)}` },
      { inviteToken: "not-a-token" },
    ];
    for (const body of bodies) {
      const res = await call("/admin/session", { method: "POST", json: body });
      expect(res.status, JSON.stringify(body)).toBe(401);
      expect(await errorCode(res)).toBe("unauthorized");
      expect(res.headers.get("Set-Cookie")).toBeNull();
    }
    expect((await call("/admin/session", { method: "POST", json: { secretKey: a.secretKey, siteId: b.siteId } })).status).toBe(400);
  });

  it("stores only the SHA-256 of the session token", async () => {
    const c = await signInOwner(a);
    const token = c.cookie.slice("revisit_session=".length);
    const rows = await siteRows(a, "SELECT * FROM console_sessions");
    expect(rows.map((r) => r.hash)).toContain(await sha256(token));
    expect(JSON.stringify(rows)).not.toContain(token.split(".")[1]);
  });
});

describe("the cookie on /v1 server routes", () => {
  it("reads with no key, and GET /admin/session gives the same session back", async () => {
    const c = await signInOwner(a);
    const cfg = await okJson<SiteConfig>(await call("/v1/site/config", { headers: asConsole(c, false) }));
    expect(cfg.name).toBe("Shop console-a");
    expect(await okJson<ConsoleSession>(await call("/admin/session", { headers: asConsole(c, false) }))).toEqual(c.session);
  });

  it("a change needs the CSRF header and the Worker's own Origin (403 csrf_failed), and passes with both", async () => {
    const c = await signInOwner(a);
    const { "X-Revisit-CSRF": csrf, ...noCsrf } = asConsole(c);
    const refused = [
      noCsrf,
      { ...noCsrf, "X-Revisit-CSRF": `${csrf}0` },
      { Cookie: c.cookie, "X-Revisit-CSRF": csrf! },
      { ...asConsole(c), Origin: "https://evil.example" },
      { ...asConsole(c), Origin: ORIGIN },
    ];
    for (const headers of refused) {
      const res = await putConfig(headers, "Hijacked");
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(await errorCode(res)).toBe("csrf_failed");
    }
    expect((await okJson<SiteConfig>(await call("/v1/site/config", { headers: server(a) }))).name).toBe("Shop console-a");
    expect((await okJson<SiteConfig>(await putConfig(asConsole(c), "Shop console-a"))).name).toBe("Shop console-a");
  });

  it("a session of site A only ever reaches site A; a forged token naming site B is refused", async () => {
    const c = await signInOwner(a);
    // Nothing in the request can name another site: query, key headers and Origin are ignored.
    const res = await call(`/v1/site/config?siteId=${b.siteId}&site=${b.siteId}`, { headers: { ...asConsole(c, false), "X-Revisit-Key": b.publishableKey, "X-Revisit-Site": b.siteId } });
    expect((await okJson<SiteConfig>(res)).name).toBe("Shop console-a");
    const forged = `revisit_session=${b.siteId}.${c.cookie.split(".")[1]}`;
    expect((await call("/v1/site/config", { headers: { Cookie: forged } })).status).toBe(401);
    expect((await call("/admin/session", { headers: { Cookie: forged } })).status).toBe(401);
    expect((await putConfig({ ...asConsole(c), Cookie: forged }, "Hijacked")).status).toBe(401);
    expect((await okJson<SiteConfig>(await call("/v1/site/config", { headers: server(b) }))).name).toBe("Shop console-b");
  });

  it("never opens the operator's /v1/admin routes", async () => {
    const c = await signInOwner(a);
    const create = await call("/v1/admin/sites", { method: "POST", headers: asConsole(c), json: { id: "console-evil", name: "Evil", allowedOrigins: [ORIGIN] } });
    expect(create.status).toBe(401);
    const rotate = await call(`/v1/admin/sites/${a.siteId}/keys/rotate`, { method: "POST", headers: asConsole(c), json: {} });
    expect(rotate.status).toBe(401);
  });
});

describe("roles", () => {
  it("a viewer reads but cannot change (403 forbidden); an editor changes config but cannot manage staff", async () => {
    const viewer = await signIn({ inviteToken: (await invite(a, "viewer@shop.example", "viewer")).inviteToken });
    expect(viewer.session).toMatchObject({ siteId: a.siteId, role: "viewer", actor: "viewer@shop.example" });
    expect((await call("/v1/site/config", { headers: asConsole(viewer, false) })).status).toBe(200);
    const put = await putConfig(asConsole(viewer), "By viewer");
    expect(put.status).toBe(403);
    expect(await errorCode(put)).toBe("forbidden");

    const editor = await signIn({ inviteToken: (await invite(a, "Editor@Shop.example", "editor")).inviteToken });
    expect(editor.session).toMatchObject({ role: "editor", actor: "editor@shop.example" });
    expect((await putConfig(asConsole(editor), "Shop console-a")).status).toBe(200);
    expect((await call("/v1/staff", { method: "POST", headers: asConsole(editor), json: { email: "x@shop.example", role: "editor" } })).status).toBe(403);
    expect((await call("/v1/staff", { headers: asConsole(editor, false) })).status).toBe(200);
    const owner = await signInOwner(a);
    expect((await call("/v1/staff", { method: "POST", headers: asConsole(owner), json: { email: "x@shop.example", role: "viewer" } })).status).toBe(201);
  });
});

describe("sign-out and session end", () => {
  it("DELETE /admin/session needs CSRF, then revokes the session server-side and clears the cookie", async () => {
    const c = await signInOwner(a);
    const noCsrf = await call("/admin/session", { method: "DELETE", headers: asConsole(c, false) });
    expect(noCsrf.status).toBe(403);
    expect(await errorCode(noCsrf)).toBe("csrf_failed");
    const out = await call("/admin/session", { method: "DELETE", headers: asConsole(c) });
    expect(out.status).toBe(204);
    expect(setCookieOf(out)).toMatch(/^revisit_session=; HttpOnly; SameSite=Strict; Path=\/; Max-Age=0/);
    // The old cookie, replayed, opens nothing.
    expect((await call("/admin/session", { headers: asConsole(c, false) })).status).toBe(401);
    expect((await call("/v1/site/config", { headers: asConsole(c, false) })).status).toBe(401);
    expect((await call("/admin/session", { method: "DELETE", headers: asConsole(c) })).status).toBe(401);
  });

  it("a session ends 12 hours after sign-in, and ended sessions are pruned", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const t0 = Date.UTC(2031, 2, 1, 9);
    vi.setSystemTime(t0);
    const c = await signInOwner(a);
    vi.setSystemTime(t0 + 12 * 3600_000 - 1000);
    expect((await call("/v1/site/config", { headers: asConsole(c, false) })).status).toBe(200);
    vi.setSystemTime(t0 + 12 * 3600_000);
    expect((await call("/v1/site/config", { headers: asConsole(c, false) })).status).toBe(401);
    expect((await call("/admin/session", { headers: asConsole(c, false) })).status).toBe(401);
    const hash = await sha256(c.cookie.slice("revisit_session=".length));
    await signInOwner(a);
    expect(await siteRows(a, `SELECT hash FROM console_sessions WHERE hash = '${hash}' OR expires_at <= ${Date.now()}`)).toEqual([]);
  });
});

describe("staff", () => {
  it("invites (token once, hashed, 7 days), lists without tokens, and a revoked member's sessions and invite stop working", async () => {
    const inv = await invite(a, "sam@shop.example", "editor");
    expect(inv).toMatchObject({ email: "sam@shop.example", role: "editor" });
    expect(inv.id).toMatch(/^st_[0-9a-f]{16}$/);
    expect(inv.inviteUrl).toBe(`${WORKER_ORIGIN}/admin/?invite=${encodeURIComponent(inv.inviteToken)}`);
    expect(Date.parse(inv.inviteExpiresAt) - Date.parse(inv.invitedAt)).toBe(7 * 86_400_000);
    const list = await call("/v1/staff", { headers: server(a) });
    const listed = await okJson<{ staff: { id: string; email: string }[] }>(list.clone());
    expect(listed.staff.map((m) => m.email)).toContain("sam@shop.example");
    expect(await list.text()).not.toContain(inv.inviteToken);
    expect(JSON.stringify(await siteRows(a, "SELECT * FROM console_staff"))).not.toContain(inv.inviteToken.split(".")[1]);

    const sam = await signIn({ inviteToken: inv.inviteToken });
    const again = await signIn({ inviteToken: inv.inviteToken }); // reusable until revoked or expired
    expect((await call("/v1/site/config", { headers: asConsole(sam, false) })).status).toBe(200);
    expect((await call(`/v1/staff/${inv.id}`, { method: "DELETE", headers: server(a) })).status).toBe(200);
    for (const s of [sam, again]) expect((await call("/v1/site/config", { headers: asConsole(s, false) })).status).toBe(401);
    expect((await call("/admin/session", { method: "POST", json: { inviteToken: inv.inviteToken } })).status).toBe(401);
    expect((await call(`/v1/staff/${inv.id}`, { method: "DELETE", headers: server(a) })).status).toBe(404);
  });

  it("inviting the same email again replaces the invite and role, keeps the id and signs out the old sessions", async () => {
    const first = await invite(a, "kim@shop.example", "viewer");
    const kim = await signIn({ inviteToken: first.inviteToken });
    const second = await invite(a, "KIM@shop.example", "editor");
    expect(second.id).toBe(first.id);
    expect((await call("/v1/site/config", { headers: asConsole(kim, false) })).status).toBe(401);
    expect((await call("/admin/session", { method: "POST", json: { inviteToken: first.inviteToken } })).status).toBe(401);
    expect((await signIn({ inviteToken: second.inviteToken })).session.role).toBe("editor");
  });

  it("an invite stops signing in 7 days after it was issued", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const t0 = Date.UTC(2031, 5, 1, 9);
    vi.setSystemTime(t0);
    const inv = await invite(a, "late@shop.example", "viewer");
    vi.setSystemTime(t0 + 7 * 86_400_000 - 1000);
    expect((await signIn({ inviteToken: inv.inviteToken })).session.role).toBe("viewer");
    vi.setSystemTime(t0 + 7 * 86_400_000);
    expect((await call("/admin/session", { method: "POST", json: { inviteToken: inv.inviteToken } })).status).toBe(401);
  });

  it("a staff invite of site A signs in to site A only, even edited to name site B", async () => {
    const inv = await invite(a, "pat@shop.example", "editor");
    const forged = `${b.siteId}.${inv.inviteToken.split(".")[1]}`;
    expect((await call("/admin/session", { method: "POST", json: { inviteToken: forged } })).status).toBe(401);
  });
});
