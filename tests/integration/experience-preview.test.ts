import { listDurableObjectIds } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { previewRoute } from "../../worker/features/experience/preview.routes";
import { changesSince, settle, type Watch } from "../fuzz/storage-probe";
import { asConsole, auditOf, invite, signIn, signInOwner } from "./console-helpers";
import { type ApiError, call, createSite, type Experience, getExperience, getSiteConfig, hmacHex, json, okJson, type RouteJson, server, type TestSite, visitorHeaders } from "./helpers";

/** `POST /v1/experience/preview`. */
type Preview = RouteJson<typeof previewRoute, 200>;

const DAY = 86_400_000;
let site: TestSite;

const winBackSurvey = {
  id: "why-away",
  questions: [
    {
      id: "q",
      type: "single",
      prompt: { en: "What kept you away?", ar: "ما الذي أبعدك؟" },
      options: [
        { id: "price", label: { en: "Prices" } },
        { id: "time", label: { en: "No time" } },
      ],
    },
  ],
  display: { segments: ["lapsed"] },
};
const welcomeSurvey = { id: "hello", questions: [{ id: "q", type: "text", prompt: { en: "What brings you here?" } }] };
const config = {
  lapsedAfterDays: 90,
  lifecycle: { lapsedAfterDays: 90, atRiskAfterDays: 45 },
  surveys: [winBackSurvey, welcomeSurvey],
  offers: [{ id: "vip-early", kind: "early_access", title: { en: "Early access for you", ar: "وصول مبكر لك" }, audience: { segments: ["lapsed"], tiers: [] } }],
  content: {
    slots: [
      {
        id: "hero",
        variants: [
          { segment: "lapsed", headline: { en: "We missed you", ar: "اشتقنا إليك" }, offer: "vip-early" },
          { segment: null, headline: { en: "New this week", ar: "جديد هذا الأسبوع" } },
        ],
      },
    ],
  },
};

const preview = (headers: Record<string, string>, body: unknown) => call("/v1/experience/preview", { method: "POST", headers, json: body });
/** The blocks a segment decides (what the preview is for); visits and recommendations come from history. */
const decided = (e: Experience) => ({ greeting: e.greeting.kind, survey: e.survey, content: e.content, offers: e.offers, loyalty: e.loyalty !== null, settings: e.settings, locale: e.locale });

beforeAll(async () => {
  site = await createSite("preview", config);
});

