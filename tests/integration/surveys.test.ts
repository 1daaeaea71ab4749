import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { everyObject } from "../fuzz/storage-probe";
import {
  call,
  createSite,
  getCustomer,
  getCustomerExport,
  hmacHex,
  json,
  server,
  visitorHeaders,
  type ApiError,
  type DeliveryDetail,
  type DeliveryPage,
  type NpsSummary,
  type TestSite,
  type WebhookPayload,
} from "./helpers";

/**
 * Zero-party surveys and quizzes (issue 5) in workerd against real Profile and Site objects:
 * every question type accepted and refused, quizzes step by step, display rules with a
 * controlled clock, answers in the customer API and the export, the NPS summary with re-answers,
 * merges and erasure, and `survey.answered` carrying the new answer kinds.
 */
const DAY = 86_400_000;
const MIN = 60_000;

const quiz = {
  id: "skin-quiz",
  questions: [
    {
      id: "type",
      type: "single",
      prompt: { en: "Your skin type?", fa: "نوع پوست شما؟" },
      options: [
        { id: "dry", label: { en: "Dry" }, tags: ["dry-skin"], traits: { skinType: "dry" } },
        { id: "oily", label: { en: "Oily" }, tags: ["oily-skin"], traits: { skinType: "oily" } },
      ],
    },
    {
      id: "scent",
      type: "multi",
      prompt: { en: "Scents you like?" },
      options: [
        { id: "floral", label: { en: "Floral" }, tags: ["floral"] },
        { id: "woody", label: { en: "Woody" }, tags: ["woody"], traits: { scent: "woody" } },
        { id: "citrus", label: { en: "Citrus" }, tags: ["citrus"] },
      ],
    },
    { id: "notes", type: "text", prompt: { en: "Anything we should know?" }, maxLength: 40 },
  ],
};
const npsSurvey = (display: Record<string, unknown> = {}) => ({ id: "nps", questions: [{ id: "likely", type: "nps", prompt: { en: "How likely are you to recommend us?" } }], display });

type Question = { surveyId: string; questionId: string; type: string; step: number; steps: number; options: { id: string }[]; followUp: string | null; maxLength: number; prompt: string };

