import { env, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN, call, createSite, server, type TestSite } from "./helpers";
import { asConsole, auditOf, config, invite, signIn, signInOwner, type AuditPage } from "./console-helpers";

/**
 * The audit log (issue 12): every change through a console session, refused ones too;
 * configuration changes made with the secret key or the admin token; never ingestion, never a
 * secret; newest first, paged, at most 10,000 entries per site.
 */
type Entry = AuditPage["entries"][number];
let site: TestSite;

beforeAll(async () => {
  site = await createSite("audit-a");
});

const order = (id: string) => ({ id, customerId: "audit-cust", items: [{ productId: "p-1", quantity: 1, price: 10 }], total: 10, currency: "USD", createdAt: new Date().toISOString() });
const newest = async (s: TestSite, n = 1): Promise<Entry[]> => (await auditOf(s, `limit=${n}`)).entries;
const putConfig = (headers: Record<string, string>, name: string, extra: Record<string, unknown> = {}) => call("/v1/site/config", { method: "PUT", headers, json: config(name, extra) });

describe("what is logged", () => {
  it("a config change through a session names the session's actor, the keys that changed, and the status", async () => {
    const c = await signInOwner(site);
    expect((await putConfig(asConsole(c), "Renamed by console")).status).toBe(200);
    const [e] = await newest(site);
    expect(e).toMatchObject({ actor: "owner (secret key)", role: "owner", method: "PUT", path: "/v1/site/config", status: 200, summary: "PUT /v1/site/config: changed name" });
    expect(Date.parse(e!.at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it("a config change with the secret key is logged as the API's; orders, reads and trait updates are not", async () => {
    expect((await putConfig(server(site), "Renamed by API", { visitIdleMinutes: 45 })).status).toBe(200);
    const [e] = await newest(site);
    expect(e).toMatchObject({ actor: "secret key (API)", role: "owner", summary: "PUT /v1/site/config: changed name, visitIdleMinutes" });
    expect((await call("/v1/orders", { method: "POST", headers: server(site), json: order("audit-o1") })).status).toBe(201);
    expect((await call("/v1/customers/audit-cust", { method: "PATCH", headers: server(site), json: { firstName: "Ada" } })).status).toBe(200);
    expect((await call("/v1/site/config", { headers: server(site) })).status).toBe(200);
    expect((await newest(site))[0]!.id).toBe(e!.id);
  });

  it("an order sent through a session is logged (every session change is), erasure with the secret key too", async () => {
    const c = await signInOwner(site);
    expect((await call("/v1/orders", { method: "POST", headers: asConsole(c), json: order("audit-o2") })).status).toBe(201);
    expect((await newest(site))[0]).toMatchObject({ actor: "owner (secret key)", method: "POST", path: "/v1/orders", status: 201 });
    expect((await call("/v1/customers/audit-cust", { method: "DELETE", headers: server(site) })).status).toBe(200);
    expect((await newest(site))[0]).toMatchObject({ actor: "secret key (API)", method: "DELETE", path: "/v1/customers/(erased)", status: 200, summary: "DELETE /v1/customers/(erased)" });
  });

  it("changes a session was refused are logged with the reason; a refused secret-key request is not", async () => {
    const viewer = await signIn({ inviteToken: (await invite(site, "viewer@audit.example", "viewer")).inviteToken });
    expect((await putConfig(asConsole(viewer), "By viewer")).status).toBe(403);
    expect((await newest(site))[0]).toMatchObject({ actor: "viewer@audit.example", role: "viewer", status: 403, summary: "PUT /v1/site/config (refused: forbidden)" });
    const owner = await signInOwner(site);
    expect((await putConfig({ Cookie: owner.cookie }, "No CSRF")).status).toBe(403);
    const [refused] = await newest(site);
    expect(refused).toMatchObject({ actor: "owner (secret key)", status: 403, summary: "PUT /v1/site/config (refused: csrf_failed)" });
    expect((await call("/v1/site/config", { method: "PUT", headers: server(site), json: { name: "" } })).status).toBe(400);
    expect((await newest(site))[0]!.id).toBe(refused!.id);
  });

  it("staff invites, sign-in and sign-out are logged without tokens or keys", async () => {
    const inv = await invite(site, "new@audit.example", "editor");
    expect((await newest(site))[0]).toMatchObject({ actor: "secret key (API)", path: "/v1/staff", status: 201, summary: "POST /v1/staff: invited new@audit.example as editor" });
    const staff = await signIn({ inviteToken: inv.inviteToken });
    expect((await newest(site))[0]).toMatchObject({ actor: "new@audit.example", role: "editor", path: "/admin/session", summary: "signed in (invite)" });
    expect((await call("/admin/session", { method: "DELETE", headers: asConsole(staff) })).status).toBe(204);
    expect((await newest(site))[0]).toMatchObject({ actor: "new@audit.example", method: "DELETE", status: 204, summary: "signed out" });
    const log = JSON.stringify(await auditOf(site));
    for (const secret of [inv.inviteToken, site.secretKey, staff.cookie.split("=")[1]!, staff.session.csrfToken]) expect(log).not.toContain(secret);
  });

  it("the operator's key rotation goes into that site's log", async () => {
    const other = await createSite("audit-rotate");
    expect((await call(`/v1/admin/sites/${other.siteId}/keys/rotate`, { method: "POST", headers: { Authorization: `Bearer ${ADMIN}` }, json: {} })).status).toBe(200);
    const { entries } = await auditOf(other, "limit=5");
    expect(entries[0]).toMatchObject({ actor: "operator (admin token)", role: "owner", path: `/v1/admin/sites/${other.siteId}/keys/rotate`, status: 200 });
  });
});

describe("reading and keeping", () => {
  it("pages newest first with the cursor, and any role may read", async () => {
    const s = await createSite("audit-pages");
    for (const name of ["one", "two", "three"]) expect((await putConfig(server(s), name)).status).toBe(200);
    const first = await auditOf(s, "limit=2");
    expect(first.entries.map((e) => e.summary)).toEqual(["PUT /v1/site/config: changed name", "PUT /v1/site/config: changed name"]);
    expect(first.nextCursor).toBe(first.entries[1]!.id);
    const second = await auditOf(s, `limit=2&cursor=${first.nextCursor}`);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.entries, ...second.entries].map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
    expect(new Set(ids).size).toBe(ids.length);
    const viewer = await signIn({ inviteToken: (await invite(s, "v@audit.example", "viewer")).inviteToken });
    expect((await call("/v1/audit", { headers: asConsole(viewer, false) })).status).toBe(200);
    expect((await call("/v1/audit?cursor=abc", { headers: server(s) })).status).toBe(400);
  });

  it("keeps the latest 10,000 entries of a site", async () => {
    const s = await createSite("audit-cap");
    const stub = env.SITE.get(env.SITE.idFromName(s.siteId));
    // 10,000 earlier entries, written straight into the table (as many changes would have).
    await runInDurableObject(stub, (_o, state) => {
      state.storage.sql.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
        INSERT INTO console_audit (at, actor, role, method, path, status, summary) SELECT i, 'seed', 'owner', 'PUT', '/v1/site/config', 200, 'seed ' || i FROM n`);
    });
    expect((await putConfig(server(s), "After the cap")).status).toBe(200);
    const rows = await runInDurableObject(stub, (_o, state) =>
      state.storage.sql.exec<{ n: number; oldest: string }>("SELECT COUNT(*) AS n, (SELECT summary FROM console_audit ORDER BY id LIMIT 1) AS oldest FROM console_audit").one(),
    );
    expect(rows).toEqual({ n: 10_000, oldest: "seed 2" });
    expect((await newest(s))[0]!.summary).toBe("PUT /v1/site/config: changed name");
  });
});