describe("POST /v1/experience/preview", () => {
  it("refuses without credentials (401), with a publishable key (403) and a bad draft (400 at the field)", async () => {
    const draft = await getSiteConfig(site);
    expect((await preview({}, { config: draft })).status).toBe(401);
    expect((await preview({ Authorization: `Bearer ${site.publishableKey}` }, { config: draft })).status).toBe(403);
    const bad = await preview(server(site), { config: { ...draft, surveys: [{ ...winBackSurvey, questions: [] }] } });
    expect(bad.status).toBe(400);
    const err = await json<ApiError>(bad);
    expect(err.error.code).toBe("invalid_request");
    expect(err.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: ["config", "surveys", "0", "questions"] })]));
    const segment = await preview(server(site), { config: draft, segment: "no-such-segment" });
    expect(segment.status).toBe(400);
    expect((await json<ApiError>(segment)).error.details).toEqual([expect.objectContaining({ path: ["segment"] })]);
    expect((await preview(server(site), { config: draft, focus: "nonsense" })).status).toBe(400);
  });

  it("gives a new visitor the same blocks as a real first visit", async () => {
    const draft = await getSiteConfig(site);
    const got = await okJson<Preview>(await preview(server(site), { config: draft, locale: "ar", segment: null }));
    const real = await getExperience(visitorHeaders(site, "first-visit-000001"), "?locale=ar");
    expect(got.shopper).toMatchObject({ kind: "visitor", segment: null });
    expect(decided(got.experience)).toEqual(decided(real));
    expect(got.experience.survey?.surveyId).toBe("hello");
    expect(got.experience.content.hero?.headline).toBe("جديد هذا الأسبوع");
  });

  it("gives a lapsed customer the same blocks as a real lapsed customer, from the draft rather than the saved config", async () => {
    const orders = [200, 150].map((days, i) => ({
      id: `lena-${i}`,
      customerId: "lena",
      items: [{ productId: "p1", quantity: 1, price: 80 }],
      total: 80,
      currency: "USD",
      createdAt: new Date(Date.now() - days * DAY).toISOString(),
    }));
    for (const o of orders) expect((await call("/v1/orders", { method: "POST", headers: server(site), json: o })).status).toBe(201);
    const lena = visitorHeaders(site, "lena-device-000001", { "X-Revisit-Customer": "lena", "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, "lena") });
    await settle({ profiles: [], sites: [site.siteId] });
    const real = await getExperience(lena, "?locale=en");
    expect(real.content.hero?.headline).toBe("We missed you");
    const draft = await getSiteConfig(site);
    const got = await okJson<Preview>(await preview(server(site), { config: draft, locale: "en", segment: "lapsed" }));
    expect(got.shopper).toMatchObject({ kind: "customer", segment: "lapsed" });
    expect(decided(got.experience)).toEqual(decided(real));
    expect(got.experience.survey?.surveyId).toBe("why-away");

    // The draft, not the saved config: a new headline shows before anything is saved.
    const edited = structuredClone(draft);
    edited.content.slots[0]!.variants[0]!.headline = { en: "Come back for 10% off" };
    const changed = await okJson<Preview>(await preview(server(site), { config: edited, segment: "lapsed" }));
    expect(changed.experience.content.hero?.headline).toBe("Come back for 10% off");
    expect((await getSiteConfig(site)).content.slots[0]!.variants[0]!.headline?.en).toBe("We missed you");
  });

  it("shows a paused or out-of-segment survey in focus anyway, and says shoppers would not see it", async () => {
    const draft = await getSiteConfig(site);
    const paused = { ...draft, surveys: draft.surveys.map((s) => (s.id === "hello" ? { ...s, active: false } : s)) };
    const got = await okJson<Preview>(await preview(server(site), { config: paused, segment: null, focus: "survey:hello" }));
    expect(got.experience.survey?.surveyId).toBe("hello");
    expect(got.focus).toEqual({ focus: "survey:hello", visible: false, reason: "paused" });
    const unfocused = await okJson<Preview>(await preview(server(site), { config: paused, segment: null }));
    expect(unfocused.experience.survey).toBeNull();
    const other = await okJson<Preview>(await preview(server(site), { config: draft, segment: "new", focus: "survey:why-away" }));
    expect(other.experience.survey?.surveyId).toBe("why-away");
    expect(other.focus).toMatchObject({ visible: false, reason: "not_for_segment" });
    const offer = await okJson<Preview>(await preview(server(site), { config: draft, segment: "new", focus: "offer:vip-early" }));
    expect(offer.experience.offers.map((o) => o.id)).toEqual(["vip-early"]);
    expect(offer.focus).toMatchObject({ visible: false, reason: "not_for_segment" });
  });

  it("stores nothing: no profile, no survey count, no audit entry; console viewers may preview too", async () => {
    const owner = await signInOwner(site);
    const viewerInvite = await invite(site, "viewer@shop.example", "viewer");
    const viewer = await signIn({ inviteToken: viewerInvite.inviteToken });
    const draft = await getSiteConfig(site);
    const watch: Watch = { profiles: [], sites: [site.siteId] };
    const before = await settle(watch);
    const profiles = (await listDurableObjectIds(env.PROFILE)).length;
    const insights = (await listDurableObjectIds(env.INSIGHTS)).length;
    const auditBefore = (await auditOf(site)).entries.length;
    for (const segment of [null, "lapsed", "new", "loyal"]) {
      for (const headers of [server(site), asConsole(owner), asConsole(viewer)]) {
        const res = await preview(headers, { config: draft, segment, locale: "fa", focus: "offer:vip-early" });
        expect(res.status).toBe(200);
      }
    }
    // A session's POST still needs the CSRF header, read or not.
    expect((await preview(asConsole(viewer, false), { config: draft })).status).toBe(403);
    expect(await changesSince(before, watch)).toEqual([]);
    expect((await listDurableObjectIds(env.PROFILE)).length).toBe(profiles);
    expect((await listDurableObjectIds(env.INSIGHTS)).length).toBe(insights);
    expect((await auditOf(site)).entries.length).toBe(auditBefore);
  });
});
