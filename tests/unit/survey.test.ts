import { describe, expect, it } from "vitest";
import { emptyProfile, type ProfileState } from "../../worker/features/customers/profile";
import { checkResponse, lastSurveyAt, nextQuestion, sanitizeText, type SurveyDef } from "../../worker/features/surveys/survey";
import { applyResponse, attributesFrom, mergeSurveys } from "../../worker/features/surveys/survey-answers";
import { displayDecision, type DisplayFacts } from "../../worker/features/surveys/survey-display";
import { npsCounts, npsGroup, npsScore } from "../../worker/features/surveys/survey-nps";
import { roundOf } from "../../worker/features/surveys/survey-round";
import { Survey, SurveyResponseBody } from "../../worker/features/surveys/surveys.schemas";

const DAY = 86_400_000;
const T0 = Date.UTC(2030, 0, 1);

const quiz: SurveyDef = {
  id: "quiz",
  questions: [
    {
      id: "skin",
      type: "single",
      prompt: { en: "Skin?", fa: "پوست؟" },
      options: [
        { id: "dry", label: { en: "Dry" }, tags: ["dry-skin"], traits: { skinType: "dry" } },
        { id: "oily", label: { en: "Oily" }, tags: ["oily-skin"], traits: { skinType: "oily" } },
      ],
    },
    {
      id: "scent",
      type: "multi",
      prompt: { en: "Scents?" },
      options: [
        { id: "floral", label: { en: "Floral" }, tags: ["floral"], traits: { scent: "floral" } },
        { id: "woody", label: { en: "Woody" }, tags: ["woody"], traits: { scent: "woody", tone: "warm" } },
      ],
    },
    { id: "notes", type: "text", prompt: { en: "Anything else?" }, maxLength: 10 },
  ],
};
const nps: SurveyDef = { id: "nps", questions: [{ id: "score", type: "nps", prompt: { en: "Recommend us?" } }], display: { once: false, cooldownDays: 30 } };

function shopper(over: Partial<ProfileState> = {}): ProfileState {
  return { ...emptyProfile("visitor", "s", "v", T0), visits: 1, ...over };
}
function answer(p: ProfileState, def: SurveyDef, body: Parameters<typeof checkResponse>[2], at: number) {
  const c = checkResponse([def], def.id, body);
  if (!c.ok) throw new Error(c.message);
  return applyResponse(p, def, body.questionId, c.answer && { ...c.answer, at, source: "widget" }, at);
}

describe("checkResponse: each question type", () => {
  it("single and multi choice resolve tags and traits; wrong shapes are refused with a reason", () => {
    expect(checkResponse([quiz], "quiz", { questionId: "skin", answers: ["dry"] })).toMatchObject({ ok: true, answer: { answers: ["dry"], tags: ["dry-skin"], traits: { skinType: "dry" } } });
    expect(checkResponse([quiz], "quiz", { questionId: "scent", answers: ["floral", "woody"] })).toMatchObject({ ok: true, answer: { traits: { scent: "woody", tone: "warm" } } });
    expect(checkResponse([quiz], "quiz", { questionId: "skin", answers: ["dry", "oily"] })).toMatchObject({ ok: false, status: 400, message: expect.stringContaining("exactly one") });
    expect(checkResponse([quiz], "quiz", { questionId: "skin", answers: ["wet"] })).toMatchObject({ ok: false, status: 400, message: expect.stringContaining('"wet"') });
    expect(checkResponse([quiz], "quiz", { questionId: "skin", score: 5 })).toMatchObject({ ok: false, status: 400, message: expect.stringContaining("send answers") });
    expect(checkResponse([quiz], "nope", { questionId: "skin", answers: ["dry"] })).toMatchObject({ ok: false, status: 404 });
    expect(checkResponse([quiz], "quiz", { questionId: "nope", answers: ["dry"] })).toMatchObject({ ok: false, status: 404 });
  });

  it("nps takes a score with an optional why; text takes non-empty text within maxLength", () => {
    expect(checkResponse([nps], "nps", { questionId: "score", score: 9, text: "  fast\u0007 delivery " })).toMatchObject({ ok: true, answer: { score: 9, text: "fast delivery", answers: [] } });
    expect(checkResponse([nps], "nps", { questionId: "score", score: 0, text: "   " })).toMatchObject({ ok: true, answer: { score: 0 } });
    expect(checkResponse([nps], "nps", { questionId: "score", answers: ["9"] })).toMatchObject({ ok: false, status: 400, message: expect.stringContaining("NPS") });
    expect(checkResponse([nps], "nps", { questionId: "score", text: "why" })).toMatchObject({ ok: false, status: 400, message: expect.stringContaining("score") });
    expect(checkResponse([quiz], "quiz", { questionId: "notes", text: "short" })).toMatchObject({ ok: true, answer: { text: "short" } });
    expect(checkResponse([quiz], "quiz", { questionId: "notes", text: "eleven char" })).toMatchObject({ ok: false, status: 400, message: expect.stringContaining("10 characters") });
    // Trimmed before measuring: surrounding space does not count.
    expect(checkResponse([quiz], "quiz", { questionId: "notes", text: "   ten chars!   ".replace("ten chars!", "tenchars!!") })).toMatchObject({ ok: true });
    expect(checkResponse([quiz], "quiz", { questionId: "notes", text: " \n " })).toMatchObject({ ok: false, status: 400, message: expect.stringContaining("non-empty") });
    expect(checkResponse([quiz], "quiz", { questionId: "notes", score: 3 })).toMatchObject({ ok: false, status: 400 });
    expect(checkResponse([quiz], "quiz", { questionId: "notes", dismissed: true })).toMatchObject({ ok: true, answer: null });
  });

  it("free text is plain text: controls removed, line breaks unified, Persian joiners kept, markup left as typed", () => {
    expect(sanitizeText("a\r\nb\u2028c\u0000d\u001be\u009f")).toBe("a\nb\ncde");
    expect(sanitizeText("می\u200cخواهم")).toBe("می\u200cخواهم");
    expect(sanitizeText("<script>x</script>")).toBe("<script>x</script>");
  });
});

