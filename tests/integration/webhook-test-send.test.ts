import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { sendTestRoute } from "../../worker/features/webhooks/webhooks.routes";
import { asConsole, invite, signIn, signInOwner } from "./console-helpers";
import { ADMIN, call, json, okJson, ORIGIN, server, type ApiError, type DeliveryDetail, type DeliveryPage, type RouteJson, type TestSite } from "./helpers";

/**
 * `POST /v1/webhooks/test` (the console's "Send test event"): a signed `webhook.test` through the
 * real outbox to configured endpoints only, answered with its deliveries; tried once, so a failed
 * test is a dead letter at once and Replay sends it again. A local receiver stands in for the
 * shop's endpoints; the clock is fake and far ahead, and the outbox's alarm is run by hand.
 */
type TestSent = RouteJson<typeof sendTestRoute, 202>;
const HOOK_A = "https://receiver.test/a";
const HOOK_B = "https://receiver.test/b";
let site: TestSite;
let bare: TestSite;
let webhookSecret: string;

const receiver = { log: [] as { url: string; headers: Record<string, string>; body: string }[], down: false };
const realFetch = globalThis.fetch;

async function createWithSecret(id: string): Promise<TestSite & { webhookSecret: string }> {
  const res = await call("/v1/admin/sites", { method: "POST", headers: { Authorization: `Bearer ${ADMIN}` }, json: { id, name: `Shop ${id}`, allowedOrigins: [ORIGIN] } });
  return okJson(res, 201);
}

beforeAll(async () => {
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    if (new URL(req.url).host !== "receiver.test") return realFetch(input, init);
    receiver.log.push({ url: req.url, headers: Object.fromEntries(req.headers), body: await req.text() });
    return new Response(receiver.down ? "down" : "ok", { status: receiver.down ? 500 : 200 });
  });
  const created = await createWithSecret("hooks-test");
  site = created;
  webhookSecret = created.webhookSecret;
  bare = await createWithSecret("hooks-test-bare");
  const webhooks = [
    { url: HOOK_A, events: ["order.credited"] },
    { url: HOOK_B, events: ["segment.entered"] },
  ];
  const put = await call("/v1/site/config", { method: "PUT", headers: server(site), json: { name: "Hooks test", allowedOrigins: [ORIGIN], webhooks } });
  expect(put.status).toBe(200);
});
afterAll(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

// Far ahead, so the outbox's alarm never goes off by itself: each run is by hand.
let now = Date.UTC(2032, 5, 1, 12);
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  now += 86_400_000;
  vi.setSystemTime(now);
  receiver.log = [];
  receiver.down = false;
});

const outbox = (s: TestSite) => env.WEBHOOKS.get(env.WEBHOOKS.idFromName(`site:${s.siteId}:outbox`));
const sendTest = (headers: Record<string, string>, body?: unknown) => call("/v1/webhooks/test", { method: "POST", headers, ...(body === undefined ? {} : { json: body }) });
async function detail(id: string): Promise<DeliveryDetail> {
  return okJson<DeliveryDetail>(await call(`/v1/webhooks/deliveries/${id}`, { headers: server(site) }));
}
const allDeliveries = async (s: TestSite) => (await json<DeliveryPage>(await call("/v1/webhooks/deliveries?limit=200", { headers: server(s) }))).deliveries;
const errorOf = async (res: Response) => (await json<ApiError>(res)).error;

