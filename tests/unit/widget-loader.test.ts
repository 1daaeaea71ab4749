import { afterEach, describe, expect, it, vi } from "vitest";
import { headers, request } from "../../widget/src/loader/api";
import { emit, fail, guard, subscribe, type Listeners } from "../../widget/src/loader/bus";
import { partsFor } from "../../widget/src/loader/chunks";
import type { Config } from "../../widget/src/loader/config";
import { identify, identifyBody } from "../../widget/src/loader/identity";
import { createSession, off, type Session } from "../../widget/src/loader/state";
import { track } from "../../widget/src/loader/tracking";

/**
 * The loader's modules that need no browser: listeners (bus), headers and the HTTP error mapping
 * (api, with a stubbed fetch), the identify body and its sharing, which block chunks a page asks
 * for, the session's initial state, and events tracked before the queue exists.
 */
const cfg: Config = { site: "site_1", api: "https://edge.test", locale: "en", consentRequired: false, customer: null, ssr: false };
const HASH = "a".repeat(64);
const session = (over: Partial<Config> = {}): Session => ({ ...createSession({ ...cfg, ...over }, Promise.resolve()), vid: "v".repeat(32) });
const errors = (s: Listeners) => {
  const seen: unknown[] = [];
  subscribe(s, "error", (e) => seen.push(e));
  return seen;
};

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("bus", () => {
  it("a throwing listener does not stop the others; ready / experience are remembered, errors are not", () => {
    const s: Listeners = { subs: {}, last: {} };
    const got: unknown[] = [];
    vi.spyOn(console, "debug").mockImplementation(() => {});
    subscribe(s, "ready", () => {
      throw new Error("shop bug");
    });
    subscribe(s, "ready", (p) => got.push(p));
    emit(s, "ready", 1);
    emit(s, "error", { code: "x", message: "" });
    expect(got).toEqual([1]);
    expect(s.last).toEqual({ ready: 1 });
  });

  it("a late subscriber hears the last experience in a task of its own; unsubscribing stops delivery", () => {
    vi.useFakeTimers();
    const s: Listeners = { subs: {}, last: {} };
    emit(s, "experience", "old");
    emit(s, "experience", "new");
    const got: unknown[] = [];
    const stop = subscribe(s, "experience", (p) => got.push(p));
    expect(got).toEqual([]);
    vi.runAllTimers();
    expect(got).toEqual(["new"]);
    stop();
    emit(s, "experience", "newer");
    expect(got).toEqual(["new"]);
    expect(subscribe(s, "ready", "nope" as never)()).toBeUndefined();
    expect(s.subs.ready).toBeUndefined();
  });

  it("fail turns anything thrown into a RevisitError; guard passes the session first and returns the fallback on a throw", () => {
    vi.spyOn(console, "debug").mockImplementation(() => {});
    const s: Listeners = { subs: {}, last: {} };
    const seen = errors(s);
    fail(s, "boom");
    fail(s, { code: "http_500", message: "down", status: 500 });
    expect(seen).toEqual([
      { code: "client_error", message: "boom" },
      { code: "http_500", message: "down", status: 500 },
    ]);
    const add = guard(s, (ss: Listeners, a: number, b: number) => (ss === s ? a + b : -1), 0);
    expect(add(2, 3)).toBe(5);
    const bad = guard(
      s,
      () => {
        throw new TypeError("nope");
      },
      "fallback",
    );
    expect(bad()).toBe("fallback");
    expect(seen[2]).toEqual({ code: "client_error", message: "TypeError: nope" });
  });
});

