import { env, runInDurableObject } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { customerHeaders, drawn, firstWith, putConfig } from "./holdout-helpers";
import { type ApiError, call, createSite, type Experience, getCustomerExport, getExperience, getSiteConfig, hmacHex, json, okJson, type TestSite, visitorHeaders } from "./helpers";

/**
 * Issue 11, "Holdout group": a configurable share of shoppers gets the neutral experience, drawn
 * deterministically at their first request, kept through identify and merge, returned in the
 * experience and the export; changing the share moves nobody already assigned; loyalty keeps
 * working for everyone (what the neutral experience is: holdout-experience.test.ts). The clock is
 * faked (Date only), so visits start when the test says.
 */
const DAY = 86_400_000;
let now = Date.UTC(2032, 2, 1, 12);
const setNow = (t: number) => {
  now = t;
  vi.setSystemTime(t);
};

const identify = async (site: TestSite, visitorId: string, customerId: string, firstName?: string) =>
  okJson<{ customerId: string; merged: boolean }>(
    await call("/v1/identify", {
      method: "POST",
      headers: visitorHeaders(site, visitorId),
      json: { customerId, hash: await hmacHex(site.identitySecret, customerId), ...(firstName ? { firstName } : {}) },
    }),
  );
const armsIn = (x: Experience) => x.experiments ?? [];
/** Who the Insights object counts in each arm (its `members` table), by Profile object id. */
const insightsMembers = (siteId: string) =>
  runInDurableObject(env.INSIGHTS.get(env.INSIGHTS.idFromName(`site:${siteId}:insights`)), (_o, state) =>
    state.storage.sql.exec<{ experiment: string; shopper: string; arm: string }>("SELECT experiment, shopper, arm FROM members ORDER BY shopper").toArray(),
  );
const objectId = (siteId: string, kind: "visitor" | "customer", id: string) => env.PROFILE.idFromName(`site:${siteId}:${kind}:${id}`).toString();

beforeAll(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  setNow(now);
});
afterAll(() => vi.useRealTimers());

describe("holdout off (the default)", () => {
  it("lists no experiment, stores no arm, and leaves the experience as it was", async () => {
    const site = await createSite("hold-off");
    expect((await getSiteConfig(site)).experiments).toEqual([]);
    const x = await getExperience(await customerHeaders(site, "plain-1"));
    expect(x.experiments).toEqual([]);
    setNow(now + DAY);
    const again = await getExperience(await customerHeaders(site, "plain-1"));
    expect(again.greeting.kind).toBe("known_customer");
    expect((await getCustomerExport(site, "plain-1")).profile.experiments).toBeUndefined();
  });
});