describe("the response body schema", () => {
  const bad = (b: unknown) => {
    const r = SurveyResponseBody.safeParse(b);
    return r.success ? null : r.error.issues[0]?.message;
  };
  it("takes exactly one kind of answer", () => {
    expect(bad({ questionId: "q", answers: ["a"] })).toBeNull();
    expect(bad({ questionId: "q", score: 10, text: "ok" })).toBeNull();
    expect(bad({ questionId: "q", dismissed: true })).toBeNull();
    expect(bad({ questionId: "q" })).toContain("send answers");
    expect(bad({ questionId: "q", score: 11 })).toBeTruthy();
    expect(bad({ questionId: "q", score: 4.5 })).toBeTruthy();
    expect(bad({ questionId: "q", answers: ["a"], score: 3 })).toContain("cannot be combined");
    expect(bad({ questionId: "q", dismissed: true, text: "x" })).toContain("alone");
    expect(bad({ questionId: "q", text: "x".repeat(1001) })).toBeTruthy();
  });
  it("config: defaults for display, follow-up and maxLength; duplicate ids and two nps questions refused", () => {
    const s = Survey.parse({
      id: "s",
      questions: [
        { id: "n", type: "nps", prompt: { en: "?" } },
        { id: "t", type: "text", prompt: { en: "?" } },
      ],
    });
    expect(s.display).toEqual({ after: "any", minVisits: 1, segments: [], once: true, cooldownDays: 0 });
    expect(s.questions[0]).toMatchObject({ followUp: { en: "What is the main reason for your score?", fa: expect.any(String), ar: expect.any(String) } });
    expect(s.questions[1]).toMatchObject({ maxLength: 280 });
    const two = Survey.safeParse({
      id: "s",
      questions: [
        { id: "a", type: "nps", prompt: { en: "?" } },
        { id: "b", type: "nps", prompt: { en: "?" } },
      ],
    });
    expect(two.success).toBe(false);
    const dup = Survey.safeParse({
      id: "s",
      questions: [
        { id: "a", type: "text", prompt: { en: "?" } },
        { id: "a", type: "text", prompt: { en: "?" } },
      ],
    });
    expect(dup.success).toBe(false);
    expect(Survey.safeParse({ id: "s", questions: [{ id: "a", type: "text", prompt: { en: "?" }, maxLength: 1001 }] }).success).toBe(false);
    expect(
      Survey.safeParse({
        id: "s",
        questions: [
          {
            id: "a",
            type: "single",
            prompt: { en: "?" },
            options: [
              { id: "x", label: { en: "X" }, traits: { "bad key": "v" } },
              { id: "y", label: { en: "Y" } },
            ],
          },
        ],
      }).success,
    ).toBe(false);
  });
});

