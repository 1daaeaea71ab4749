import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { call, createSite, hmacHex, server, visitorHeaders, type TestSite } from "./helpers";

/**
 * Retention (issue #6): raw events older than the site's window are deleted by each profile's
 * alarm, their counts live on in the aggregates, a late retry cannot bring one back, and a shorter
 * window takes effect on the next event. Driven with a fake clock; alarms are run by hand.
 */
const DAY = 86_400_000;
let site: TestSite;
let now = Date.UTC(2032, 2, 1, 12);
const setNow = (t: number) => {
  now = t;
  vi.setSystemTime(t);
};

const profile = (kind: "visitor" | "customer", id: string) => env.PROFILE.get(env.PROFILE.idFromName(`site:${site.siteId}:${kind}:${id}`));
const rawEvents = (kind: "visitor" | "customer", id: string) =>
  runInDurableObject(profile(kind, id), (_o, state) => state.storage.sql.exec<{ id: string; at: number }>("SELECT id, at FROM events ORDER BY at").toArray());
const dailyCounts = (kind: "visitor" | "customer", id: string) =>
  runInDurableObject(profile(kind, id), (_o, state) => state.storage.sql.exec<{ type: string; n: number }>("SELECT type, sum(n) AS n FROM event_days GROUP BY type ORDER BY type").toArray());
const alarmAt = (kind: "visitor" | "customer", id: string) => runInDurableObject(profile(kind, id), (_o, state) => state.storage.getAlarm());
const views = (prefix: string, n: number, at: number) => ({
  events: Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${String(i).padStart(4, "0")}`, type: "product_view", productId: `p-${i % 3}`, at: new Date(at).toISOString() })),
});
const send = (headers: Record<string, string>, body: unknown) => call("/v1/events", { method: "POST", headers, json: body });

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  setNow(now);
  site = await createSite("retain", { retention: { eventsDays: 30 } });
});
beforeEach(() => setNow(now + DAY));
afterAll(() => vi.useRealTimers());

describe("retention of raw events", () => {
  it("deletes a visitor's raw events after the window and keeps their counts", async () => {
    const v = "retain-visitor-0001";
    const t0 = now;
    expect((await send(visitorHeaders(site, v), views("old", 4, t0))).status).toBe(202);
    // The sweep is scheduled for when the oldest event leaves the 30-day window.
    expect(await alarmAt("visitor", v)).toBe(t0 + 30 * DAY + 1);

    setNow(t0 + 20 * DAY);
    expect((await send(visitorHeaders(site, v), views("new", 2, now))).status).toBe(202);
    expect(await rawEvents("visitor", v)).toHaveLength(6);

    setNow(t0 + 31 * DAY);
    expect(await runDurableObjectAlarm(profile("visitor", v))).toBe(true);
    const left = await rawEvents("visitor", v);
    expect(left.map((e) => e.id)).toEqual(["new-0000", "new-0001"]);
    // What the deleted events meant is still there: counts and affinity.
    expect(await dailyCounts("visitor", v)).toEqual([{ type: "product_view", n: 6 }]);
    const state = await runInDurableObject(
      profile("visitor", v),
      (_o, s) => JSON.parse(s.storage.sql.exec<{ state: string }>("SELECT state FROM profile").one().state) as { eventCounts: Record<string, number> },
    );
    expect(state.eventCounts.product_view).toBe(6);
    // The next sweep waits for the remaining events (sent on day 20) to age out.
    expect(await alarmAt("visitor", v)).toBe(t0 + 50 * DAY + 1);

    // A late retry of a swept event is not stored again (nor counted twice).
    const retry = await send(visitorHeaders(site, v), views("old", 1, t0));
    expect(await retry.json()).toEqual({ accepted: 0, duplicates: 1 });
    expect(await rawEvents("visitor", v)).toHaveLength(2);
    expect(await dailyCounts("visitor", v)).toEqual([{ type: "product_view", n: 6 }]);
  });

  it("sweeps customers too, and the export shows counts, not swept events", async () => {
    const id = "ret-cust";
    const headers = visitorHeaders(site, "retain-visitor-0002", { "X-Revisit-Customer": id, "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, id) });
    const t0 = now;
    expect((await send(headers, views("c-old", 3, t0))).status).toBe(202);
    setNow(t0 + 29 * DAY);
    expect((await send(headers, views("c-new", 1, now))).status).toBe(202);
    setNow(t0 + 30 * DAY + 2);
    expect(await runDurableObjectAlarm(profile("customer", id))).toBe(true);
    const res = await call(`/v1/customers/${id}/export`, { headers: server(site) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { events: { id: string }[]; eventDays: Record<string, Record<string, number>> };
    expect(body.events.map((e) => e.id)).toEqual(["c-new-0000"]);
    expect(Object.values(body.eventDays.product_view ?? {}).reduce((a, b) => a + b, 0)).toBe(4);
  });

  it("a shorter window applies from the next event", async () => {
    const v = "retain-visitor-0003";
    const t0 = now;
    expect((await send(visitorHeaders(site, v), views("wnd1", 2, t0))).status).toBe(202);
    expect(await alarmAt("visitor", v)).toBe(t0 + 30 * DAY + 1);
    const config = (await (await call("/v1/site/config", { headers: server(site) })).json()) as Record<string, unknown>;
    expect((await call("/v1/site/config", { method: "PUT", headers: server(site), json: { ...config, retention: { eventsDays: 7 } } })).status).toBe(200);
    // The runtime config is read through a short-lived cache; move past it.
    setNow(t0 + DAY);
    expect((await send(visitorHeaders(site, v), views("wnd2", 1, now))).status).toBe(202);
    expect(await alarmAt("visitor", v)).toBe(t0 + 7 * DAY + 1);
    setNow(t0 + 7 * DAY + 1);
    await runDurableObjectAlarm(profile("visitor", v));
    expect((await rawEvents("visitor", v)).map((e) => e.id)).toEqual(["wnd2-0000"]);
  });

  it("refuses a window outside 1..3650 days with a 400", async () => {
    const config = (await (await call("/v1/site/config", { headers: server(site) })).json()) as Record<string, unknown>;
    const res = await call("/v1/site/config", { method: "PUT", headers: server(site), json: { ...config, retention: { eventsDays: 0 } } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBeTruthy();
  });
});
