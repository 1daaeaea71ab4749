import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, watchErrors } from "./browser";

/**
 * The survey block in Chromium (issue 5) against the real stack: NPS 0–10 as a keyboard radio
 * group with localised end labels and the "why" follow-up, free text with its length limit,
 * multi-step quizzes ("Question 2 of 3", next question fetched after each answer), and "Not now".
 * Uses its own site (created through the admin API) and a tiny shop page, so the demo is untouched;
 * each test puts the survey it needs into the site config and opens a fresh browser context (a new
 * visitor), so the `once` rule of one test never hides the next test's survey.
 */
const api = inject("apiUrl");
const ADMIN = "admin_test_demo";
const SITE = "survey-shop";

let browser: Browser;
let shop: Server;
let shopUrl: string;
let keys: { publishableKey: string; secretKey: string };
const contexts: BrowserContext[] = [];
const errors: string[] = [];

const page = (locale: string) =>
  `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>Survey shop</title></head>
<body><h1>Survey shop</h1><div data-revisit="survey"></div>
<script src="${api}/widget.js" data-site="${keys.publishableKey}" async></script></body></html>`;

async function call(path: string, method: string, body?: unknown, auth = keys.secretKey) {
  const res = await fetch(`${api}${path}`, { method, headers: { Authorization: `Bearer ${auth}`, "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as unknown;
}

/** Puts exactly these surveys into the site config. */
const configure = (surveys: unknown[]) => call("/v1/site/config", "PUT", { name: "Survey shop", allowedOrigins: [shopUrl], surveys });

/** A fresh visitor on the shop page; `bodies` collects every survey response the widget posts. */
async function visit(locale = "en") {
  const context = await browser.newContext();
  contexts.push(context);
  const p = await context.newPage();
  const seen = watchErrors(p);
  p.on("close", () => errors.push(...seen));
  const bodies: Record<string, unknown>[] = [];
  p.on("request", (r: Request) => {
    if (r.method() === "POST" && /\/v1\/surveys\/[^/]+\/responses$/.test(r.url())) bodies.push(r.postDataJSON() as Record<string, unknown>);
  });
  await p.goto(`${shopUrl}/?locale=${locale}`);
  const survey = p.getByTestId("revisit-survey");
  await expect.poll(() => survey.count(), { timeout: 15_000 }).toBe(1);
  return { p, survey, bodies };
}

/** Whether focus is inside the widget's shadow root on `selector` (focus never falls back to <body>). */
const focused = (p: Page) =>
  p.evaluate(() => {
    const host = document.querySelector('[data-revisit="survey"]');
    const a = host?.shadowRoot?.activeElement;
    return a
      ? `${a.tagName.toLowerCase()}${a.getAttribute("data-testid") ? `[${a.getAttribute("data-testid")}]` : ""}:${(a.textContent || "").trim().slice(0, 60)}`
      : document.activeElement?.tagName.toLowerCase();
  });

beforeAll(async () => {
  shop = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }).end(page(url.searchParams.get("locale") || "en"));
  });
  await new Promise<void>((r) => shop.listen(0, "127.0.0.1", r));
  shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}`;
  const res = await fetch(`${api}/v1/admin/sites`, {
    method: "POST",
    headers: { Authorization: `Bearer ${ADMIN}`, "Content-Type": "application/json" },
    body: JSON.stringify({ id: SITE, name: "Survey shop", allowedOrigins: [shopUrl] }),
  });
  expect(res.ok, await res.clone().text()).toBe(true);
  keys = (await res.json()) as typeof keys;
  browser = await launch();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await new Promise((r) => shop?.close(r));
});

describe("survey question types in the widget", () => {
  it("NPS: 0–10 radio group by keyboard, localised end labels, then the follow-up with a counter; the score reaches the NPS summary", async () => {
    await configure([
      { id: "nps-1", questions: [{ id: "recommend", type: "nps", prompt: { en: "How likely are you to recommend us?" }, followUp: { en: "What is the main reason for your score?" } }] },
    ]);
    const { p, survey, bodies } = await visit();
    expect(await survey.getAttribute("data-type")).toBe("nps");
    const group = survey.getByRole("group", { name: "How likely are you to recommend us?" });
    const radios = group.getByRole("radio");
    expect(await radios.count()).toBe(11);
    expect(await radios.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    // The ends are described for screen readers: 0 is "Not likely", 10 is "Very likely".
    expect(await survey.getByRole("radio", { name: "0", exact: true }).getAttribute("aria-describedby")).toBeTruthy();
    await expect.poll(() => survey.getByText("Not likely").isVisible()).toBe(true);
    await expect.poll(() => survey.getByText("Very likely").isVisible()).toBe(true);
    // One visit: no follow-up before a score, and submitting without one asks for it.
    expect(await survey.getByTestId("revisit-survey-text").count()).toBe(0);
    await survey.getByRole("button", { name: "Submit" }).click();
    await expect.poll(() => survey.getByRole("alert").textContent()).toBe("Please choose an answer.");
    expect(bodies).toEqual([]);

    // Keyboard only: focus 0, arrow to 9 (native radios: arrows move and select).
    await survey.getByRole("radio", { name: "0", exact: true }).focus();
    await p.keyboard.press("Space");
    for (let i = 0; i < 9; i++) await p.keyboard.press("ArrowRight");
    await expect.poll(() => survey.getByRole("radio", { name: "9", exact: true }).isChecked()).toBe(true);
    const why = survey.getByRole("textbox", { name: "What is the main reason for your score?" });
    await expect.poll(() => why.count()).toBe(1);
    const max = Number(await why.getAttribute("maxlength"));
    expect(max).toBeGreaterThan(0);
    await why.pressSequentially("Fast delivery");
    const counter = survey.getByTestId("revisit-survey-count");
    await expect.poll(() => counter.textContent()).toBe(`${(max - 13).toLocaleString("en")} characters left`);
    expect(await why.getAttribute("aria-describedby")).toBe(await counter.getAttribute("id"));
    await p.keyboard.press("Tab"); // to Submit
    await p.keyboard.press("Enter");
    const thanks = p.getByTestId("revisit-survey-thanks");
    await expect.poll(() => thanks.count()).toBe(1);
    await expect.poll(() => focused(p)).toContain("revisit-survey-thanks");
    expect(bodies).toEqual([{ questionId: "recommend", score: 9, text: "Fast delivery" }]);

    const nps = (await call("/v1/surveys/nps-1/nps", "GET")) as { responses: number; promoters: number; score: number; recent: { score: number; text: string }[] };
    expect(nps).toMatchObject({ responses: 1, promoters: 1, score: 100 });
    expect(nps.recent[0]).toMatchObject({ score: 9, text: "Fast delivery" });
  });

  it("NPS in Persian: right-to-left, Persian digits on the scale, end labels in Persian", async () => {
    await configure([{ id: "nps-fa", questions: [{ id: "recommend", type: "nps", prompt: { en: "Recommend us?", fa: "ما را پیشنهاد می‌کنید؟" } }] }]);
    const { p, survey } = await visit("fa");
    const dir = await p.locator('[data-revisit="survey"]').getAttribute("dir");
    expect(dir).toBe("rtl");
    const labels = await survey.getByTestId("revisit-nps").locator("label").allTextContents();
    expect(labels).toEqual(["۰", "۱", "۲", "۳", "۴", "۵", "۶", "۷", "۸", "۹", "۱۰"]);
    expect(await survey.getByText("بعید است").count()).toBe(1);
    expect(await survey.getByText("خیلی محتمل است").count()).toBe(1);
    expect(await survey.getByRole("button", { name: "الان نه" }).count()).toBe(1);
  });

  it("free text: the field stops at the question's maxLength, the counter says so, and the trimmed text is stored", async () => {
    await configure([{ id: "text-1", questions: [{ id: "wish", type: "text", prompt: { en: "What should we stock next?" }, maxLength: 20 }] }]);
    const { p, survey, bodies } = await visit();
    const box = survey.getByRole("textbox", { name: "What should we stock next?" });
    expect(await box.getAttribute("maxlength")).toBe("20");
    await expect.poll(() => survey.getByTestId("revisit-survey-count").textContent()).toBe("20 characters left");
    await survey.getByRole("button", { name: "Submit" }).click();
    await expect.poll(() => survey.getByRole("alert").textContent()).toBe("Please write an answer.");
    await box.pressSequentially("Green tea from Japan, please, lots of it");
    expect(await box.inputValue()).toBe("Green tea from Japan");
    await expect.poll(() => survey.getByTestId("revisit-survey-count").textContent()).toBe("0 characters left");
    await survey.getByRole("button", { name: "Submit" }).click();
    await expect.poll(() => p.getByTestId("revisit-survey-thanks").count()).toBe(1);
    expect(bodies).toEqual([{ questionId: "wish", text: "Green tea from Japan" }]);
  });

  it("a three-step quiz shows its progress, fetches each next question after an answer, and moves focus to it", async () => {
    await configure([
      {
        id: "quiz-3",
        questions: [
          {
            id: "skin",
            type: "single",
            prompt: { en: "Your skin type?" },
            options: [
              { id: "dry", label: { en: "Dry" }, tags: ["dry-skin"] },
              { id: "oily", label: { en: "Oily" }, tags: ["oily-skin"] },
            ],
          },
          {
            id: "scents",
            type: "multi",
            prompt: { en: "Scents you like?" },
            options: [
              { id: "floral", label: { en: "Floral" } },
              { id: "woody", label: { en: "Woody" } },
              { id: "citrus", label: { en: "Citrus" } },
            ],
          },
          { id: "note", type: "text", prompt: { en: "Anything else?" }, maxLength: 50 },
        ],
      },
    ]);
    const { p, survey, bodies } = await visit();
    const step = survey.getByTestId("revisit-survey-step");
    expect(await step.textContent()).toBe("Question 1 of 3");
    await survey.getByLabel("Dry").check();
    await survey.getByRole("button", { name: "Next" }).click();

    await expect.poll(() => step.textContent()).toBe("Question 2 of 3");
    await expect.poll(() => focused(p)).toBe("legend:Scents you like?");
    await survey.getByLabel("Floral").check();
    await survey.getByLabel("Citrus").check();
    await survey.getByRole("button", { name: "Next" }).click();

    await expect.poll(() => step.textContent()).toBe("Question 3 of 3");
    await expect.poll(() => focused(p)).toBe("legend:Anything else?");
    // The last step submits; the text field starts empty (answers do not leak between steps).
    expect(await survey.getByRole("textbox").inputValue()).toBe("");
    await survey.getByRole("textbox").fill("Unscented too");
    await survey.getByRole("button", { name: "Submit" }).click();
    await expect.poll(() => p.getByTestId("revisit-survey-thanks").count()).toBe(1);
    expect(bodies).toEqual([
      { questionId: "skin", answers: ["dry"] },
      { questionId: "scents", answers: ["floral", "citrus"] },
      { questionId: "note", text: "Unscented too" },
    ]);
  });

  it("'Not now' dismisses the survey: it closes without a thank-you, and does not come back on the next page", async () => {
    await configure([{ id: "nps-later", questions: [{ id: "recommend", type: "nps", prompt: { en: "Recommend us?" } }], display: { once: true } }]);
    const { p, survey, bodies } = await visit();
    await survey.getByRole("button", { name: "Not now" }).click();
    await expect.poll(() => survey.count()).toBe(0);
    expect(await p.getByTestId("revisit-survey-thanks").count()).toBe(0);
    expect(bodies).toEqual([{ questionId: "recommend", dismissed: true }]);
    // The empty placeholder gives its space back.
    expect(await p.locator('[data-revisit="survey"]').evaluate((el) => (el as HTMLElement).offsetHeight)).toBe(0);
    await p.reload();
    // `ready` fires after the first render attempt (late subscribers hear it too).
    await p.waitForFunction(() => "revisit" in window);
    await p.evaluate(() => new Promise((r) => (window as unknown as { revisit: { on(t: string, f: (x: unknown) => void): void } }).revisit.on("ready", r)));
    expect(await survey.count()).toBe(0);
  });
});

describe("the survey pages", () => {
  it("produced no console errors and no uncaught page errors", () => {
    expect(errors).toEqual([]);
  });
});
