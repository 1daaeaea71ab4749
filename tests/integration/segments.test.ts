import { beforeAll, describe, expect, it } from "vitest";
import { call, createSite, hmacHex, segmentMembers, server, visitorHeaders, type TestSite } from "./helpers";

const DAY = 86_400_000;
let site: TestSite;

const survey = {
  id: "skin",
  questions: [
    {
      id: "type",
      type: "single",
      prompt: { en: "Skin type?" },
      options: [
        { id: "dry", label: { en: "Dry" }, tags: ["dry-skin"] },
        { id: "oily", label: { en: "Oily" }, tags: ["oily-skin"] },
      ],
    },
  ],
};
const lapsedVipDry = {
  id: "lapsed-vip-dry",
  name: "Lapsed VIPs with dry skin",
  rule: {
    all: [
      { field: "stage", op: "eq", value: "lapsed" },
      { field: "spend", op: "gte", value: 500 },
      {
        any: [
          { field: "tags", op: "contains", value: "dry-skin" },
          { answer: "skin/type", op: "includes", value: "dry" },
        ],
      },
    ],
  },
};

const order = (id: string, customerId: string, total: number, daysAgo: number) => ({
  id,
  customerId,
  items: [{ productId: "p1", quantity: 1, price: total }],
  total,
  currency: "USD",
  createdAt: new Date(Date.now() - daysAgo * DAY).toISOString(),
});
const post = (path: string, json: unknown) => call(path, { method: "POST", headers: server(site), json });
const as = async (id: string, device: string) => visitorHeaders(site, device, { "X-Revisit-Customer": id, "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, id) });
const answer = async (id: string, option: string) =>
  call("/v1/surveys/skin/responses", { method: "POST", headers: await as(id, `${id}-device-000001`), json: { questionId: "type", answers: [option] } });
const members = (segment: string) => segmentMembers(site, segment, 2);

beforeAll(async () => {
  site = await createSite("segs", { surveys: [survey], lapsedAfterDays: 90, lifecycle: { lapsedAfterDays: 90, atRiskAfterDays: 45 } });
  // Two big spenders who stopped buying, one recent big spender, and a few small recent buyers.
  for (const [i, c] of ["ana", "bob"].entries()) {
    await post("/v1/orders", order(`${c}-1`, c, 400, 300 + i));
    await post("/v1/orders", order(`${c}-2`, c, 300, 200 + i));
  }
  await post("/v1/orders", order("cy-1", "cy", 900, 3));
  for (const c of ["dee", "eli", "fin", "gus"]) await post("/v1/orders", order(`${c}-1`, c, 20, 5));
  expect((await answer("ana", "dry")).status).toBe(201);
  expect((await answer("bob", "oily")).status).toBe(201);
  expect((await answer("cy", "dry")).status).toBe(201);
});

describe("rule segments", () => {
  it("finds the lapsed VIPs who said they have dry skin, and keeps membership current", async () => {
    const config = (await (await call("/v1/site/config", { headers: server(site) })).json()) as Record<string, unknown>;
    const put = await call("/v1/site/config", { method: "PUT", headers: server(site), json: { ...config, segments: [lapsedVipDry] } });
    expect(put.status).toBe(200);
    expect(await members("lapsed-vip-dry")).toEqual(["ana"]);

    // Bob changes his answer: he enters; Ana orders again: no longer lapsed, she leaves.
    await answer("bob", "dry");
    await post("/v1/orders", order("ana-3", "ana", 50, 1));
    expect(await members("lapsed-vip-dry")).toEqual(["bob"]);
    const bob = (await (await call("/v1/customers/bob", { headers: server(site) })).json()) as { segments: string[]; lifecycleStage: string };
    expect(bob.lifecycleStage).toBe("lapsed");
    expect(bob.segments).toContain("lapsed-vip-dry");
  });

  it("lists every segment with counts and refuses rules that are not data", async () => {
    const list = (await (await call("/v1/segments", { headers: server(site) })).json()) as { segments: { id: string; kind: string; members: number }[] };
    expect(list.segments.find((s) => s.id === "lapsed-vip-dry")).toMatchObject({ kind: "rule", members: 1 });
    expect(list.segments.find((s) => s.id === "first_purchase")?.members).toBeGreaterThanOrEqual(4);
    const config = (await (await call("/v1/site/config", { headers: server(site) })).json()) as Record<string, unknown>;
    for (const rule of [{ field: "constructor", op: "eq", value: 1 }, { js: "process.exit()" }, { all: [] }, { field: "spend", op: "regex", value: ".*" }]) {
      const bad = await call("/v1/site/config", { method: "PUT", headers: server(site), json: { ...config, segments: [{ id: "x", name: "x", rule }] } });
      expect(bad.status, JSON.stringify(rule)).toBe(400);
    }
    expect((await call("/v1/segments/not-a-segment/customers", { headers: server(site) })).status).toBe(404);
  });
});

describe("RFM", () => {
  it("scores buyers against the shop's own quintiles and names their group", async () => {
    const cy = (await (await call("/v1/customers/cy", { headers: server(site) })).json()) as { rfm: { r: number; m: number; group: string } };
    const bob = (await (await call("/v1/customers/bob", { headers: server(site) })).json()) as { rfm: { r: number; m: number; group: string } };
    expect(cy.rfm.m).toBe(5);
    expect(cy.rfm.r).toBeGreaterThan(bob.rfm.r);
    expect(bob.rfm.r).toBe(1);
    expect(["at_risk", "cant_lose"]).toContain(bob.rfm.group);
    expect(await members(`rfm-${cy.rfm.group.replaceAll("_", "-")}`)).toContain("cy");
  });
});
