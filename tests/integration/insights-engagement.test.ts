import { beforeAll, describe, expect, it } from "vitest";
import { call, createSite, getExperience, hmacHex, okJson, server, visitorHeaders, type RouteJson, type TestSite } from "./helpers";
import type { summaryRoute, surveyInsightsRoute } from "../../worker/features/insights/insights.routes";

type Summary = RouteJson<typeof summaryRoute, 200>;
type SurveyInsights = RouteJson<typeof surveyInsightsRoute, 200>;

/**
 * The visit and survey figures of the insights, through the API: what the experience counts as it
 * answers shoppers, and what survey answers add. Visits happen now (the experience reads the clock),
 * so the range asked for is the days around now.
 */
let site: TestSite;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const range = () => `from=${day(-1)}&to=${day(1)}`;
const nps = { id: "nps", questions: [{ id: "likely", type: "nps", prompt: { en: "How likely are you to recommend us?" } }] };

beforeAll(async () => {
  site = await createSite("insights-engagement", { surveys: [nps] });
});

describe("visits", () => {
  it("counts visits, distinct anonymous and identified visitors, and returning visits", async () => {
    for (const v of ["visitor-one-00000001", "visitor-two-00000002"]) await getExperience(visitorHeaders(site, v));
    // A page load inside the same visit is not a new visit.
    await getExperience(visitorHeaders(site, "visitor-one-00000001"));
    await getExperience(visitorHeaders(site, "visitor-ann-00000003", { "X-Revisit-Customer": "ann", "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, "ann") }));
    const s = await okJson<Summary>(await call(`/v1/insights/summary?${range()}&granularity=day`, { headers: server(site) }));
    expect(s.total).toMatchObject({ visits: 3, returningVisitShare: 0, visitors: { anonymous: 2, identified: 1 } });
  });
});

describe("surveys", () => {
  it("counts a survey shown once per shopper, its answers, and NPS by month", async () => {
    const h = visitorHeaders(site, "visitor-nps-00000004");
    expect((await getExperience(h)).survey?.surveyId).toBe("nps");
    expect((await getExperience(h)).survey?.surveyId).toBe("nps");
    await getExperience(visitorHeaders(site, "visitor-nps-00000005"));
    const answer = await call("/v1/surveys/nps/responses", { method: "POST", headers: h, json: { questionId: "likely", score: 9 } });
    expect(answer.status).toBe(201);
    const s = await okJson<SurveyInsights>(await call(`/v1/insights/surveys?${range()}`, { headers: server(site) }));
    // Five shoppers were offered it (three in the visits test), each counted once however often they saw it.
    expect(s.surveys).toContainEqual({ survey: "nps", shown: 5, answered: 1, responseRate: 0.2 });
    const month = day(0).slice(0, 7);
    expect(s.nps.find((m) => m.month === month)).toMatchObject({ answers: 1, promoters: 1, detractors: 0, nps: 100 });
    const csv = await call(`/v1/insights/surveys?${range()}&table=nps`, { headers: { ...server(site), Accept: "text/csv" } });
    expect((await csv.text()).replace(/^\uFEFF/, "").split("\r\n")[0]).toBe("month,answers,promoters,passives,detractors,nps");
  });
});