describe("display rules", () => {
  const facts = (over: Partial<DisplayFacts> = {}): DisplayFacts => ({ visits: 1, orders: 0, segments: [], lastSurveyAt: null, now: T0, ...over });
  const fresh = { inProgress: false, completedAt: null, dismissedAt: null, closedVisit: null };

  it("after purchase, Nth visit, segments", () => {
    expect(displayDecision({ after: "purchase" }, fresh, facts())).toEqual({ show: false, reason: "purchase" });
    expect(displayDecision({ after: "purchase" }, fresh, facts({ orders: 1 }))).toEqual({ show: true });
    expect(displayDecision({ minVisits: 3 }, fresh, facts({ visits: 2 }))).toEqual({ show: false, reason: "visits" });
    expect(displayDecision({ minVisits: 3 }, fresh, facts({ visits: 3 }))).toEqual({ show: true });
    expect(displayDecision({ segments: ["vip", "lapsed"] }, fresh, facts({ segments: ["new"] }))).toEqual({ show: false, reason: "segment" });
    expect(displayDecision({ segments: ["vip", "lapsed"] }, fresh, facts({ segments: ["lapsed"] }))).toEqual({ show: true });
    expect(displayDecision(undefined, fresh, facts())).toEqual({ show: true });
  });

  it("once, cooldown, not again in the same visit; a started quiz continues regardless", () => {
    expect(displayDecision({}, { ...fresh, completedAt: T0 }, facts({ visits: 9 }))).toEqual({ show: false, reason: "completed" });
    expect(displayDecision({}, { ...fresh, dismissedAt: T0 }, facts({ visits: 9 }))).toEqual({ show: false, reason: "dismissed" });
    const closed = { ...fresh, completedAt: T0, closedVisit: 4 };
    expect(displayDecision({ once: false }, closed, facts({ visits: 4 }))).toEqual({ show: false, reason: "same_visit" });
    expect(displayDecision({ once: false }, closed, facts({ visits: 5 }))).toEqual({ show: true });
    expect(displayDecision({ once: false, cooldownDays: 7 }, closed, facts({ visits: 5, lastSurveyAt: T0, now: T0 + 6 * DAY }))).toEqual({ show: false, reason: "cooldown" });
    expect(displayDecision({ once: false, cooldownDays: 7 }, closed, facts({ visits: 5, lastSurveyAt: T0, now: T0 + 7 * DAY }))).toEqual({ show: true });
    expect(displayDecision({ cooldownDays: 7, minVisits: 5, after: "purchase", segments: ["x"] }, { ...fresh, inProgress: true }, facts({ lastSurveyAt: T0 }))).toEqual({ show: true });
  });
});