describe("POST /v1/webhooks/test", () => {
  it("queues one signed webhook.test to every configured endpoint, whatever they subscribe to, and answers the deliveries", async () => {
    const res = await sendTest(server(site));
    expect(res.status).toBe(202);
    const sent = await json<TestSent>(res);
    expect(sent.eventId).toMatch(/^evt_/);
    expect(sent.deliveries.map((d) => d.endpoint).sort()).toEqual([HOOK_A, HOOK_B]);
    for (const d of sent.deliveries) expect(d).toMatchObject({ id: expect.stringMatching(/^dlv_/), eventId: sent.eventId, type: "webhook.test", status: "pending", attempts: 0 });

    expect(await runDurableObjectAlarm(outbox(site))).toBe(true);
    expect(receiver.log.map((r) => r.url).sort()).toEqual([HOOK_A, HOOK_B]);
    for (const r of receiver.log) {
      const event = new Webhook(webhookSecret).verify(r.body, r.headers) as { type: string; data: Record<string, unknown> };
      expect(event).toMatchObject({ type: "webhook.test", data: { siteId: site.siteId } });
      expect(r.headers["webhook-id"]).toBe(sent.eventId);
    }
    // What the console follows after the click: each delivery's result.
    for (const d of sent.deliveries) expect(await detail(d.id)).toMatchObject({ status: "delivered", attempts: 1, lastStatus: 200, lastError: null, payload: { type: "webhook.test" } });
  });

  it("sends to the one endpoint named, and each click is a new event", async () => {
    const first = await okJson<TestSent>(await sendTest(server(site), { endpoint: HOOK_B }), 202);
    const second = await okJson<TestSent>(await sendTest(server(site), { endpoint: HOOK_B }), 202);
    expect(first.deliveries.map((d) => d.endpoint)).toEqual([HOOK_B]);
    expect(second.eventId).not.toBe(first.eventId);
    await runDurableObjectAlarm(outbox(site));
    expect(receiver.log.map((r) => r.url)).toEqual([HOOK_B, HOOK_B]);
  });

  it("is tried once: a failing endpoint makes it a dead letter at once, and Replay delivers it", async () => {
    receiver.down = true;
    const sent = await okJson<TestSent>(await sendTest(server(site), { endpoint: HOOK_A }), 202);
    const id = sent.deliveries[0]!.id;
    await runDurableObjectAlarm(outbox(site));
    expect(await detail(id)).toMatchObject({ status: "dead", attempts: 1, lastStatus: 500, lastError: "HTTP 500", nextAttemptAt: null });
    const dead = await json<DeliveryPage>(await call("/v1/webhooks/dead-letters", { headers: server(site) }));
    expect(dead.deliveries.map((d) => d.id)).toContain(id);
    // No retry is scheduled: a day later nothing is due.
    vi.setSystemTime(now + 86_400_000);
    expect(await runDurableObjectAlarm(outbox(site))).toBe(false);
    expect(receiver.log.length).toBe(1);

    receiver.down = false;
    expect((await call(`/v1/webhooks/deliveries/${id}/replay`, { method: "POST", headers: server(site) })).status).toBe(202);
    await runDurableObjectAlarm(outbox(site));
    expect(await detail(id)).toMatchObject({ status: "delivered", attempts: 1, lastStatus: 200 });
    expect(receiver.log.at(-1)?.headers["webhook-id"]).toBe(sent.eventId);
  });

  it("refuses an endpoint that is not configured (400 at `endpoint`) and queues nothing, so it cannot post signed requests anywhere", async () => {
    const before = (await allDeliveries(site)).length;
    for (const endpoint of ["https://attacker.example/hook", `${HOOK_A}/`, HOOK_A.toUpperCase(), ""]) {
      const res = await sendTest(server(site), { endpoint });
      expect(res.status, endpoint).toBe(400);
      const err = await errorOf(res);
      expect(err.code).toBe("invalid_request");
      expect(err.details).toEqual([expect.objectContaining({ path: ["endpoint"] })]);
    }
    for (const body of [{ endpoint: 42 }, { endpoint: "x".repeat(3000) }]) expect((await sendTest(server(site), body)).status).toBe(400);
    expect(await call("/v1/webhooks/test", { method: "POST", headers: { ...server(site), "Content-Type": "application/json" }, body: "{nope" }).then((r) => r.status)).toBe(400);
    expect((await allDeliveries(site)).length).toBe(before);
    await runDurableObjectAlarm(outbox(site));
    expect(receiver.log).toEqual([]);
  });

  it("answers 400 when the site has no endpoint at all", async () => {
    const res = await sendTest(server(bare));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/no webhook endpoint/);
    expect(await allDeliveries(bare)).toEqual([]);
  });

  it("needs the secret key or a console session that may change things", async () => {
    expect((await sendTest({ Authorization: `Bearer ${site.publishableKey}` })).status).toBe(403);
    expect((await sendTest({ Authorization: `Bearer ${bare.secretKey}` }, { endpoint: HOOK_A })).status).toBe(400); // another site's key: its own (empty) endpoints
    expect((await sendTest({})).status).toBe(401);
    const viewer = await signIn({ inviteToken: (await invite(site, "view@hooks.example", "viewer")).inviteToken });
    expect((await sendTest(asConsole(viewer))).status).toBe(403);
    const owner = await signInOwner(site);
    expect((await sendTest(asConsole(owner), { endpoint: HOOK_A })).status).toBe(202);
    expect((await sendTest({ Cookie: owner.cookie }, { endpoint: HOOK_A })).status).toBe(403); // no CSRF proof
  });

  it("tests an endpoint saved a moment ago", async () => {
    const cfg = await okJson<Record<string, unknown>>(await call("/v1/site/config", { headers: server(bare) }));
    expect((await call("/v1/site/config", { method: "PUT", headers: server(bare), json: { ...cfg, webhooks: [{ url: HOOK_A, events: ["*"] }] } })).status).toBe(200);
    const sent = await okJson<TestSent>(await sendTest(server(bare)), 202);
    expect(sent.deliveries.map((d) => d.endpoint)).toEqual([HOOK_A]);
  });
});