describe("assignment: deterministic, sticky, and the share", () => {
  let site: TestSite;
  const visitors = Array.from({ length: 300 }, (_, i) => `share-visitor-${String(i).padStart(4, "0")}`);
  const arms = new Map<string, string>();
  /** Each visitor's arm as the experience returns it, 25 requests at a time. */
  const armsOf = async (list: string[]) => {
    const out: (string | undefined)[] = [];
    for (let i = 0; i < list.length; i += 25) out.push(...(await Promise.all(list.slice(i, i + 25).map(armOfVisitor))));
    return out;
  };
  const armOfVisitor = async (v: string) => {
    const x = await getExperience(visitorHeaders(site, v));
    expect(x.experiments).toHaveLength(1);
    return armsIn(x)[0]?.arm;
  };

  beforeAll(async () => {
    site = await createSite("hold-share", { experiments: [{ id: "holdout-2032", holdoutPercent: 30, name: "Spring holdout" }] });
  });

  it("puts about 30 % of 300 new visitors in the holdout, each by the documented draw", async () => {
    const got = await armsOf(visitors);
    visitors.forEach((v, j) => arms.set(v, got[j] as string));
    expect(visitors.map((v) => arms.get(v))).toEqual(visitors.map((v) => drawn(site.siteId, "holdout-2032", `visitor:${v}`, 30)));
    // Binomial(300, 0.3): mean 90, sd 7.94; the 99.9 % band is ±3.29 sd.
    const held = [...arms.values()].filter((a) => a === "holdout").length;
    expect(held).toBeGreaterThanOrEqual(Math.ceil(90 - 3.29 * Math.sqrt(300 * 0.3 * 0.7)));
    expect(held).toBeLessThanOrEqual(Math.floor(90 + 3.29 * Math.sqrt(300 * 0.3 * 0.7)));
  }, 180_000);

  it("keeps each shopper's arm on every request, in the same visit and the next", async () => {
    const sample = visitors.slice(0, 40);
    expect(await armsOf(sample)).toEqual(sample.map((v) => arms.get(v)));
    setNow(now + DAY);
    expect(await armsOf(sample)).toEqual(sample.map((v) => arms.get(v)));
  }, 180_000);

  it("30 % → 0 %: nobody assigned moves (the holdout keeps its arm), new shoppers all get the treatment", async () => {
    expect((await putConfig(site, { experiments: [{ id: "holdout-2032", holdoutPercent: 0 }] })).status).toBe(200);
    const held = visitors.filter((v) => arms.get(v) === "holdout");
    expect(held.length).toBeGreaterThan(0);
    const again = [...held, ...visitors.filter((v) => arms.get(v) === "treatment").slice(0, 20)];
    expect(await armsOf(again)).toEqual(again.map((v) => arms.get(v)));
    // 50 new shoppers of whom about 15 would have drawn the holdout at 30 %.
    const fresh = Array.from({ length: 50 }, (_, i) => `share-late-${String(i).padStart(6, "0")}`);
    expect(fresh.filter((v) => drawn(site.siteId, "holdout-2032", `visitor:${v}`, 30) === "holdout").length).toBeGreaterThan(5);
    expect(new Set(await armsOf(fresh))).toEqual(new Set(["treatment"]));
  }, 180_000);

  it("counts each assigned shopper once in the shop's insights, in their arm", async () => {
    const members = await insightsMembers(site.siteId);
    const byShopper = new Map(members.map((m) => [m.shopper, m.arm]));
    for (const v of visitors.slice(0, 50)) expect(byShopper.get(objectId(site.siteId, "visitor", v))).toBe(arms.get(v));
  });
});

describe("an experiment listed in the middle of a visit", () => {
  it("assigns the shopper on their next request and counts them in insights, without counting the visit twice or writing on later page loads", async () => {
    const site = await createSite("hold-late");
    const visitor = "late-visitor-000000001";
    const visits = () =>
      runInDurableObject(
        env.INSIGHTS.get(env.INSIGHTS.idFromName(`site:${site.siteId}:insights`)),
        (_o, state) => state.storage.sql.exec<{ n: number | null }>("SELECT sum(n) AS n FROM cells WHERE metric = 'visit'").one().n,
      );
    expect((await getExperience(visitorHeaders(site, visitor))).experiments).toEqual([]);
    expect(await visits()).toBe(1);
    expect((await putConfig(site, { experiments: [{ id: "late", holdoutPercent: 50 }] })).status).toBe(200);
    const arm = drawn(site.siteId, "late", `visitor:${visitor}`, 50);
    expect((await getExperience(visitorHeaders(site, visitor))).experiments).toEqual([{ id: "late", arm }]);
    expect(await visits()).toBe(1);
    expect((await insightsMembers(site.siteId)).map((m) => [m.shopper, m.arm])).toEqual([[objectId(site.siteId, "visitor", visitor), arm]]);
    // A page load inside the visit, arm already held: the profile is not rewritten (ProfileObject.visit).
    const stored = () =>
      runInDurableObject(
        env.PROFILE.get(env.PROFILE.idFromName(`site:${site.siteId}:visitor:${visitor}`)),
        (_o, state) => state.storage.sql.exec<{ state: string }>("SELECT state FROM profile").one().state,
      );
    const before = await stored();
    await getExperience(visitorHeaders(site, visitor));
    expect(await stored()).toBe(before);
    setNow(now + DAY);
    expect((await getExperience(visitorHeaders(site, visitor))).experiments).toEqual([{ id: "late", arm }]);
    expect(await visits()).toBe(2);
  });
});

