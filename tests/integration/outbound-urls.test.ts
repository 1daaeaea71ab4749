import { createExecutionContext, runDurableObjectAlarm, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import app from "../../worker/index";
import type { SiteConfig } from "../../worker/features/site/site-config.schemas";
import { forgetSite } from "../../worker/platform/store";
import { call, createSite, hmacHex, ORIGIN, server, visitorHeaders, type TestSite } from "./helpers";

/**
 * Server-side request forgery: a site config cannot make the Worker call loopback, private,
 * link-local or metadata addresses (webhook endpoints, reward and offer mint webhooks); targets
 * stored before the check are not called at delivery; errors in the log are a fixed vocabulary.
 * Every outbound fetch of the Worker and its objects (this isolate) lands in `outbound` and is
 * answered here, so "not fetched" is observed, never assumed. Time is a fake clock; alarms run by hand.
 */
const DAY = 86_400_000;
let site: TestSite;
const outbound: { url: string; redirect: string }[] = [];
/** How the stub answers a URL (default: 200 with a minted code). */
let answer: (url: URL) => Response | Promise<Response> = () => Response.json({ code: "MINTED-1" });
const realFetch = globalThis.fetch;

const reward = { id: "mint", name: { en: "Minted" }, cost: 10, discount: { type: "fixed", value: 5 }, delivery: "webhook", webhookUrl: "https://mint.example.com/codes" };
const offer = { id: "back", kind: "win_back", title: { en: "Come back" }, delivery: "webhook", webhookUrl: "https://mint.example.com/offers" };
const base = { name: "Shop ssrf", allowedOrigins: [ORIGIN], webhooks: [{ url: "https://hooks.example.com/revisit", events: ["*"] }], loyalty: { rewards: [reward] }, offers: [offer] };

let now = Date.UTC(2032, 0, 1, 12);
beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(now);
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    if (url.host === "revisit.test") return realFetch(input, init);
    outbound.push({ url: req.url, redirect: req.redirect });
    return answer(url);
  });
  site = await createSite("ssrf", base);
});
beforeEach(() => {
  now += DAY;
  vi.setSystemTime(now);
  outbound.length = 0;
  answer = () => Response.json({ code: "MINTED-1" });
});
afterAll(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const getConfig = async () => (await (await call("/v1/site/config", { headers: server(site) })).json()) as SiteConfig;
const putConfig = (json: unknown) => call("/v1/site/config", { method: "PUT", headers: server(site), json });
/** The same PUT against this Worker deployed without the dev setting (as in production). */
async function putConfigDeployed(json: unknown): Promise<Response> {
  const ctx = createExecutionContext();
  const req = new Request("https://revisit.test/v1/site/config", { method: "PUT", headers: { ...server(site), "Content-Type": "application/json" }, body: JSON.stringify(json) });
  const res = await app.fetch(req, { ...env, DEV_ALLOW_LOCAL_WEBHOOKS: undefined }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}
const expect400 = async (res: Response, path: string) => {
  const text = await res.text();
  expect(res.status, text).toBe(400);
  const { error } = JSON.parse(text) as { error: { code: string; message: string; details: { path: string[] }[] } };
  expect(error.code).toBe("invalid_request");
  expect(error.details.map((d) => d.path.join("."))).toContain(path);
  expect(error.message).toContain(path);
};

/** Every spelling an attacker would try, each refused whatever the dev setting. */
const BAD = [
  "http://127.0.0.1/hooks",
  "https://10.0.0.1/hooks",
  "https://172.16.0.1/",
  "https://192.168.1.1/",
  "https://100.64.0.1/",
  "https://169.254.169.254/latest/meta-data/",
  "https://metadata.google.internal/computeMetadata/v1/",
  "https://0.0.0.0/",
  "https://255.255.255.255/",
  "https://224.0.0.1/",
  "https://[::1]/",
  "https://[::]/",
  "https://[fd00::1]/",
  "https://[fe80::1]/",
  "https://[fe80::1%25eth0]/",
  "https://[::ffff:127.0.0.1]/",
  "https://[::ffff:7f00:1]/",
  "https://[::127.0.0.1]/",
  "https://[64:ff9b::10.0.0.1]/",
  "https://[2002:7f00:1::]/",
  "http://2130706433/",
  "https://0177.0.0.1/",
  "https://0x7f.1/",
  "https://127.1/",
  "https://localhost./",
  "https://api.localhost/",
  "https://printer.local/",
  "http://example.com@127.0.0.1/",
  "http://localhost/hooks",
  "http://[::1]:8080/hooks",
  "http://127.1:8080/hooks",
  "http://hooks.example.com/plain-http",
];
const FIELDS: [string, (url: string) => Record<string, unknown>][] = [
  ["webhooks.0.url", (url) => ({ webhooks: [{ url, events: ["*"] }] })],
  ["loyalty.rewards.0.webhookUrl", (url) => ({ loyalty: { rewards: [{ ...reward, webhookUrl: url }] } })],
  ["offers.0.webhookUrl", (url) => ({ offers: [{ ...offer, webhookUrl: url }] })],
];

describe("PUT /v1/site/config", () => {
  it("refuses a private, local or metadata target on every outbound field with a 400 naming it, and changes nothing", async () => {
    const before = await getConfig();
    for (const [path, patch] of FIELDS) {
      for (const url of BAD) {
        await expect400(await putConfig({ ...base, ...patch(url) }), path);
        await expect400(await putConfigDeployed({ ...base, ...patch(url) }), path);
      }
    }
    expect(await getConfig()).toEqual(before);
    expect(outbound).toEqual([]);
  });

  it("accepts http://localhost:PORT and http://127.0.0.1:PORT only with DEV_ALLOW_LOCAL_WEBHOOKS", async () => {
    for (const [path, patch] of FIELDS) {
      for (const url of ["http://localhost:8787/hooks", "http://127.0.0.1:9000/mint"]) {
        const before = await getConfig();
        await expect400(await putConfigDeployed({ ...base, ...patch(url) }), path);
        expect(await getConfig()).toEqual(before);
        const dev = await putConfig({ ...base, ...patch(url) });
        expect(dev.status, await dev.clone().text()).toBe(200);
      }
    }
    expect((await putConfig(base)).status).toBe(200);
  });

  it("needs https for a public host, and takes public https (IPv6 and IDN too) without the dev setting", async () => {
    await expect400(await putConfigDeployed({ ...base, webhooks: [{ url: "http://hooks.example.com/x", events: ["*"] }] }), "webhooks.0.url");
    const ok = {
      ...base,
      webhooks: [
        { url: "https://[2606:4700:4700::1111]/hooks", events: ["*"] },
        { url: "https://bücher.example/hooks", events: ["*"] },
      ],
    };
    const res = await putConfigDeployed(ok);
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await getConfig()).webhooks.map((w) => w.url)).toEqual(["https://[2606:4700:4700::1111]/hooks", "https://bücher.example/hooks"]);
    expect((await putConfig(base)).status).toBe(200);
  });
});