describe("api", () => {
  it("headers: site and visitor always (extra headers cannot replace them), JSON type only with a body, the customer's proof when identified", () => {
    expect(headers("s", "v", null, false, { "X-Revisit-Key": "evil", "Idempotency-Key": "k" })).toEqual({ "Idempotency-Key": "k", "X-Revisit-Key": "s", "X-Revisit-Visitor": "v" });
    expect(headers("s", "v", { id: "c1", hash: HASH }, true)).toEqual({
      "X-Revisit-Key": "s",
      "X-Revisit-Visitor": "v",
      "Content-Type": "application/json",
      "X-Revisit-Customer": "c1",
      "X-Revisit-Customer-Hash": HASH,
    });
    expect(headers("s", "v", { id: "c1", hash: HASH, expires: 99 }, false)["X-Revisit-Customer-Expires"]).toBe("99");
  });

  it("request: GET without a body, POST (keepalive when asked) with one, never cookies; nothing at all without consent or after destroy", async () => {
    const fetch = vi.fn(async () => new Response('{"ok":1}', { status: 200 }));
    vi.stubGlobal("fetch", fetch);
    const s = session();
    expect(await request(s, "/v1/experience?x=1")).toEqual({ ok: 1 });
    await request(s, "/v1/events", { events: [] }, true);
    const [[url, get], [, post]] = fetch.mock.calls as unknown as [[string, RequestInit], [string, RequestInit]];
    expect(url).toBe("https://edge.test/v1/experience?x=1");
    expect(get).toMatchObject({ method: "GET", body: undefined, credentials: "omit", keepalive: false });
    expect(post).toMatchObject({ method: "POST", body: '{"events":[]}', keepalive: true });
    s.consent = false;
    await expect(request(s, "/v1/x")).rejects.toEqual({ code: "consent_required", message: "Waiting for consent" });
    s.consent = true;
    s.dead = true;
    await expect(request(s, "/v1/x")).rejects.toMatchObject({ code: "consent_required" });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("request: failures are RevisitErrors (the API's code and details, else http_<status>; a network error is `network`)", async () => {
    const s = session();
    const body = { error: { code: "conflict", message: "Not enough points", details: { balance: 3 } } };
    vi.stubGlobal("fetch", async () => new Response(JSON.stringify(body), { status: 409 }));
    await expect(request(s, "/v1/x", {})).rejects.toEqual({ code: "conflict", status: 409, message: "Not enough points", details: { balance: 3 } });
    vi.stubGlobal("fetch", async () => new Response("", { status: 503, statusText: "Unavailable" }));
    await expect(request(s, "/v1/x")).rejects.toEqual({ code: "http_503", status: 503, message: "Unavailable", details: undefined });
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("Failed to fetch");
    });
    await expect(request(s, "/v1/x")).rejects.toEqual({ code: "network", message: "Network request failed" });
  });
});

describe("identity", () => {
  it("the identify body carries the optional fields only when the shop gave them", () => {
    expect(identifyBody({ id: "c1", hash: HASH })).toStrictEqual({ customerId: "c1", hash: HASH });
    expect(identifyBody({ id: "c1", hash: HASH, expires: 5, firstName: "Ana", email: "a@b.co" })).toEqual({ customerId: "c1", hash: HASH, expires: 5, firstName: "Ana", email: "a@b.co" });
  });

  it("concurrent identify calls for one customer share one request; a 4xx makes the page anonymous, a 5xx does not", async () => {
    vi.spyOn(console, "debug").mockImplementation(() => {});
    const c = { id: "c1", hash: HASH };
    let status = 401;
    const fetch = vi.fn(async () => new Response("{}", { status }));
    vi.stubGlobal("fetch", fetch);
    const s = session({ customer: c });
    const seen = errors(s);
    const [a, b] = [identify(s, c), identify(s, c)];
    expect(a).toBe(b);
    expect(await a).toBe(false);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(s.customer).toBeNull();
    expect(seen).toMatchObject([{ code: "http_401" }]);
    expect(s.identifying).toBeNull();
    s.customer = c;
    status = 503;
    expect(await identify(s, c)).toBe(false);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(s.customer).toBe(c);
  });
});

describe("session state", () => {
  it("starts from the script tag: consent unless required, its customer, nothing fired or loaded", () => {
    const s = createSession({ ...cfg, consentRequired: true, customer: { id: "c1", hash: HASH } }, Promise.resolve());
    expect(s).toMatchObject({ consent: false, customer: { id: "c1" }, vid: "", exp: null, seq: 0, runs: 0, hosts: [], early: [] });
    expect(s.fired || s.running || s.dead || s.queue || s.uiP).toBeFalsy();
    expect(off(s)).toBe(true);
    s.consent = true;
    expect(off(s)).toBeFalsy();
    s.dead = true;
    expect(off(s)).toBe(true);
  });

  it("events tracked before the queue exists stay in memory, at most 100; an invalid one is reported, not kept", () => {
    vi.spyOn(console, "debug").mockImplementation(() => {});
    const s = session();
    const seen = errors(s);
    for (let i = 0; i < 120; i++) expect(track(s, "page_view", { url: `https://shop.test/${i}` })).toBe(true);
    expect(s.early).toHaveLength(100);
    expect(s.early[99]).toMatchObject({ type: "page_view", url: "https://shop.test/99" });
    expect(track(s, "product_view", {})).toBe(false);
    expect(seen).toMatchObject([{ code: "invalid_event" }]);
    s.dead = true;
    expect(track(s, "page_view")).toBe(false);
    expect(s.early).toHaveLength(100);
  });
});

describe("chunks", () => {
  it("a page asks for the survey chunk with a survey placeholder, the launcher without any placeholder, neither otherwise", () => {
    expect(partsFor([])).toEqual(["launcher"]);
    expect(partsFor([{ kind: "greeting" }, { kind: "survey" }])).toEqual(["survey"]);
    expect(partsFor([{ kind: "recommendations" }])).toEqual([]);
  });
});
