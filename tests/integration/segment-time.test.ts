import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { call, createSite, hmacHex, segmentMembers, server, visitorHeaders, type TestSite } from "./helpers";

/**
 * Segments that move with time (issue #5): rules over event counts in windows, the daily
 * re-filing on the Site object's alarm (stages and windows change with no change to the
 * customer), and keyset paging through 100,000 members while members come and go.
 */
const DAY = 86_400_000;
let site: TestSite;
let now = Date.UTC(2033, 4, 10, 12);
const setNow = (t: number) => {
  now = t;
  vi.setSystemTime(t);
};
const siteStub = () => env.SITE.get(env.SITE.idFromName(site.siteId));
const as = async (id: string) => visitorHeaders(site, `${id}-device-00000001`, { "X-Revisit-Customer": id, "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, id) });
const views = (prefix: string, n: number) => ({
  events: Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${String(i).padStart(4, "0")}`, type: "product_view", productId: `p-${i}`, at: new Date(now).toISOString() })),
});
const members = (segment: string) => segmentMembers(site, segment);
/** Runs the Site's alarm until the daily pass has gone through everyone (it works in batches). */
const dailyPass = async () => {
  for (let i = 0; i < 1000; i++) {
    await runDurableObjectAlarm(siteStub());
    const cursor = await runInDurableObject(siteStub(), (_o, s) => s.storage.sql.exec<{ v: string }>("SELECT v FROM site_notes WHERE k = 'refile_cursor'").toArray());
    if (cursor.length === 0) return;
  }
  throw new Error("the daily pass did not finish");
};

const windowShoppers = { id: "window-shoppers", name: "3+ product views this week", rule: { event: "product_view", withinDays: 7, op: "gte", value: 3 } };
const quiz = {
  id: "skin-quiz",
  questions: [
    {
      id: "skin",
      type: "single",
      prompt: { en: "How does your skin feel?" },
      options: [
        { id: "tight", label: { en: "Tight" }, tags: ["dry-skin"], traits: { skinType: "dry" } },
        { id: "shiny", label: { en: "Shiny" }, tags: ["oily-skin"], traits: { skinType: "oily" } },
      ],
    },
  ],
};
const dryByQuiz = { id: "quiz-dry", name: "Quiz said dry skin", rule: { attribute: "skinType", op: "eq", value: "dry" } };

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  setNow(now);
  site = await createSite("segtime", { lapsedAfterDays: 90, lifecycle: { lapsedAfterDays: 90, atRiskAfterDays: 45 }, segments: [windowShoppers, dryByQuiz], surveys: [quiz] });
});
afterAll(() => vi.useRealTimers());

describe("rules over event windows", () => {
  it("files a shopper by views in the last 7 days, and the daily pass lets them go when the week is over", async () => {
    expect((await call("/v1/events", { method: "POST", headers: await as("wen"), json: views("wen-views", 2) })).status).toBe(202);
    expect(await members("window-shoppers")).toEqual([]);
    // Ten minutes on, the third view re-files her (browsing re-files at most every few minutes).
    setNow(now + 11 * 60_000);
    expect((await call("/v1/events", { method: "POST", headers: await as("wen"), json: views("wen-more", 1) })).status).toBe(202);
    expect(await members("window-shoppers")).toEqual(["wen"]);

    // Six days later she is still in; eight days later the daily pass takes her out. Nobody
    // sent anything in between: only the clock moved.
    setNow(now + 6 * DAY);
    await dailyPass();
    expect(await members("window-shoppers")).toEqual(["wen"]);
    setNow(now + 2 * DAY);
    await dailyPass();
    expect(await members("window-shoppers")).toEqual([]);
    const res = await call("/v1/customers/wen", { headers: server(site) });
    expect(((await res.json()) as { segments: string[] }).segments).not.toContain("window-shoppers");
  });

  it("moves buyers to at risk and lapsed as days pass, by the daily pass alone", async () => {
    const order = { id: "ola-1", customerId: "ola", items: [{ productId: "p-1", quantity: 1, price: 30 }], total: 30, currency: "USD", createdAt: new Date(now).toISOString() };
    expect((await call("/v1/orders", { method: "POST", headers: server(site), json: order })).status).toBe(201);
    expect(await members("first_purchase")).toContain("ola");
    setNow(now + 50 * DAY);
    await dailyPass();
    expect(await members("at_risk")).toContain("ola");
    setNow(now + 41 * DAY);
    await dailyPass();
    expect(await members("lapsed")).toContain("ola");
    expect(await members("at_risk")).not.toContain("ola");
  });

  it("keeps the alarm armed for the next day after a pass", async () => {
    const [alarm, next] = await runInDurableObject(
      siteStub(),
      async (_o, s) => [await s.storage.getAlarm(), s.storage.sql.exec<{ v: string }>("SELECT v FROM site_notes WHERE k = 'refile_at'").one().v] as const,
    );
    expect(alarm).not.toBeNull();
    expect(Number(next)).toBeGreaterThan(now);
    expect(Number(next) - now).toBeLessThanOrEqual(DAY);
    expect(new Date(Number(next)).getUTCHours()).toBe(3);
  });

  it("files a shopper by the attribute their quiz answer set, and moves them when it changes", async () => {
    const answer = async (option: string) => call("/v1/surveys/skin-quiz/responses", { method: "POST", headers: await as("quinn"), json: { questionId: "skin", answers: [option] } });
    expect((await answer("tight")).status).toBe(201);
    expect(await members("quiz-dry")).toEqual(["quinn"]);
    expect((await answer("shiny")).status).toBe(201);
    expect(await members("quiz-dry")).toEqual([]);
  });

  it("refuses malformed window and attribute rules with a 400", async () => {
    const config = (await (await call("/v1/site/config", { headers: server(site) })).json()) as Record<string, unknown>;
    for (const rule of [
      { event: "product_view", withinDays: 400, op: "gte", value: 1 },
      { event: "teleport", withinDays: 7, op: "gte", value: 1 },
      { event: "product_view", withinDays: 7, op: "contains", value: 1 },
      { attribute: "1bad", op: "eq", value: "x" },
      { attribute: "skinType", op: "in", value: [] },
    ]) {
      const res = await call("/v1/site/config", { method: "PUT", headers: server(site), json: { ...config, segments: [{ id: "bad", name: "Bad", rule }] } });
      expect(res.status, JSON.stringify(rule)).toBe(400);
    }
  });
});

describe("paging at 100,000 members", () => {
  it("pages through every member exactly once while members come and go", { timeout: 180_000 }, async () => {
    const N = 100_000;
    const id = (i: number) => `m${String(i).padStart(6, "0")}`;
    const entry = (cid: string) =>
      JSON.stringify({ customerId: cid, email: null, firstName: null, visits: 1, productViews: 0, cartItems: 0, orders: 3, spend: 90, points: 0, lastOrderAt: now, lastSeen: now });
    await runInDurableObject(siteStub(), (_o, s) => {
      s.storage.transactionSync(() => {
        for (let i = 0; i < N; i += 2)
          s.storage.sql.exec("INSERT INTO customers (id, email, stage, entry) VALUES (?, NULL, 'loyal', ?), (?, NULL, 'loyal', ?)", id(i), entry(id(i)), id(i + 1), entry(id(i + 1)));
      });
    });

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    const removed = new Set<string>();
    do {
      const res: Response = await call(`/v1/segments/loyal/customers?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { headers: server(site) });
      expect(res.status).toBe(200);
      const page = (await res.json()) as { customers: { customerId: string }[]; nextCursor: string | null };
      seen.push(...page.customers.map((c) => c.customerId));
      cursor = page.nextCursor;
      pages++;
      if (pages === 50) {
        // Mid-way: members join before and after the cursor, and some not yet listed leave.
        await runInDurableObject(siteStub(), (_o, s) => {
          s.storage.sql.exec("INSERT INTO customers (id, email, stage, entry) VALUES ('a-early', NULL, 'loyal', ?), ('z-late', NULL, 'loyal', ?)", entry("a-early"), entry("z-late"));
          for (const i of [70_000, 80_001, 99_999]) s.storage.sql.exec("DELETE FROM customers WHERE id = ?", id(i));
        });
        for (const i of [70_000, 80_001, 99_999]) removed.add(id(i));
      }
    } while (cursor);

    expect(pages).toBeGreaterThanOrEqual(200);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(seen);
    const expected = Array.from({ length: N }, (_, i) => id(i)).filter((x) => !removed.has(x));
    const members = seen.filter((x) => x.startsWith("m"));
    expect(members).toEqual(expected);
    // Joined after the cursor passed: seen; joined before it: next listing.
    expect(seen).toContain("z-late");
    expect(seen).not.toContain("a-early");
  });
});
