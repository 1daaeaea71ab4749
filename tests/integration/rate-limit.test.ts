import { beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES } from "../fuzz/openapi";
import { call, createSite, ORIGIN, server, visitorHeaders, type TestSite } from "./helpers";

/**
 * Rate limits (issue 6), in the "limits" vitest project whose bindings have tiny budgets
 * (visitor 5, IP 12, key 8 per 10 s; production values are in wrangler.toml). Windows are
 * aligned to the wall clock, so a burst may straddle a window edge: each test sends until the
 * first 429 and allows up to two windows' worth of successes before it.
 */
let a: TestSite;
let b: TestSite;

beforeAll(async () => {
  a = await createSite("limits-a");
  b = await createSite("limits-b");
});

async function untilLimited(limit: number, send: (i: number) => Promise<Response>) {
  for (let i = 0; i < limit * 2 + 2; i++) {
    const res = await send(i);
    if (res.status === 429) return { res, sent: i + 1 };
    expect(res.status).toBeLessThan(400);
  }
  throw new Error(`no 429 after ${limit * 2 + 2} requests`);
}

async function expectRateLimited(res: Response) {
  expect(res.status).toBe(429);
  expect(res.headers.get("Retry-After")).toBe("10");
  expect(res.headers.get("Content-Type")).toContain("application/json");
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("rate_limited");
  expect(ERROR_CODES).toContain(body.error.code);
  expect(body.error.message).toMatch(/retry after 10 seconds/);
}

describe("rate limits", () => {
  it("per visitor: a burst from one visitor gets 429 + Retry-After; another visitor is unaffected", async () => {
    const { res, sent } = await untilLimited(5, () => call("/v1/experience", { headers: visitorHeaders(a, "burst-visitor-00001") }));
    expect(sent).toBeGreaterThan(5);
    await expectRateLimited(res);
    // The 429 carries CORS for the site's origin, so the widget can read it and back off.
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    const other = await call("/v1/experience", { headers: visitorHeaders(a, "calm-visitor-000001") });
    expect(other.status).toBe(200);
    // The same visitor id on another site is another bucket.
    expect((await call("/v1/experience", { headers: visitorHeaders(b, "burst-visitor-00001") })).status).toBe(200);
  });

  it("per IP: many made-up visitor ids from one address are cut off; another address is not", async () => {
    const ip = { "CF-Connecting-IP": "203.0.113.7" };
    const { res } = await untilLimited(12, (i) => call("/v1/experience", { headers: visitorHeaders(a, `ip-visitor-${String(i).padStart(8, "0")}`, ip) }));
    await expectRateLimited(res);
    const elsewhere = await call("/v1/experience", { headers: visitorHeaders(a, "ip-visitor-elsewhere1", { "CF-Connecting-IP": "198.51.100.9" }) });
    expect(elsewhere.status).toBe(200);
  });

  it("per IP: refused requests count too (a flood of bad keys is cut off before any lookup)", async () => {
    const ip = { "CF-Connecting-IP": "203.0.113.99" };
    let limited: Response | null = null;
    for (let i = 0; i < 26 && !limited; i++) {
      const r = await call("/v1/experience", { headers: { "X-Revisit-Key": `pk_guess_${i}`, "X-Revisit-Visitor": "guessing-visitor-001", ...ip } });
      if (r.status === 429) limited = r;
      else expect(r.status).toBe(401);
    }
    expect(limited).not.toBeNull();
    await expectRateLimited(limited!);
  });

  it("per key on server routes: one site's burst does not slow another site", async () => {
    const { res } = await untilLimited(8, () => call("/v1/site/config", { headers: server(a) }));
    await expectRateLimited(res);
    expect((await call("/v1/site/config", { headers: server(b) })).status).toBe(200);
  });

  it("console sign-in, per IP: guessed keys are cut off (401s count too)", async () => {
    const ip = { "CF-Connecting-IP": "203.0.113.42" };
    let limited: Response | null = null;
    for (let i = 0; i < 26 && !limited; i++) {
      const r = await call("/admin/session", { method: "POST", headers: ip, json: { secretKey: `sk_guess_${i}` } });
      if (r.status === 429) limited = r;
      else expect(r.status).toBe(401);
    }
    expect(limited).not.toBeNull();
    await expectRateLimited(limited!);
  });

  it("per session on server routes: a console session is its own bucket", async () => {
    const signIn = await call("/admin/session", { method: "POST", json: { secretKey: b.secretKey } });
    const cookie = (signIn.headers.get("Set-Cookie") ?? "").split(";")[0]!;
    const { res } = await untilLimited(8, () => call("/v1/site/config", { headers: { Cookie: cookie } }));
    await expectRateLimited(res);
    // Not the bucket of requests without credentials: those are still answered (401), not limited.
    expect((await call("/v1/site/config")).status).toBe(401);
  });

  it("preflights are never limited", async () => {
    for (let i = 0; i < 30; i++) {
      const pre = await call("/v1/events", { method: "OPTIONS", headers: { Origin: ORIGIN, "Access-Control-Request-Method": "POST", "CF-Connecting-IP": "203.0.113.7" } });
      expect(pre.status).toBe(204);
    }
  });
});
