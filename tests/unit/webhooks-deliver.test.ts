import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { deliverOnce, DELIVERY_TIMEOUT_MS, type DeliveryDeps } from "../../worker/features/webhooks/deliver";
import { afterAttempt, RETRY_DELAYS_MS, webhookBody } from "../../worker/features/webhooks/webhooks";

const SECRET = "whsec_ZGVtby13ZWJob29rLXNlY3JldA==";
const T0 = Date.UTC(2025, 0, 15, 12, 0, 0, 250);
const payload = webhookBody("order.credited", T0, { customerId: "c-1", orderId: "o-1", points: 12 });
const target = (endpoint = "https://hooks.example.com/in") => ({ eventId: "evt_abc", endpoint, payload });

interface Call {
  url: string;
  init: RequestInit;
}

/** A fake network: records every call and answers with `answer`; a clock that advances 40 ms per read. */
function setup(answer: (url: string, init: RequestInit) => Promise<Response>, extra: Partial<DeliveryDeps> = {}) {
  const calls: Call[] = [];
  let t = T0;
  const deps: DeliveryDeps = {
    fetch: (url, init) => {
      calls.push({ url, init });
      return answer(url, init);
    },
    now: () => {
      const v = t;
      t += 40;
      return v;
    },
    allowLocalDev: false,
    ...extra,
  };
  return { calls, deps };
}

/** Behaves like a real fetch towards redirects: follows them unless told `redirect: "manual"`. */
const redirecting = async (url: string, init: RequestInit) =>
  init.redirect === "manual" || url.endsWith("/moved")
    ? new Response(null, { status: url.endsWith("/moved") ? 200 : 302, headers: { location: "https://hooks.example.com/moved" } })
    : new Response("ok", { status: 200 });

describe("deliverOnce", () => {
  it("2xx: delivered, one signed POST of the payload, the body released", async () => {
    let cancelled = false;
    const body = new ReadableStream({ cancel: () => void (cancelled = true) });
    const { calls, deps } = setup(async () => new Response(body, { status: 201 }));
    const r = await deliverOnce(target(), SECRET, deps);
    expect(r).toEqual({ status: 201, error: null, refused: false, startedAt: T0, endedAt: T0 + 40 });
    expect(afterAttempt(1, r, r.endedAt)).toEqual({ status: "delivered", nextAt: null });
    expect(calls).toHaveLength(1);
    const { url, init } = calls[0]!;
    expect(url).toBe("https://hooks.example.com/in");
    expect(init.method).toBe("POST");
    expect(init.body).toBe(payload);
    expect(init.redirect).toBe("manual");
    expect(init.signal).toBeInstanceOf(AbortSignal);
    const headers = init.headers as Record<string, string>;
    expect(headers["Content-Type"]).toBe("application/json");
    expect(headers["User-Agent"]).toBe("Revisit-Webhooks/1");
    expect(headers["webhook-id"]).toBe("evt_abc");
    expect(headers["webhook-timestamp"]).toBe(String(Math.floor(T0 / 1000)));
    expect(cancelled).toBe(true);
  });

  it("2xx: the signature is verified by the standardwebhooks package", async () => {
    // The reference implementation only accepts timestamps within 5 min of the real clock.
    const now = Date.now();
    const { calls, deps } = setup(async () => new Response(null, { status: 200 }), { now: () => now });
    expect((await deliverOnce(target(), SECRET, deps)).error).toBeNull();
    const headers = calls[0]!.init.headers as Record<string, string>;
    expect(new Webhook(SECRET).verify(payload, headers)).toMatchObject({ type: "order.credited", data: { orderId: "o-1" } });
    expect(() => new Webhook(SECRET).verify(payload.replace("12", "13"), headers)).toThrow();
  });

  it("5xx: a failure with the status, retried on the schedule", async () => {
    const { calls, deps } = setup(async () => new Response("down", { status: 503 }));
    const r = await deliverOnce(target(), SECRET, deps);
    expect(r).toEqual({ status: 503, error: "HTTP 503", refused: false, startedAt: T0, endedAt: T0 + 40 });
    expect(calls).toHaveLength(1);
    expect(afterAttempt(1, r, r.endedAt)).toEqual({ status: "pending", nextAt: r.endedAt + RETRY_DELAYS_MS[1] });
    expect(afterAttempt(RETRY_DELAYS_MS.length, r, r.endedAt)).toEqual({ status: "dead", nextAt: null });
  });

  it("3xx: the redirect is not followed and counts as a failure", async () => {
    const { calls, deps } = setup(redirecting);
    const r = await deliverOnce(target(), SECRET, deps);
    expect(r).toMatchObject({ status: 302, error: "HTTP 302", refused: false });
    expect(calls.map((c) => c.url)).toEqual(["https://hooks.example.com/in"]);
  });

  it('timeout: aborted after the timeout, reported as "timeout"', async () => {
    // Answers after 2 s unless the signal aborts first, as a slow receiver would.
    const slow = (_url: string, init: RequestInit) =>
      new Promise<Response>((resolve, reject) => {
        const timer = setTimeout(() => resolve(new Response(null, { status: 200 })), 2_000);
        init.signal?.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(init.signal?.reason);
        });
      });
    const { calls, deps } = setup(slow, { timeoutMs: 30 });
    const r = await deliverOnce(target(), SECRET, deps);
    expect(r).toEqual({ status: null, error: "timeout", refused: false, startedAt: T0, endedAt: T0 + 40 });
    expect(calls).toHaveLength(1);
    expect(DELIVERY_TIMEOUT_MS).toBe(10_000);
  });

  it('connection error: "connection failed", never the runtime\'s message', async () => {
    const { deps } = setup(async () => {
      throw new TypeError("fetch failed: connect ECONNREFUSED 203.0.113.9:443");
    });
    const r = await deliverOnce(target(), SECRET, deps);
    expect(r).toEqual({ status: null, error: "connection failed", refused: false, startedAt: T0, endedAt: T0 + 40 });
    expect(afterAttempt(1, r, r.endedAt).status).toBe("pending");
  });

  it("a refused private or local URL is never fetched and is dead at once", async () => {
    const cases: [string, string][] = [
      ["https://10.0.0.1/hook", "refused: private or local address"],
      ["http://169.254.169.254/latest/meta-data", "refused: private or local address"],
      ["http://localhost:8787/hook", "refused: private or local address"],
      ["http://hooks.example.com/in", "refused: https required"],
      ["https://user:pw@hooks.example.com/in", "refused: credentials in URL"],
      ["not a url", "refused: invalid URL"],
    ];
    for (const [endpoint, error] of cases) {
      const { calls, deps } = setup(async () => new Response(null, { status: 200 }));
      const r = await deliverOnce(target(endpoint), SECRET, deps);
      expect(r, endpoint).toEqual({ status: null, error, refused: true, startedAt: T0, endedAt: T0 });
      expect(calls, endpoint).toHaveLength(0);
      expect(afterAttempt(1, r, r.endedAt)).toEqual({ status: "dead", nextAt: null });
    }
  });

  it("the local-development exception lets exactly http://localhost:PORT through", async () => {
    const { calls, deps } = setup(async () => new Response(null, { status: 200 }), { allowLocalDev: true });
    expect((await deliverOnce(target("http://localhost:8787/hook"), SECRET, deps)).error).toBeNull();
    expect((await deliverOnce(target("http://10.0.0.1:8787/hook"), SECRET, deps)).error).toBe("refused: private or local address");
    expect(calls.map((c) => c.url)).toEqual(["http://localhost:8787/hook"]);
  });
});