// A controlled clock, far from the real one; each test moves it on.
let now = Date.UTC(2032, 0, 1, 12);
const tick = (ms: number) => {
  now += ms;
  vi.setSystemTime(now);
};
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  tick(DAY);
});
beforeAll(() => {
  // survey.answered goes to the shop's receiver; it answers here (the outbox runs in this isolate).
  const realFetch = globalThis.fetch;
  vi.stubGlobal("fetch", (input: RequestInfo | URL, init?: RequestInit) =>
    new Request(input, init).url.startsWith("https://receiver.test/") ? Promise.resolve(new Response("ok")) : realFetch(input, init),
  );
});
afterAll(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const as = async (site: TestSite, customerId: string, device = `${customerId}-device-0001`) =>
  visitorHeaders(site, device, { "X-Revisit-Customer": customerId, "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, customerId) });
const respond = (_site: TestSite, headers: Record<string, string>, surveyId: string, json: unknown) => call(`/v1/surveys/${surveyId}/responses`, { method: "POST", headers, json });
async function question(headers: Record<string, string>, locale = "en"): Promise<Question | null> {
  const res = await call(`/v1/experience?locale=${locale}`, { headers });
  expect(res.status).toBe(200);
  return ((await res.json()) as { survey: Question | null }).survey;
}
async function refused(res: Response, status: number, message: RegExp) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(status === 404 ? "not_found" : "invalid_request");
  expect(body.error.message).toMatch(message);
}

describe("question types", () => {
  let site: TestSite;
  const h = () => visitorHeaders(site, "types-visitor-000001");
  beforeAll(async () => {
    site = await createSite("surveys-types", { surveys: [quiz, npsSurvey()] });
  });

  it("accepts single, multi, text and nps answers in their own shapes", async () => {
    const single = await respond(site, h(), "skin-quiz", { questionId: "type", answers: ["dry"] });
    expect(single.status).toBe(201);
    expect(await single.json()).toEqual({ surveyId: "skin-quiz", questionId: "type", answers: ["dry"], tags: ["dry-skin"], score: null, text: null, dismissed: false, completed: false });
    const multi = await respond(site, h(), "skin-quiz", { questionId: "scent", answers: ["woody", "citrus", "woody"] });
    expect(await multi.json()).toMatchObject({ answers: ["woody", "citrus"], tags: ["woody", "citrus"] });
    const text = await respond(site, h(), "skin-quiz", { questionId: "notes", text: "  <b>sensitive</b>\u0000 around\r\nthe eyes " });
    expect(text.status).toBe(201);
    expect(await text.json()).toMatchObject({ text: "<b>sensitive</b> around\nthe eyes", completed: true });
    const nps = await respond(site, h(), "nps", { questionId: "likely", score: 10, text: "Fast delivery" });
    expect(await nps.json()).toMatchObject({ score: 10, text: "Fast delivery", answers: [], completed: true });
  });

  it("refuses wrong shapes with a clear 400, unknown surveys and questions with 404, and stores nothing", async () => {
    const v = visitorHeaders(site, "types-visitor-000002");
    await refused(await respond(site, v, "skin-quiz", { questionId: "type", answers: ["dry", "oily"] }), 400, /exactly one/);
    await refused(await respond(site, v, "skin-quiz", { questionId: "type", answers: ["wet"] }), 400, /"wet" is not one of the options/);
    await refused(await respond(site, v, "skin-quiz", { questionId: "type", score: 3 }), 400, /send answers/);
    await refused(await respond(site, v, "skin-quiz", { questionId: "notes", text: "x".repeat(41) }), 400, /longer than this question's 40 characters/);
    await refused(await respond(site, v, "skin-quiz", { questionId: "notes", text: " \u0007 " }), 400, /non-empty text/);
    await refused(await respond(site, v, "skin-quiz", { questionId: "notes", answers: ["dry"] }), 400, /free text: send text/);
    await refused(await respond(site, v, "nps", { questionId: "likely", answers: ["dry"] }), 400, /NPS question/);
    await refused(await respond(site, v, "nps", { questionId: "likely", text: "no score" }), 400, /score \(an integer 0–10\)/);
    await refused(await respond(site, v, "nps", { questionId: "likely", score: 11 }), 400, /score/);
    await refused(await respond(site, v, "nps", { questionId: "likely", score: 7.5 }), 400, /score/);
    await refused(await respond(site, v, "nps", { questionId: "likely", score: 9, answers: ["a"] }), 400, /cannot be combined/);
    await refused(await respond(site, v, "nps", { questionId: "likely", dismissed: true, score: 3 }), 400, /alone/);
    await refused(await respond(site, v, "nps", { questionId: "likely" }), 400, /send answers \(single\/multi\), score \(nps\)/);
    await refused(await respond(site, v, "nps", { questionId: "likely", dismissed: false }), 400, /dismissed/);
    await refused(await respond(site, v, "nope", { questionId: "likely", score: 3 }), 404, /No survey "nope"/);
    await refused(await respond(site, v, "nps", { questionId: "nope", score: 3 }), 404, /No question "nope"/);
    // None of that was stored: the first question is still the first one.
    expect(await question(v)).toMatchObject({ surveyId: "skin-quiz", questionId: "type", step: 1 });
  });
});

describe("quizzes and answers on the profile", () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await createSite("surveys-quiz", {
      surveys: [quiz, npsSurvey()],
      webhooks: [{ url: "https://receiver.test/hooks", events: ["survey.answered"] }],
    });
  });

  it("shows a quiz question by question (step of steps), then the NPS question with its follow-up", async () => {
    const h = visitorHeaders(site, "quiz-visitor-0000001");
    expect(await question(h, "fa")).toEqual({
      surveyId: "skin-quiz",
      questionId: "type",
      type: "single",
      prompt: "نوع پوست شما؟",
      options: [
        { id: "dry", label: "Dry" },
        { id: "oily", label: "Oily" },
      ],
      step: 1,
      steps: 3,
      followUp: null,
      maxLength: 0,
    });
    await respond(site, h, "skin-quiz", { questionId: "type", answers: ["oily"] });
    expect(await question(h)).toMatchObject({ questionId: "scent", type: "multi", step: 2, steps: 3 });
    await respond(site, h, "skin-quiz", { questionId: "scent", answers: ["floral"] });
    expect(await question(h)).toMatchObject({ questionId: "notes", type: "text", step: 3, steps: 3, options: [], maxLength: 40 });
    await respond(site, h, "skin-quiz", { questionId: "notes", text: "none" });
    expect(await question(h, "fa")).toMatchObject({ surveyId: "nps", type: "nps", step: 1, steps: 1, options: [], followUp: "دلیل اصلی امتیاز شما چیست؟", maxLength: 500 });
    expect(await question(h)).toMatchObject({ followUp: "What is the main reason for your score?" });
    await respond(site, h, "nps", { questionId: "likely", score: 8 });
    expect(await question(h)).toBeNull();
  });

  it("stores answers with time, source and consent, traits as attributes; visible in GET customer and the export", async () => {
    const c = "quiz-cust-1";
    expect((await call(`/v1/customers/${c}`, { method: "PATCH", headers: server(site), json: { marketingConsent: true } })).status).toBe(200);
    const h = await as(site, c);
    await respond(site, h, "skin-quiz", { questionId: "type", answers: ["dry"] });
    await respond(site, h, "skin-quiz", { questionId: "scent", answers: ["woody"] });
    const at = new Date(now).toISOString();
    await respond(site, h, "nps", { questionId: "likely", score: 4, text: "Shipping took two weeks" });
    const profile = await getCustomer(site, c);
    expect(profile.attributes).toEqual({ skinType: "dry", scent: "woody" });
    expect(profile.surveyAnswers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: "skin-quiz/type", answers: ["dry"], tags: ["dry-skin"], traits: { skinType: "dry" }, source: "widget", consent: { marketing: true } }),
        expect.objectContaining({ key: "nps/likely", answers: [], score: 4, text: "Shipping took two weeks", at, source: "widget", consent: { marketing: true } }),
      ]),
    );
    const exported = await getCustomerExport(site, c);
    expect(exported.profile.attributes).toEqual({ skinType: "dry", scent: "woody" });
    expect(exported.profile.answers["nps/likely"]).toMatchObject({ score: 4, text: "Shipping took two weeks", consent: { marketing: true } });
    expect(exported.profile.surveys?.nps).toMatchObject({ completedAt: now });

    // Changing an answer moves the attribute; consent is what the profile knows at that moment.
    expect((await call(`/v1/customers/${c}`, { method: "PATCH", headers: server(site), json: { marketingConsent: false } })).status).toBe(200);
    await respond(site, h, "skin-quiz", { questionId: "type", answers: ["oily"] });
    const after = await getCustomer(site, c);
    expect(after.attributes).toEqual({ skinType: "oily", scent: "woody" });
    expect(after.surveyAnswers.find((a) => a.key === "skin-quiz/type")).toMatchObject({ answers: ["oily"], consent: { marketing: false } });
  });

  it("the shop's server records answers for a customer with source api (same checks)", async () => {
    const post = (json: unknown, customer = "quiz-cust-3") => call(`/v1/customers/${customer}/surveys/skin-quiz/responses`, { method: "POST", headers: server(site), json });
    expect((await post({ questionId: "type", answers: ["dry"] })).status).toBe(201);
    await refused(await post({ questionId: "type", score: 4 }), 400, /send answers/);
    await refused(await call("/v1/customers/quiz-cust-3/surveys/nope/responses", { method: "POST", headers: server(site), json: { questionId: "type", answers: ["dry"] } }), 404, /No survey/);
    expect(
      (await call("/v1/customers/quiz-cust-3/surveys/skin-quiz/responses", { method: "POST", headers: visitorHeaders(site, "quiz-visitor-0000009"), json: { questionId: "type", answers: ["dry"] } }))
        .status,
    ).toBe(401);
    const profile = await getCustomer(site, "quiz-cust-3");
    expect(profile.surveyAnswers).toEqual([expect.objectContaining({ key: "skin-quiz/type", answers: ["dry"], source: "api", consent: { marketing: null } })]);
    expect(profile.attributes).toEqual({ skinType: "dry" });
    // The widget then continues the quiz where the server left it.
    expect(await question(await as(site, "quiz-cust-3"))).toMatchObject({ questionId: "scent", step: 2 });
  });

  it("sends survey.answered with the NPS score and the why, and the text answer", async () => {
    const deliveries = async () => {
      const list = await json<DeliveryPage>(await call("/v1/webhooks/deliveries?limit=50", { headers: server(site) }));
      const out: WebhookPayload["data"][] = [];
      for (const d of list.deliveries.filter((x) => x.type === "survey.answered"))
        out.push((await json<DeliveryDetail>(await call(`/v1/webhooks/deliveries/${d.id}`, { headers: server(site) }))).payload.data);
      return out;
    };
    const h = await as(site, "quiz-cust-2");
    await respond(site, h, "nps", { questionId: "likely", score: 9, text: "Lovely packaging" });
    await respond(site, h, "nps", { questionId: "likely", score: 9, text: "Lovely packaging" }); // a retry: one event
    await respond(site, h, "skin-quiz", { questionId: "notes", text: "Fragrance free please" });
    const mine = (await deliveries()).filter((d) => d.customerId === "quiz-cust-2");
    expect(mine).toHaveLength(2);
    expect(mine).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ surveyId: "nps", questionId: "likely", type: "nps", score: 9, text: "Lovely packaging", answers: [], completed: true, consent: { marketing: null } }),
        expect.objectContaining({ surveyId: "skin-quiz", questionId: "notes", type: "text", text: "Fragrance free please", score: null }),
      ]),
    );
  });
});