/** Writes a config straight into the Site object, as one stored before the check would be. */
async function storeUnchecked(patch: Partial<SiteConfig>): Promise<void> {
  const stub = env.SITE.get(env.SITE.idFromName("ssrf"));
  const record = await stub.get();
  if (!record) throw new Error("no site");
  await stub.putConfig({ ...record.config, ...patch });
  forgetSite("ssrf");
}
const outbox = () => env.WEBHOOKS.get(env.WEBHOOKS.idFromName("site:ssrf:outbox"));
const deliveries = async () =>
  (await (await call("/v1/webhooks/deliveries?limit=100", { headers: server(site) })).json()) as {
    deliveries: { id: string; endpoint: string; status: string; attempts: number; lastStatus: number | null; lastError: string | null }[];
  };
const order = (id: string, customerId: string, total: number) => ({
  id,
  customerId,
  items: [{ productId: "p-1", quantity: 1, price: total }],
  total,
  currency: "USD",
  createdAt: new Date(now).toISOString(),
});
const as = async (customerId: string) =>
  visitorHeaders(site, `${customerId}-visitor-000001`, { "X-Revisit-Customer": customerId, "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, customerId) });

describe("delivery to a target stored before the check", () => {
  it("is not fetched, is dead at once with a short reason, and is never retried", async () => {
    const metadata = "https://169.254.169.254/latest/meta-data/";
    const mapped = "https://[::ffff:a00:7]:6379/";
    await storeUnchecked({
      webhooks: [
        { url: metadata, events: ["*"] },
        { url: mapped, events: ["*"] },
        { url: "https://hooks.example.com/ok", events: ["order.credited"] },
      ],
    });
    expect((await call("/v1/orders", { method: "POST", headers: server(site), json: order("o-ssrf-1", "olga", 20) })).status).toBe(201);
    await runDurableObjectAlarm(outbox());
    expect(outbound.map((o) => o.url)).toEqual(["https://hooks.example.com/ok"]);
    const log = (await deliveries()).deliveries;
    for (const url of [metadata, mapped]) {
      const refused = log.filter((d) => d.endpoint === url);
      expect(refused.length).toBeGreaterThan(0);
      for (const d of refused) expect(d).toMatchObject({ status: "dead", attempts: 1, lastStatus: null, lastError: "refused: private or local address" });
    }
    const detail = (await (await call(`/v1/webhooks/deliveries/${log.find((d) => d.endpoint === metadata)?.id}`, { headers: server(site) })).json()) as {
      attemptLog: { status: number | null; error: string | null }[];
    };
    expect(detail.attemptLog).toEqual([expect.objectContaining({ status: null, error: "refused: private or local address" })]);
    // A month later nothing was tried again, and a replay is refused the same way without a fetch.
    now += 30 * DAY;
    vi.setSystemTime(now);
    outbound.length = 0;
    await runDurableObjectAlarm(outbox());
    const replay = await call("/v1/webhooks/dead-letters/replay", { method: "POST", headers: server(site) });
    expect(await replay.json()).toEqual({ replayed: 2 });
    await runDurableObjectAlarm(outbox());
    expect(outbound).toEqual([]);
    expect((await deliveries()).deliveries.filter((d) => d.endpoint === metadata).every((d) => d.status === "dead" && d.lastError === "refused: private or local address")).toBe(true);
    await storeUnchecked({ webhooks: base.webhooks as SiteConfig["webhooks"] });
  });

  it("logs a fixed vocabulary for public targets: never the runtime's error text, and redirects are not followed", async () => {
    await storeUnchecked({
      webhooks: [
        { url: "https://down.example.com/h", events: ["order.credited"] },
        { url: "https://moved.example.com/h", events: ["order.credited"] },
      ],
    });
    answer = (url) => {
      if (url.host === "down.example.com") throw new TypeError("Network connection lost: connect ECONNREFUSED 10.0.0.7:6379 (redis banner)");
      return new Response("see internal", { status: 302, headers: { Location: "http://127.0.0.1:8500/v1/agent/self" } });
    };
    expect((await call("/v1/orders", { method: "POST", headers: server(site), json: order("o-ssrf-2", "otto", 20) })).status).toBe(201);
    await runDurableObjectAlarm(outbox());
    expect(outbound.map((o) => [o.url, o.redirect]).sort()).toEqual([
      ["https://down.example.com/h", "manual"],
      ["https://moved.example.com/h", "manual"],
    ]);
    const log = (await deliveries()).deliveries;
    expect(log.find((d) => d.endpoint === "https://down.example.com/h")).toMatchObject({ status: "pending", lastStatus: null, lastError: "connection failed" });
    expect(log.find((d) => d.endpoint === "https://moved.example.com/h")).toMatchObject({ status: "pending", lastStatus: 302, lastError: "HTTP 302" });
    await storeUnchecked({ webhooks: base.webhooks as SiteConfig["webhooks"] });
  });
});

describe("minting a code at a target stored before the check", () => {
  it("does not call it, and the shopper gets only the usual error with their points back", async () => {
    const internal = "http://169.254.169.254/latest/meta-data/iam/security-credentials/";
    await storeUnchecked({ loyalty: { ...(await getConfig()).loyalty, rewards: [{ ...reward, webhookUrl: internal }] as SiteConfig["loyalty"]["rewards"] } });
    expect((await call("/v1/orders", { method: "POST", headers: server(site), json: order("o-ssrf-3", "mia", 50) })).status).toBe(201);
    outbound.length = 0;
    const res = await call("/v1/loyalty/rewards/mint/redeem", { method: "POST", headers: await as("mia") });
    const text = await res.text();
    expect(res.status, text).toBe(409);
    expect(JSON.parse(text)).toEqual({
      error: { code: "conflict", message: "No code is available for this reward right now; your points were not spent.", details: { reason: "reward_unavailable", balance: 50 } },
    });
    expect(outbound).toEqual([]);
  });

  it("does not follow a public mint target's redirect, and hands the shopper nothing from it", async () => {
    await storeUnchecked({ loyalty: { ...(await getConfig()).loyalty, rewards: [reward] as SiteConfig["loyalty"]["rewards"] } });
    answer = () => new Response(JSON.stringify({ code: "FROM-REDIRECT" }), { status: 302, headers: { Location: "http://127.0.0.1:8500/", "Content-Type": "application/json" } });
    expect((await call("/v1/orders", { method: "POST", headers: server(site), json: order("o-ssrf-4", "max", 50) })).status).toBe(201);
    outbound.length = 0;
    const res = await call("/v1/loyalty/rewards/mint/redeem", { method: "POST", headers: await as("max") });
    const text = await res.text();
    expect(res.status, text).toBe(409);
    expect(text).not.toContain("FROM-REDIRECT");
    expect(outbound).toEqual([{ url: "https://mint.example.com/codes", redirect: "manual" }]);
    answer = () => Response.json({ code: "MINTED-OK" });
    const ok = await call("/v1/loyalty/rewards/mint/redeem", { method: "POST", headers: await as("max") });
    expect(((await ok.json()) as { code: string }).code).toBe("MINTED-OK");
  });
});