describe("kept through identify and merge", () => {
  let site: TestSite;
  const X = "merge-h";
  beforeAll(async () => {
    site = await createSite("hold-merge", { experiments: [{ id: X, holdoutPercent: 50 }] });
  });

  it("a holdout visitor who identifies as a brand-new customer makes a holdout customer, also signed out, counted once", async () => {
    const visitor = firstWith(site.siteId, X, "visitor", "mv-hold-", 50, "holdout");
    // The customer's own draw would be the treatment: the arm must come from the visitor.
    const customer = firstWith(site.siteId, X, "customer", "new-cust-", 50, "treatment");
    expect(armsIn(await getExperience(visitorHeaders(site, visitor)))).toEqual([{ id: X, arm: "holdout" }]);
    expect((await identify(site, visitor, customer, "Nour")).merged).toBe(true);
    expect(armsIn(await getExperience(await customerHeaders(site, customer, visitor)))).toEqual([{ id: X, arm: "holdout" }]);
    expect(armsIn(await getExperience(visitorHeaders(site, visitor)))).toEqual([{ id: X, arm: "holdout" }]);
    const members = (await insightsMembers(site.siteId)).filter((m) => [objectId(site.siteId, "visitor", visitor), objectId(site.siteId, "customer", customer)].includes(m.shopper));
    expect(members).toEqual([{ experiment: X, shopper: objectId(site.siteId, "customer", customer), arm: "holdout" }]);
  });

  it("a customer already assigned keeps their arm when a holdout visitor merges into them", async () => {
    const customer = firstWith(site.siteId, X, "customer", "old-cust-", 50, "treatment");
    const visitor = firstWith(site.siteId, X, "visitor", "mv-late-", 50, "holdout");
    expect(armsIn(await getExperience(await customerHeaders(site, customer)))).toEqual([{ id: X, arm: "treatment" }]);
    expect(armsIn(await getExperience(visitorHeaders(site, visitor)))).toEqual([{ id: X, arm: "holdout" }]);
    await identify(site, visitor, customer);
    expect(armsIn(await getExperience(await customerHeaders(site, customer, visitor)))).toEqual([{ id: X, arm: "treatment" }]);
    const members = (await insightsMembers(site.siteId)).filter((m) => [objectId(site.siteId, "visitor", visitor), objectId(site.siteId, "customer", customer)].includes(m.shopper));
    expect(members).toEqual([{ experiment: X, shopper: objectId(site.siteId, "customer", customer), arm: "treatment" }]);
  });

  it("the arm is in the customer export", async () => {
    const customer = firstWith(site.siteId, X, "customer", "exp-cust-", 50, "holdout");
    await getExperience(await customerHeaders(site, customer));
    const exported = await getCustomerExport(site, customer);
    expect(exported.profile.experiments).toEqual({ [X]: { arm: "holdout", at: now } });
  });
});

describe("experiments config validation", () => {
  let site: TestSite;
  const valid = [{ id: "h1", holdoutPercent: 10 }];
  beforeAll(async () => {
    site = await createSite("hold-config", { experiments: valid });
  });
  const refused = async (experiments: unknown, field: string) => {
    const res = await putConfig(site, { experiments });
    expect(res.status).toBe(400);
    const body = await json<ApiError>(res);
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.message).toContain(field);
    return body.error.message;
  };

  it("refuses more than 50 %, naming the field", async () => {
    await refused([{ id: "h1", holdoutPercent: 60 }], "experiments.0.holdoutPercent");
  });
  it("refuses duplicate ids", async () => {
    expect(await refused([{ id: "h1" }, { id: "h1" }], "experiments.1.id")).toContain("defined twice");
  });
  it("refuses two active holdouts, but allows a finished one beside the active one", async () => {
    expect(
      await refused(
        [
          { id: "h1", holdoutPercent: 10 },
          { id: "h2", holdoutPercent: 5 },
        ],
        "experiments.1.holdoutPercent",
      ),
    ).toContain("only one holdout");
    expect(
      (
        await putConfig(site, {
          experiments: [
            { id: "h1", holdoutPercent: 0 },
            { id: "h2", holdoutPercent: 5 },
          ],
        })
      ).status,
    ).toBe(200);
    expect((await getSiteConfig(site)).experiments).toEqual([
      { id: "h1", type: "holdout", holdoutPercent: 0, minShoppersPerArm: 100 },
      { id: "h2", type: "holdout", holdoutPercent: 5, minShoppersPerArm: 100 },
    ]);
  });
  it("a refused config changes nothing", async () => {
    await refused([{ id: "h9", holdoutPercent: 51 }], "holdoutPercent");
    expect((await getSiteConfig(site)).experiments.map((x) => x.id)).toEqual(["h1", "h2"]);
  });
});