describe("display rules", () => {
  it("after purchase: only once the customer has a paid order", async () => {
    const site = await createSite("surveys-after", { surveys: [npsSurvey({ after: "purchase" })] });
    const h = await as(site, "after-1");
    expect(await question(h)).toBeNull();
    const order = { id: "after-o1", customerId: "after-1", items: [{ productId: "p1", quantity: 1, price: 20 }], total: 20, currency: "USD", createdAt: new Date(now).toISOString() };
    expect((await call("/v1/orders", { method: "POST", headers: server(site), json: order })).status).toBe(201);
    expect(await question(h)).toMatchObject({ surveyId: "nps" });
    // A refund takes the order back: the rule sees no paid order any more.
    expect((await call("/v1/orders", { method: "POST", headers: server(site), json: { ...order, status: "refunded" } })).status).toBe(200);
    expect(await question(h)).toBeNull();
  });

  it("on the Nth visit: from the third visit on (a visit ends after 30 idle minutes)", async () => {
    const site = await createSite("surveys-visits", { surveys: [npsSurvey({ minVisits: 3 })] });
    const h = visitorHeaders(site, "visits-visitor-00001");
    expect(await question(h)).toBeNull();
    tick(10 * MIN);
    expect(await question(h)).toBeNull(); // same visit
    tick(31 * MIN);
    expect(await question(h)).toBeNull(); // visit 2
    tick(31 * MIN);
    expect(await question(h)).toMatchObject({ surveyId: "nps" }); // visit 3
  });

  it("for a segment: only members of one of the listed segments", async () => {
    const big = { id: "big-spenders", name: "Big spenders", rule: { field: "spend", op: "gte", value: 100 } };
    const site = await createSite("surveys-segment", { segments: [big], surveys: [npsSurvey({ segments: ["big-spenders"] })] });
    const order = (id: string, total: number) => ({ id, customerId: "seg-1", items: [{ productId: "p1", quantity: 1, price: total }], total, currency: "USD", createdAt: new Date(now).toISOString() });
    expect((await call("/v1/orders", { method: "POST", headers: server(site), json: order("seg-o1", 40) })).status).toBe(201);
    const h = await as(site, "seg-1");
    expect(await question(h)).toBeNull();
    expect(await question(visitorHeaders(site, "seg-visitor-0000001"))).toBeNull(); // visitors are in no segment
    expect((await call("/v1/orders", { method: "POST", headers: server(site), json: order("seg-o2", 80) })).status).toBe(201);
    expect(await question(h)).toMatchObject({ surveyId: "nps" });
  });

  it("once (default): never again after it was completed or dismissed", async () => {
    const site = await createSite("surveys-once", { surveys: [quiz] });
    const done = visitorHeaders(site, "once-visitor-000001");
    await respond(site, done, "skin-quiz", { questionId: "type", answers: ["dry"] });
    await respond(site, done, "skin-quiz", { questionId: "scent", answers: ["floral"] });
    await respond(site, done, "skin-quiz", { questionId: "notes", text: "ok" });
    const notNow = visitorHeaders(site, "once-visitor-000002");
    await respond(site, notNow, "skin-quiz", { questionId: "type", answers: ["oily"] });
    const dismissed = await respond(site, notNow, "skin-quiz", { questionId: "scent", dismissed: true });
    expect(await dismissed.json()).toMatchObject({ dismissed: true, completed: false, answers: [] });
    tick(400 * DAY);
    expect(await question(done)).toBeNull();
    expect(await question(notNow)).toBeNull();
    expect(await question(visitorHeaders(site, "once-visitor-000003"))).toMatchObject({ questionId: "type" });
  });

  it("not within N days of the last survey; a repeating survey (once: false) comes back after its cooldown", async () => {
    const site = await createSite("surveys-cooldown", { surveys: [quiz, npsSurvey({ once: false, cooldownDays: 30 })] });
    const h = visitorHeaders(site, "cool-visitor-0000001");
    await respond(site, h, "skin-quiz", { questionId: "type", dismissed: true });
    tick(DAY);
    expect(await question(h)).toBeNull(); // NPS waits 30 days after the dismissal
    tick(29 * DAY);
    expect(await question(h)).toMatchObject({ surveyId: "nps" });
    await respond(site, h, "nps", { questionId: "likely", score: 7 });
    tick(10 * DAY);
    expect(await question(h)).toBeNull();
    tick(20 * DAY);
    expect(await question(h)).toMatchObject({ surveyId: "nps", step: 1 }); // asked again
    // "Not now" on a repeating survey: not again in this visit, nor within the cooldown.
    await respond(site, h, "nps", { questionId: "likely", dismissed: true });
    expect(await question(h)).toBeNull();
    tick(29 * DAY);
    expect(await question(h)).toBeNull();
    tick(DAY);
    expect(await question(h)).toMatchObject({ surveyId: "nps" });
  });
});

