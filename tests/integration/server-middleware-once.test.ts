import { beforeAll, describe, expect, it } from "vitest";
import { asConsole, auditOf, invite, signIn, signInOwner, type Console } from "./console-helpers";
import { call, createSite, type TestSite } from "./helpers";

/**
 * Server routes get their rate limit, audit trail and auth exactly once per request. In Hono
 * `/v1/orders/*` also matches `/v1/orders`, so listing both paths in worker/index.ts ran the chain
 * twice on the bare path: every console change there was logged twice (and counted twice against
 * the key's rate limit). The audit log is where the doubling shows, so it is counted here.
 */
let site: TestSite;
let owner: Console;
const entries = async () => (await auditOf(site)).entries.length;

/** Audit entries one request adds. */
async function added(request: () => Promise<Response>, status: number): Promise<number> {
  const before = await entries();
  expect((await request()).status).toBe(status);
  return (await entries()) - before;
}

beforeAll(async () => {
  site = await createSite("middleware-once");
  owner = await signInOwner(site);
});

describe("server middleware runs once per request", () => {
  it("logs one console order (POST /v1/orders) once", async () => {
    const order = { id: "once-1", customerId: "once", items: [{ productId: "p-1", quantity: 1, price: 10 }], total: 10, currency: "USD", createdAt: new Date().toISOString() };
    expect(await added(() => call("/v1/orders", { method: "POST", headers: asConsole(owner), json: order }), 201)).toBe(1);
  });

  it("logs one console invitation (POST /v1/staff) once", async () => {
    expect(await added(() => call("/v1/staff", { method: "POST", headers: asConsole(owner), json: { email: "once@example.com", role: "viewer" } }), 201)).toBe(1);
  });

  it("logs one points adjustment by an editor once, with the points and without the reason", async () => {
    const editor = await signIn({ inviteToken: (await invite(site, "editor@once.example", "editor")).inviteToken });
    const adjust = () =>
      call("/v1/customers/once/points", { method: "POST", headers: { ...asConsole(editor), "Idempotency-Key": "once-adjust" }, json: { points: 5, reason: "Private note about Once" } });
    expect(await added(adjust, 201)).toBe(1);
    const [entry] = (await auditOf(site, "limit=1")).entries;
    expect(entry).toMatchObject({ actor: "editor@once.example", method: "POST", status: 201 });
    expect(entry?.summary).toContain("+5 points");
    expect(JSON.stringify(entry)).not.toContain("Private note");
  });
});
