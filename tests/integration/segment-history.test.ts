import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { segmentHistoryRoute } from "../../worker/features/segments/segments.routes";
import { dayKey, rangeProblem, SegmentHistory } from "../../worker/features/segments/segment-history";
import { createSql } from "../../worker/platform/sql";
import { call, createSite, okJson, server, type ApiError, type RouteJson, type TestSite } from "./helpers";

/**
 * GET /v1/segments/history: segment sizes recorded once a day when the Site's daily re-filing
 * ends, with controlled time (the Date is faked; the alarm is run by hand), one row per day.
 */
type History = RouteJson<typeof segmentHistoryRoute, 200>;
let site: TestSite;
let now = Date.UTC(2034, 2, 10, 12);
const setNow = (t: number) => {
  now = t;
  vi.setSystemTime(t);
};
const siteStub = () => env.SITE.get(env.SITE.idFromName(site.siteId));
const rows = () => runInDurableObject(siteStub(), (_o, s) => s.storage.sql.exec<{ day: string; counts: string }>("SELECT day, counts FROM segment_history ORDER BY day").toArray());
/** Runs the Site's alarm until the daily pass has gone through everyone (it works in batches). */
const dailyPass = async () => {
  for (let i = 0; i < 100; i++) {
    await runDurableObjectAlarm(siteStub());
    const cursor = await runInDurableObject(siteStub(), (_o, s) => s.storage.sql.exec("SELECT v FROM site_notes WHERE k = 'refile_cursor'").toArray());
    if (cursor.length === 0) return;
  }
  throw new Error("the daily pass did not finish");
};
const history = (query: string) => call(`/v1/segments/history?${query}`, { headers: server(site) });
const order = (id: string, customerId: string, total: number) => ({
  id,
  customerId,
  items: [{ productId: "p1", quantity: 1, price: total }],
  total,
  currency: "USD",
  createdAt: new Date(now).toISOString(),
});
const bigSpenders = { id: "big-spenders", name: "Spent 100 or more", rule: { field: "spend", op: "gte", value: 100 } };

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  setNow(now);
  site = await createSite("seghist", { lapsedAfterDays: 90, segments: [bigSpenders] });
  for (const [c, total] of [
    ["ana", 150],
    ["bo", 20],
  ] as const)
    expect((await call("/v1/orders", { method: "POST", headers: server(site), json: order(`${c}-1`, c, total) })).status).toBe(201);
});
afterAll(() => vi.useRealTimers());

describe("segment sizes day by day", () => {
  it("records nothing before the first daily pass", async () => {
    expect(await rows()).toEqual([]);
    expect(await okJson<History>(await history("from=2034-03-01&to=2034-03-31"))).toEqual({ days: [] });
  });

  it("the daily pass records the day's counts once; the next day's pass adds one row", async () => {
    setNow(Date.UTC(2034, 2, 11, 4));
    await dailyPass();
    const live = await okJson<{ segments: { id: string; members: number }[] }>(await call("/v1/segments", { headers: server(site) }));
    const day1 = await okJson<History>(await history("from=2034-03-11&to=2034-03-11"));
    expect(day1.days).toHaveLength(1);
    expect(day1.days[0]?.day).toBe("2034-03-11");
    for (const s of live.segments) expect(day1.days[0]?.counts[s.id] ?? 0, s.id).toBe(s.members);
    expect(day1.days[0]?.counts["big-spenders"]).toBe(1);

    // Later the same day: the alarm is not due (tomorrow's pass is scheduled), and even a second
    // pass the same day (a retried alarm) keeps the first row.
    setNow(Date.UTC(2034, 2, 11, 20));
    await runDurableObjectAlarm(siteStub());
    expect((await call("/v1/orders", { method: "POST", headers: server(site), json: order("bo-2", "bo", 200) })).status).toBe(201);
    await runInDurableObject(siteStub(), (_o, s) => {
      expect(new SegmentHistory(createSql(s.storage)).record({ "big-spenders": 2 }, Date.UTC(2034, 2, 11, 23, 59))).toBe(false);
    });
    expect((await rows()).map((r) => [r.day, JSON.parse(r.counts)["big-spenders"]])).toEqual([["2034-03-11", 1]]);

    setNow(Date.UTC(2034, 2, 12, 3, 30));
    await dailyPass();
    expect((await rows()).map((r) => [r.day, JSON.parse(r.counts)["big-spenders"]])).toEqual([
      ["2034-03-11", 1],
      ["2034-03-12", 2],
    ]);
    const both = await okJson<History>(await history("from=2034-01-01&to=2034-03-31"));
    expect(both.days.map((d) => d.day)).toEqual(["2034-03-11", "2034-03-12"]);
    expect((await okJson<History>(await history("from=2034-03-12&to=2034-04-30"))).days.map((d) => d.day)).toEqual(["2034-03-12"]);
  });

  it("refuses impossible ranges and ranges over 400 days with 400", async () => {
    for (const q of ["from=2034-03-12&to=2034-03-11", "from=2033-01-01&to=2034-02-05", "from=2034-02-30&to=2034-03-01", "from=20340301&to=2034-03-02", "from=2034-03-01"]) {
      const res = await history(q);
      expect(res.status, q).toBe(400);
      expect((await okJson<ApiError>(res, 400)).error.code).toBe("invalid_request");
    }
    expect((await history("from=2033-02-05&to=2034-03-11")).status).toBe(200);
    expect((await history("from=2033-02-04&to=2034-03-11")).status).toBe(400);
    expect((await call("/v1/segments/history?from=2034-03-01&to=2034-03-02")).status).toBe(401);
  });

  it("days are UTC calendar days, and a range of 400 days is the longest", () => {
    expect(dayKey(Date.UTC(2034, 2, 11, 23, 59, 59))).toBe("2034-03-11");
    expect(dayKey(Date.UTC(2034, 2, 12))).toBe("2034-03-12");
    expect(rangeProblem("2033-02-05", "2034-03-11")).toBeNull();
    expect(rangeProblem("2033-02-04", "2034-03-11")).toMatch(/400 days/);
    expect(rangeProblem("2034-03-11", "2034-03-11")).toBeNull();
  });
});
