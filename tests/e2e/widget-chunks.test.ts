import type { Browser, BrowserContext, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, watchErrors } from "./browser";

/**
 * What a shopper downloads (issue #7). Messages per language: an Arabic or Persian page fetches its
 * language's messages chunk (`w/ar.<hash>.js`) in parallel with the UI block, before the experience
 * has even arrived, and draws nothing until it is there (no English first); an English page never
 * fetches one. Block chunks: the survey chunk only on a page with a survey placeholder, the
 * launcher chunk only on a page without placeholders, each requested with the UI (no waterfall).
 * Runs against the demo shop (`?locale=` sets `<html lang>`, which the loader reads; the home page
 * has a survey placeholder, a product page only recommendations, a category page none).
 */
const api = inject("apiUrl");
const shop = inject("shopUrl");

let browser: Browser;
const contexts: BrowserContext[] = [];
const errors: string[] = [];

/** A fresh shopper's page, with every widget chunk it requests (in order) and how many were requested when the experience arrived. */
async function visit(locale: string, hold?: RegExp, path = "/") {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  const seen = watchErrors(page);
  page.on("close", () => errors.push(...seen));
  const chunks: string[] = [];
  let experienceAt = -1;
  page.on("request", (r: Request) => {
    const u = new URL(r.url());
    if (u.origin === new URL(api).origin && u.pathname.startsWith("/w/")) chunks.push(u.pathname.slice(3));
  });
  page.on("response", (r) => {
    if (new URL(r.url()).pathname === "/v1/experience" && experienceAt < 0) experienceAt = chunks.length;
  });
  let release = () => {};
  if (hold) {
    const held = new Promise<void>((r) => (release = r));
    await page.route(hold, async (route) => {
      await held;
      await route.continue();
    });
  }
  await page.goto(`${shop}${path}?locale=${locale}`);
  return { page, chunks, experienceAt: () => experienceAt, release };
}

const isMessages = (f: string) => /^(extras-)?(ar|fa)\.[\w-]+\.js$/.test(f);
const names = (chunks: string[]) => chunks.map((f) => f.split(".")[0]);

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

describe("messages per language", () => {
  it("an Arabic page fetches the Arabic messages with the UI, and draws nothing in English while they load", async () => {
    const { page, chunks, experienceAt, release } = await visit("ar", /\/w\/ar\.[\w-]+\.js$/);
    const experience = page.waitForResponse((r) => r.url().startsWith(`${api}/v1/experience`));
    await experience;
    // The experience is here, the Arabic messages are held back: nothing is drawn yet (no English flash).
    await page.waitForTimeout(400);
    expect(await page.getByTestId("revisit-greeting").count()).toBe(0);
    expect(chunks.some((f) => /^ar\./.test(f))).toBe(true);
    // Requested before the experience arrived: in parallel with the UI, not after it (no waterfall).
    expect(chunks.findIndex((f) => /^ar\./.test(f))).toBeLessThan(experienceAt());
    expect(chunks.some((f) => /^ui\./.test(f))).toBe(true);
    release();
    const greeting = page.getByTestId("revisit-greeting");
    await expect.poll(() => greeting.getAttribute("data-kind")).not.toBeNull();
    expect(await greeting.textContent()).toMatch(/[\u0600-\u06FF]/);
    expect(await greeting.evaluate((el) => getComputedStyle(el).direction)).toBe("rtl");
    expect(chunks.filter(isMessages)).toEqual([chunks.find((f) => /^ar\./.test(f))]); // not fa, not extras-ar (no points)
    await page.close();
  });

  it("a Persian page fetches the Persian messages only", async () => {
    const { page, chunks } = await visit("fa");
    const greeting = page.getByTestId("revisit-greeting");
    await expect.poll(() => greeting.getAttribute("data-kind")).not.toBeNull();
    expect(await greeting.textContent()).toMatch(/[\u0600-\u06FF]/);
    expect(chunks.filter(isMessages).map((f) => f.split(".")[0])).toEqual(["fa"]);
    await page.close();
  });

  it("an English page fetches no messages chunk", async () => {
    const { page, chunks } = await visit("en");
    const greeting = page.getByTestId("revisit-greeting");
    await expect.poll(() => greeting.getAttribute("data-kind")).not.toBeNull();
    expect(await greeting.textContent()).toMatch(/welcome/i);
    await expect.poll(() => page.getByTestId("revisit-rec").count()).toBeGreaterThan(0);
    expect(chunks.some((f) => /^ui\./.test(f))).toBe(true);
    expect(chunks.filter(isMessages)).toEqual([]);
    await page.close();
  });
});

describe("block chunks", () => {
  it("a product page (recommendations only) fetches the UI and core, then the hearts' chunk, no survey or launcher chunk", async () => {
    const { page, chunks } = await visit("en", undefined, "/products/p-clay-mask");
    await expect.poll(() => page.getByTestId("revisit-rec").count()).toBeGreaterThan(0);
    // The row asks for the saved chunk (hearts, arrows) once drawn: wait for it, so the list is complete.
    await expect.poll(() => page.locator("button.hrt").count()).toBeGreaterThan(0);
    expect(names(chunks).sort()).toEqual(["core", "saved", "ui"]);
    await page.close();
  });

  it("a page with a survey placeholder fetches the survey chunk with the UI and shows the survey", async () => {
    const { page, chunks, experienceAt } = await visit("en");
    await expect.poll(() => page.getByTestId("revisit-survey").count()).toBe(1);
    const i = names(chunks).indexOf("survey");
    expect(i).toBeGreaterThanOrEqual(0);
    expect(i).toBeLessThan(experienceAt()); // requested before the experience arrived: no waterfall
    expect(names(chunks)).not.toContain("launcher");
    await page.close();
  });

  it("a page without placeholders fetches the launcher chunk with the UI; its panel shows the survey", async () => {
    const { page, chunks, experienceAt } = await visit("en", undefined, "/category/tea");
    await page.getByTestId("revisit-launcher").click();
    const panel = page.getByTestId("revisit-panel");
    await expect.poll(() => panel.getByTestId("revisit-survey").count()).toBe(1);
    const i = names(chunks).indexOf("launcher");
    expect(i).toBeGreaterThanOrEqual(0);
    expect(i).toBeLessThan(experienceAt());
    await page.close();
  });

  it("produced no console errors and no uncaught page errors", () => {
    expect(errors).toEqual([]);
  });
});