describe("NPS summary", () => {
  let site: TestSite;
  const summary = async <T = NpsSummary>(surveyId = "nps") => {
    const res = await call(`/v1/surveys/${surveyId}/nps`, { headers: server(site) });
    return { status: res.status, body: await json<T>(res) };
  };
  beforeAll(async () => {
    site = await createSite("surveys-nps", { surveys: [npsSurvey({ once: false }), quiz] });
  });

  it("counts each shopper's latest score once: promoters, passives, detractors, score, recent whys", async () => {
    expect((await summary()).body).toEqual({ surveyId: "nps", questionId: "likely", responses: 0, promoters: 0, passives: 0, detractors: 0, score: null, recent: [] });
    const scores: [string, number, string?][] = [
      ["nps-v-00000000001", 10, "Great"],
      ["nps-v-00000000002", 9],
      ["nps-v-00000000003", 8],
      ["nps-v-00000000004", 3, "Too slow"],
      ["nps-v-00000000005", 6],
    ];
    for (const [v, score, text] of scores) {
      tick(MIN);
      expect((await respond(site, visitorHeaders(site, v), "nps", { questionId: "likely", score, ...(text ? { text } : {}) })).status).toBe(201);
    }
    const first = await summary();
    expect(first.body).toMatchObject({ responses: 5, promoters: 2, passives: 1, detractors: 2, score: 0 });
    expect(first.body.recent.map((r) => [r.score, r.text])).toEqual([
      [3, "Too slow"],
      [10, "Great"],
    ]);
    // Re-answering replaces: the detractor becomes a promoter, nobody is counted twice.
    tick(MIN);
    await respond(site, visitorHeaders(site, "nps-v-00000000004"), "nps", { questionId: "likely", score: 10, text: "Fixed now" });
    expect((await summary()).body).toMatchObject({ responses: 5, promoters: 3, passives: 1, detractors: 1, score: 40 });
    expect((await summary()).body.recent[0]).toMatchObject({ score: 10, text: "Fixed now" });
  });

  it("a visitor who identifies keeps one score (the customer's); erasure removes it and its why", async () => {
    const visitor = "nps-merge-visitor-01";
    const canary = "nps-erasure-canary-why";
    tick(MIN);
    await respond(site, visitorHeaders(site, visitor), "nps", { questionId: "likely", score: 0, text: canary });
    expect((await summary()).body).toMatchObject({ responses: 6, detractors: 2 });
    const hash = await hmacHex(site.identitySecret, "nps-cust-1");
    expect((await call("/v1/identify", { method: "POST", headers: visitorHeaders(site, visitor), json: { customerId: "nps-cust-1", hash } })).status).toBe(200);
    expect((await summary()).body).toMatchObject({ responses: 6, detractors: 2 });
    tick(MIN);
    await respond(site, await as(site, "nps-cust-1", visitor), "nps", { questionId: "likely", score: 9, text: canary });
    expect((await summary()).body).toMatchObject({ responses: 6, promoters: 4, detractors: 1, score: 50 });

    expect((await call("/v1/customers/nps-cust-1", { method: "DELETE", headers: server(site) })).status).toBe(200);
    expect((await summary()).body).toMatchObject({ responses: 5, promoters: 3, passives: 1, detractors: 1, score: 40 });
    const leftovers = (await everyObject()).filter((o) => o.dump.includes(canary) || o.dump.includes("nps-cust-1") || o.dump.includes(visitor));
    expect(leftovers.map((o) => `${o.kind} ${o.id.slice(0, 12)}`)).toEqual([]);
  });

  it("a visitor who withdraws consent takes their score with them", async () => {
    const v = "nps-consent-visitor1";
    await respond(site, visitorHeaders(site, v), "nps", { questionId: "likely", score: 2 });
    expect((await summary()).body).toMatchObject({ responses: 6, detractors: 2 });
    expect((await call("/v1/visitor", { method: "DELETE", headers: visitorHeaders(site, v) })).status).toBe(200);
    expect((await summary()).body).toMatchObject({ responses: 5, detractors: 1 });
  });

  it("needs the secret key; 404 for unknown surveys and surveys without an NPS question", async () => {
    expect((await call("/v1/surveys/nps/nps", { headers: visitorHeaders(site, "nps-v-00000000001") })).status).toBe(401);
    expect((await call("/v1/surveys/nps/nps", {})).status).toBe(401);
    const unknown = await summary<ApiError>("nope");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/No survey "nope"/);
    const quizOnly = await summary<ApiError>("skin-quiz");
    expect(quizOnly.status).toBe(404);
    expect(quizOnly.body.error.message).toMatch(/no NPS question/);
    expect((await call("/v1/surveys/nps/nps?recent=1000", { headers: server(site) })).status).toBe(400);
    expect((await json<NpsSummary>(await call("/v1/surveys/nps/nps?recent=1", { headers: server(site) }))).recent).toHaveLength(1);
  });
});
