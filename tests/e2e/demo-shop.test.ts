import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { SiteConfig } from "../../worker/features/site/site-config.schemas";
import { launch, watchErrors } from "./browser";

const api = inject("apiUrl");
const shop = inject("shopUrl");
const secret = { Authorization: "Bearer sk_test_demo", "Content-Type": "application/json" };

let browser: Browser;
const contexts: BrowserContext[] = [];
const errors: string[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  errors.push(...[]);
  const seen = watchErrors(page);
  page.on("close", () => errors.push(...seen));
  return page;
}

/** Resolves when the widget has posted its queued events (cart snapshots, views). */
const eventsFlushed = (page: Page) => page.waitForResponse((r) => r.url().startsWith(`${api}/v1/events`) && r.request().method() === "POST" && r.status() === 202);

beforeAll(async () => {
  browser = await launch();
  // A short idle gap so "come back later" takes a second, not 30 minutes; set through the real config API.
  const config = (await (await fetch(`${api}/v1/site/config`, { headers: secret })).json()) as SiteConfig;
  const put = await fetch(`${api}/v1/site/config`, { method: "PUT", headers: secret, body: JSON.stringify({ ...config, visitIdleMinutes: 0.03 }) });
  expect(put.status).toBe(200);
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

describe("demo storefront with the widget", () => {
  it("greets a first visit without 'welcome back', and a return visit with it", async () => {
    const page = await newPage();
    await page.goto(`${shop}/`);
    const greeting = page.getByTestId("revisit-greeting");
    await expect.poll(() => greeting.getAttribute("data-kind")).toBe("first_visit");
    expect((await greeting.textContent())?.toLowerCase()).not.toContain("welcome back");

    await page.waitForTimeout(2500); // longer than the 1.8 s idle gap configured above
    await page.reload();
    await expect.poll(() => page.getByTestId("revisit-greeting").getAttribute("data-kind")).toBe("returning");
    expect((await page.getByTestId("revisit-greeting").textContent())?.toLowerCase()).toContain("welcome back");
    await page.close();
  });

  it("carries a cart left on one device to a second browser after logging in", async () => {
    const phone = await newPage();
    await phone.goto(`${shop}/products/p-clay-mask`);
    const flushed = eventsFlushed(phone);
    await phone.getByTestId("add-to-cart").click();
    await flushed;
    await phone.goto(`${shop}/login`);
    await Promise.all([phone.waitForURL((u) => !u.pathname.startsWith("/login")), phone.getByTestId("login-as-cust-1003").click()]);
    await expect.poll(() => phone.getByTestId("revisit-greeting").first().getAttribute("data-kind")).not.toBeNull();
    await phone.close();

    const laptop = await newPage();
    await laptop.goto(`${shop}/login`);
    await Promise.all([laptop.waitForURL((u) => !u.pathname.startsWith("/login")), laptop.getByTestId("login-as-cust-1003").click()]);
    await laptop.goto(`${shop}/cart`);
    const saved = laptop.getByTestId("revisit-cart-item");
    await expect.poll(() => saved.evaluateAll((els) => els.map((e) => e.getAttribute("data-product-id")))).toEqual(["p-clay-mask"]);
    await laptop.close();
  });

  it("changes the recommendations when the survey is answered", async () => {
    const page = await newPage();
    await page.goto(`${shop}/`);
    const recs = page.getByTestId("revisit-rec");
    const ids = () => recs.evaluateAll((els) => els.map((e) => e.getAttribute("data-product-id")));
    await expect.poll(async () => (await ids()).length).toBeGreaterThan(0);
    const before = await ids();
    const survey = page.getByTestId("revisit-survey");
    await survey.getByLabel("Oily skin").check();
    await survey.getByRole("button", { name: /^(Next|Submit)$/ }).click(); // "Not now" is the other button
    await expect.poll(ids).not.toEqual(before);
    await expect.poll(() => recs.first().textContent()).toContain("Oily skin");
    await page.close();
  });

  it("renders right-to-left in Arabic", async () => {
    const page = await newPage();
    await page.goto(`${shop}/?locale=ar`);
    const greeting = page.getByTestId("revisit-greeting");
    await expect.poll(() => greeting.getAttribute("data-kind")).not.toBeNull();
    const direction = await greeting.evaluate((el) => getComputedStyle(el).direction);
    expect(direction).toBe("rtl");
    expect(await greeting.textContent()).toMatch(/[\u0600-\u06FF]/);
    await page.close();
  });

  it("produced no console errors and no uncaught page errors", () => {
    expect(errors).toEqual([]);
  });
});
