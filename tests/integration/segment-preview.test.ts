import { env, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { previewSegmentRoute } from "../../worker/features/segments/segments.routes";
import { STAGES } from "../../worker/features/segments/lifecycle";
import { previewSegment } from "../../worker/features/segments/segment-preview";
import { SegmentBook } from "../../worker/features/segments/site-segments";
import { segmentsConfigOf } from "../../worker/features/segments/customer-index";
import { createSql } from "../../worker/platform/sql";
import { asConsole, auditOf, invite, signIn, signInOwner } from "./console-helpers";
import { call, createSite, getSiteConfig, okJson, segmentMembers, server, type ApiError, type RouteJson, type TestSite } from "./helpers";

/**
 * POST /v1/segments/preview: the would-be count of a rule before it is saved, judged by the same
 * engine that files customers, bounded for big shops, and a read (viewers may ask; not audited).
 */
type Preview = RouteJson<typeof previewSegmentRoute, 200>;
const DAY = 86_400_000;
let site: TestSite;

const bigSpenders = {
  id: "big-spenders",
  name: "Spent 100 or more",
  rule: {
    all: [
      { field: "spend", op: "gte", value: 100 },
      { field: "orders", op: "gte", value: 1 },
    ],
  },
};
const order = (id: string, customerId: string, total: number, daysAgo: number) => ({
  id,
  customerId,
  email: `${customerId}@shop.example`,
  items: [{ productId: "p1", quantity: 1, price: total }],
  total,
  currency: "USD",
  createdAt: new Date(Date.now() - daysAgo * DAY).toISOString(),
});
const preview = (segment: unknown, headers: Record<string, string> = server(site)) => call("/v1/segments/preview", { method: "POST", headers, json: { segment } });

beforeAll(async () => {
  site = await createSite("segprev", { lapsedAfterDays: 90 });
  const spend: [string, number][] = [
    ["amy", 250],
    ["ben", 40],
    ["cat", 120],
    ["dan", 99],
    ["eve", 100],
    ["fay", 15],
  ];
  for (const [c, total] of spend) expect((await call("/v1/orders", { method: "POST", headers: server(site), json: order(`${c}-1`, c, total, 10) })).status).toBe(201);
});

describe("previewing a rule before saving it", () => {
  it("answers the count the segment has right after the same rule is saved", async () => {
    const before = await okJson<Preview>(await preview(bigSpenders));
    expect(before).toMatchObject({ matching: 3, total: 6, exact: true });
    expect(before.sample.map((s) => s.customerId)).toEqual(["amy", "cat", "eve"]);
    expect(before.sample[0]).toEqual({ customerId: "amy", email: "amy@shop.example", firstName: null });

    const config = await getSiteConfig(site);
    expect((await call("/v1/site/config", { method: "PUT", headers: server(site), json: { ...config, segments: [bigSpenders] } })).status).toBe(200);
    const listed = await okJson<{ segments: { id: string; members: number }[] }>(await call("/v1/segments", { headers: server(site) }));
    expect(listed.segments.find((s) => s.id === "big-spenders")?.members).toBe(before.matching);
    expect(await segmentMembers(site, "big-spenders")).toEqual(before.sample.map((s) => s.customerId));
  });

  it("judges stages and RFM like filing does (a lifecycle rule previews what the stage list says)", async () => {
    const listed = await okJson<{ segments: { id: string; kind: string; members: number }[] }>(await call("/v1/segments", { headers: server(site) }));
    for (const stage of STAGES) {
      const p = await okJson<Preview>(await preview({ id: "s", name: "s", rule: { field: "stage", op: "eq", value: stage } }));
      expect(p.matching, stage).toBe(listed.segments.find((s) => s.id === stage)?.members ?? 0);
    }
    expect(listed.segments.filter((s) => s.kind === "lifecycle" && s.members > 0).length).toBeGreaterThan(0);
  });

  it("refuses an invalid rule with the config's own issues, and stores nothing", async () => {
    const bad = await preview({ id: "Bad Id", name: "", rule: { field: "shoeSize", op: "eq", value: 42 } });
    expect(bad.status).toBe(400);
    const body = await okJson<ApiError>(bad, 400);
    expect(body.error.code).toBe("invalid_request");
    const paths = (body.error.details as { path: string[] }[]).map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["segment.id", "segment.name", "segment.rule"]));
    expect((await preview({ id: "deep", name: "deep", rule: { not: { not: { not: { not: { not: { not: { field: "orders", op: "gt", value: 0 } } } } } } } })).status).toBe(400);
    expect((await call("/v1/segments/preview", { method: "POST", headers: server(site), json: {} })).status).toBe(400);
  });

  it("is a read: a viewer may preview (with the CSRF header), and previews stay out of the audit log", async () => {
    const viewer = await signIn({ inviteToken: (await invite(site, "viewer@segprev.example", "viewer")).inviteToken });
    expect((await okJson<Preview>(await preview(bigSpenders, asConsole(viewer)))).matching).toBe(3);
    const noCsrf = await preview(bigSpenders, asConsole(viewer, false));
    expect(noCsrf.status).toBe(403);
    expect((await okJson<ApiError>(noCsrf, 403)).error.code).toBe("csrf_failed");
    // A viewer still cannot save: the read exception is this one route.
    const config = await getSiteConfig(site);
    expect((await call("/v1/site/config", { method: "PUT", headers: asConsole(viewer), json: config })).status).toBe(403);

    const owner = await signInOwner(site);
    expect((await preview(bigSpenders, asConsole(owner))).status).toBe(200);
    expect((await preview(bigSpenders, {})).status).toBe(401);
    const audit = await auditOf(site);
    expect(audit.entries.filter((e) => e.path === "/v1/segments/preview")).toEqual([]);
    expect(audit.entries.some((e) => e.path === "/v1/site/config" && e.status === 403)).toBe(true);
  });

  it("above the exact bound judges an even, deterministic sample and scales the count", async () => {
    const stub = env.SITE.get(env.SITE.idFromName(site.siteId));
    const answers = await runInDurableObject(stub, (_o, state) => {
      const sql = createSql(state.storage);
      const config = segmentsConfigOf(undefined);
      const now = Date.now();
      const run = () => previewSegment(sql, new SegmentBook(sql), bigSpenders.rule as never, config, now, { exactMax: 4, sample: 3 });
      return [run(), run(), previewSegment(sql, new SegmentBook(sql), bigSpenders.rule as never, config, now)];
    });
    const [a, b, exact] = answers;
    expect(a).toEqual(b);
    expect(a?.exact).toBe(false);
    expect(a?.total).toBe(6);
    // Rows 1, 3 and 5 in joining order (amy, cat, eve) all spent 100+: 3 of 3, scaled to 6.
    expect(a?.matching).toBe(6);
    expect(exact).toMatchObject({ exact: true, matching: 3 });
  });
});
