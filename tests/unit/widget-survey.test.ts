import { describe, expect, it } from "vitest";
import type { Locale, SurveyQuestion } from "../../contract/experience";
import { addMessages, t } from "../../widget/src/ui/i18n";
import ar from "../../widget/src/ui/locales/ar";
import fa from "../../widget/src/ui/locales/fa";
import { answerBody, charsLeft, clampText, NPS_SCORES } from "../../widget/src/ui/survey-answer";

// Lazily loaded chunks in the widget (the UI registers them before drawing).
addMessages("ar", ar);
addMessages("fa", fa);

const q = (type: SurveyQuestion["type"], over: Partial<SurveyQuestion> = {}): SurveyQuestion => ({
  surveyId: "s1",
  questionId: "q1",
  type,
  prompt: "?",
  options:
    type === "single" || type === "multi"
      ? [
          { id: "a", label: "A" },
          { id: "b", label: "B" },
        ]
      : [],
  step: 1,
  steps: 1,
  followUp: type === "nps" ? "Why?" : null,
  maxLength: 10,
  ...over,
});
const input = (over: Partial<{ sel: string[]; score: number | null; text: string }> = {}) => ({ sel: [], score: null, text: "", ...over });

describe("survey response bodies (POST /v1/surveys/{surveyId}/responses)", () => {
  it("single and multiple choice post the chosen option ids; nothing chosen asks to choose", () => {
    expect(answerBody(q("single"), input({ sel: ["b"] }))).toEqual({ body: { questionId: "q1", answers: ["b"] } });
    expect(answerBody(q("single"), input({ sel: ["a", "b"] }))).toEqual({ body: { questionId: "q1", answers: ["a"] } });
    expect(answerBody(q("multi"), input({ sel: ["a", "b"] }))).toEqual({ body: { questionId: "q1", answers: ["a", "b"] } });
    expect(answerBody(q("multi"), input())).toEqual({ missing: "choose" });
  });
  it("nps posts the score, with the follow-up text only when written (trimmed, cut to maxLength)", () => {
    expect(answerBody(q("nps"), input({ score: 9 }))).toEqual({ body: { questionId: "q1", score: 9 } });
    expect(answerBody(q("nps"), input({ score: 0, text: "   " }))).toEqual({ body: { questionId: "q1", score: 0 } });
    expect(answerBody(q("nps"), input({ score: 10, text: "  fast delivery  " }))).toEqual({ body: { questionId: "q1", score: 10, text: "fast deliv" } });
    expect(answerBody(q("nps"), input())).toEqual({ missing: "choose" });
    expect(answerBody(q("nps"), input({ score: 11 }))).toEqual({ missing: "choose" });
  });
  it("text posts the trimmed text; blank is not an answer", () => {
    expect(answerBody(q("text"), input({ text: " dry skin " }))).toEqual({ body: { questionId: "q1", text: "dry skin" } });
    expect(answerBody(q("text"), input({ text: " \n " }))).toEqual({ missing: "write" });
  });
  it("the NPS scale is 0 to 10", () => {
    expect(NPS_SCORES).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

describe("free-text limit", () => {
  it("counts what is left and never goes below zero", () => {
    expect(charsLeft("", 200)).toBe(200);
    expect(charsLeft("abc", 5)).toBe(2);
    expect(charsLeft("abcdef", 5)).toBe(0);
  });
  it("cuts to the limit without splitting an emoji's surrogate pair", () => {
    expect(clampText("abcdef", 4)).toBe("abcd");
    expect(clampText("abc", 4)).toBe("abc");
    expect(clampText("abc😀", 4)).toBe("abc");
    expect(clampText("ab😀", 4)).toBe("ab😀");
  });
});

describe("survey messages", () => {
  it("says which step of a quiz this is, and counts characters with plural rules", () => {
    expect(t("en", "step", { n: "2", m: "3" })).toBe("Question 2 of 3");
    expect(t("en", "chars_left", { n: "1" }, 1)).toBe("1 character left");
    expect(t("en", "chars_left", { n: "12" }, 12)).toBe("12 characters left");
    expect(t("ar", "chars_left", {}, 2)).toBe("يتبقى حرفان");
    expect(t("fa", "step", { n: "۲", m: "۳" })).toBe("پرسش ۲ از ۳");
  });
  it("has every survey string in every locale, each different from English", () => {
    for (const l of ["ar", "fa"] as Locale[])
      for (const k of ["not_now", "nps_low", "nps_high", "next", "write"] as const) {
        expect(t(l, k)).not.toBe("");
        expect(t(l, k)).not.toBe(t("en", k));
      }
  });
});