describe("quiz progress on the profile", () => {
  it("shows the quiz step by step, stores traits as attributes, then the next survey", () => {
    const p = shopper();
    const nps = { id: "nps", questions: [{ id: "score", type: "nps" as const, prompt: { en: "Recommend us?" } }] };
    expect(nextQuestion([quiz, nps], p, "fa", T0)).toMatchObject({ surveyId: "quiz", questionId: "skin", step: 1, steps: 3, prompt: "پوست؟", followUp: null, maxLength: 0 });
    expect(answer(p, quiz, { questionId: "skin", answers: ["dry"] }, T0 + 1)).toEqual({ completed: false });
    expect(nextQuestion([quiz, nps], p, "en", T0 + 2)).toMatchObject({ questionId: "scent", type: "multi", step: 2, steps: 3 });
    answer(p, quiz, { questionId: "scent", answers: ["woody"] }, T0 + 3);
    expect(nextQuestion([quiz, nps], p, "en", T0 + 4)).toMatchObject({ questionId: "notes", type: "text", step: 3, maxLength: 10, options: [] });
    expect(answer(p, quiz, { questionId: "notes", text: "hi" }, T0 + 5)).toEqual({ completed: true });
    expect(p.attributes).toEqual({ skinType: "dry", scent: "woody", tone: "warm" });
    // The quiz just ended; the next survey (no cooldown) follows at once.
    expect(nextQuestion([quiz, nps], p, "ar", T0 + 6)).toMatchObject({ surveyId: "nps", type: "nps", step: 1, steps: 1, followUp: "ما السبب الرئيسي لتقييمك؟", maxLength: 500 });
    // Changing an answer moves the attribute with it.
    answer(p, quiz, { questionId: "skin", answers: ["oily"] }, T0 + 7);
    expect(p.attributes).toMatchObject({ skinType: "oily" });
  });

  it("a started quiz continues before other surveys and despite cooldown; a dismissal pauses it", () => {
    const other: SurveyDef = { id: "other", questions: [{ id: "q", type: "text", prompt: { en: "?" } }] };
    const p = shopper();
    answer(p, other, { questionId: "q", text: "x" }, T0);
    const later: SurveyDef = { ...quiz, display: { cooldownDays: 10 } };
    expect(nextQuestion([later], p, "en", T0 + DAY)).toBeNull(); // cooldown after the other survey
    // Answered through the API anyway: now it is in progress and continues.
    answer(p, later, { questionId: "skin", answers: ["dry"] }, T0 + DAY);
    expect(nextQuestion([other, later], p, "en", T0 + DAY)).toMatchObject({ surveyId: "quiz", questionId: "scent", step: 2 });
    answer(p, later, { questionId: "scent", dismissed: true }, T0 + DAY + 1);
    expect(nextQuestion([later], p, "en", T0 + 400 * DAY)).toBeNull(); // once: never again
  });

  it("a survey shown again (once: false) starts over after its cooldown; a dismissal waits for a later visit", () => {
    const p = shopper({ visits: 2 });
    expect(answer(p, nps, { questionId: "score", score: 6 }, T0)).toEqual({ completed: true });
    expect(nextQuestion([nps], p, "en", T0)).toBeNull(); // same visit
    p.visits = 3;
    expect(nextQuestion([nps], p, "en", T0 + 29 * DAY)).toBeNull(); // cooldown
    expect(nextQuestion([nps], p, "en", T0 + 30 * DAY)).toMatchObject({ questionId: "score" });
    answer(p, nps, { questionId: "score", dismissed: true }, T0 + 30 * DAY);
    expect(roundOf(nps, p.answers, p.surveys?.nps).pending.map((q) => q.id)).toEqual(["score"]);
    expect(lastSurveyAt(p)).toBe(T0 + 30 * DAY);
    p.visits = 4;
    expect(nextQuestion([nps], p, "en", T0 + 59 * DAY)).toBeNull();
    expect(nextQuestion([nps], p, "en", T0 + 60 * DAY)).toMatchObject({ questionId: "score" });
  });

  it("profiles from before survey status: every question answered counts as completed", () => {
    const p = shopper();
    p.answers["quiz/skin"] = { answers: ["dry"], tags: [], labels: [], at: T0, source: "widget" };
    expect(nextQuestion([quiz], p, "en", T0)).toMatchObject({ questionId: "scent", step: 2 });
    for (const q of ["scent", "notes"]) p.answers[`quiz/${q}`] = { answers: [], tags: [], labels: [], at: T0, source: "widget" };
    expect(nextQuestion([quiz], { ...p, visits: 5 }, "en", T0 + DAY)).toBeNull();
  });

  it("segments come from the profile's copy of the Site's verdict, customers only", () => {
    const vip: SurveyDef = { ...nps, display: { segments: ["vip"] } };
    expect(nextQuestion([vip], shopper({ segments: ["vip"] }), "en", T0)).toBeNull(); // a visitor is in no segment
    const c = { ...emptyProfile("customer", "s", "c", T0), visits: 1 };
    expect(nextQuestion([vip], { ...c, segments: ["new"] }, "en", T0)).toBeNull();
    expect(nextQuestion([vip], { ...c, segments: ["vip"] }, "en", T0)).toMatchObject({ surveyId: "nps" });
  });

  it("merging a visitor into a customer combines statuses and derives attributes again", () => {
    const v = shopper();
    answer(v, quiz, { questionId: "skin", answers: ["dry"] }, T0 + 10);
    const c = { ...emptyProfile("customer", "s", "c", T0), visits: 1 };
    answer(c, quiz, { questionId: "skin", answers: ["oily"] }, T0);
    c.answers["quiz/skin"] = v.answers["quiz/skin"]!; // what mergeInto does: the newer answer wins
    mergeSurveys(c, v);
    expect(c.attributes).toEqual({ skinType: "dry" });
    expect(c.surveys?.quiz?.lastAt).toBe(T0 + 10);
    expect(attributesFrom({})).toEqual({});
  });
});

describe("NPS arithmetic", () => {
  it("groups scores and rounds % promoters − % detractors", () => {
    expect([0, 6, 7, 8, 9, 10].map(npsGroup)).toEqual(["detractor", "detractor", "passive", "passive", "promoter", "promoter"]);
    expect(npsCounts([10, 9, 8, 3, 6])).toEqual({ responses: 5, promoters: 2, passives: 1, detractors: 2, score: 0 });
    expect(npsCounts([10, 10, 7])).toMatchObject({ score: 67 });
    expect(npsCounts([0, 0, 10])).toMatchObject({ score: -33 });
    expect(npsScore(1, 0, 8)).toBe(13); // 12.5 rounds away from zero
    expect(npsScore(0, 1, 8)).toBe(-13);
    expect(npsCounts([])).toEqual({ responses: 0, promoters: 0, passives: 0, detractors: 0, score: null });
  });
});
