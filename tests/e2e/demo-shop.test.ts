import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { catalog, customers, identityHash } from "../../demo/server.mjs";
import type { SiteConfig } from "../../worker/features/site/site-config.schemas";
import { launch, watchErrors } from "./browser";

const api = inject("apiUrl");
const shop = inject("shopUrl");
const secret = { Authorization: "Bearer sk_test_demo", "Content-Type": "application/json" };

let browser: Browser;
const contexts: BrowserContext[] = [];
const errors: string[] = [];

/** Screenshots of the storefront's header (en, ar, fa; phone and desktop): a temporary folder unless `DEMO_SHOTS` names one. */
const SHOTS = process.env.DEMO_SHOTS ?? join(tmpdir(), "revisit-demo-shots");
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const LOCALES = ["en", "ar", "fa"] as const;

async function newPage(viewport?: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext(viewport ? { viewport } : {});
  contexts.push(context);
  const page = await context.newPage();
  errors.push(...[]);
  const seen = watchErrors(page);
  page.on("close", () => errors.push(...seen));
  return page;
}

/** Resolves when the widget has posted its queued events (cart snapshots, views). */
const eventsFlushed = (page: Page) => page.waitForResponse((r) => r.url().startsWith(`${api}/v1/events`) && r.request().method() === "POST" && r.status() === 202);

/** Logs in through the storefront's login page (a one-click button, or the form when `firstName` or an unknown id is given), landing on `to`. */
async function logIn(page: Page, id: string, to = "/", firstName = "") {
  await page.goto(`${shop}/login?return=${encodeURIComponent(to)}`);
  const known = customers.some((c) => c.id === id);
  if (known && !firstName) {
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.getByTestId(`login-as-${id}`).click()]);
  } else {
    await page.getByTestId("login-id").fill(id);
    await page.getByTestId("login-first-name").fill(firstName);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.getByTestId("login-submit").click()]);
  }
}

/** Counts the page's identify and experience requests from now on (CORS preflights are not requests Playwright reports). */
function countApiRequests(page: Page): () => { identify: number; experience: number } {
  const n = { identify: 0, experience: 0 };
  const on = (r: Request) => {
    const path = new URL(r.url()).pathname;
    if (path === "/v1/identify") n.identify++;
    if (path === "/v1/experience") n.experience++;
  };
  page.on("request", on);
  return () => ({ ...n });
}

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

  it("keeps the sticky header to one compact row on a phone, its menu collapsed until asked for, in en, ar and fa", async () => {
    mkdirSync(SHOTS, { recursive: true });
    for (const locale of LOCALES) {
      const page = await newPage(PHONE);
      await logIn(page, "cust-2001", `/?locale=${locale}`);
      const header = page.locator(".site-header");
      expect((await header.boundingBox())!.height).toBeLessThanOrEqual(72);
      const toggle = page.getByTestId("menu-toggle");
      expect(await toggle.getAttribute("aria-expanded")).toBe("false");
      expect(await page.getByTestId("site-menu").isVisible()).toBe(false);
      await page.screenshot({ path: `${SHOTS}/header-${locale}-phone.png` });
      // The cart stays in the row; categories, language and account open below it, and Escape folds them again.
      expect(await page.locator(".cart-link").isVisible()).toBe(true);
      await toggle.click();
      expect(await toggle.getAttribute("aria-expanded")).toBe("true");
      expect(await page.getByRole("navigation").getByRole("link").first().isVisible()).toBe(true);
      expect(await page.getByTestId("hello").isVisible()).toBe(true);
      await page.screenshot({ path: `${SHOTS}/header-${locale}-phone-menu.png` });
      await page.keyboard.press("Escape");
      expect(await toggle.getAttribute("aria-expanded")).toBe("false");
      expect(await page.getByTestId("site-menu").isVisible()).toBe(false);
      await page.close();
    }
  });

  it("keeps the desktop header on one line at 1280 px when logged in as the longest demo name (and a longer one), in en, ar and fa", async () => {
    mkdirSync(SHOTS, { recursive: true });
    const longest = [...customers].sort((a, b) => b.firstName.length - a.firstName.length)[0]!;
    for (const [who, name] of [
      [longest.id, ""],
      ["cust-long-name", "Maximiliana-Josephine"],
    ] as const) {
      for (const locale of LOCALES) {
        const page = await newPage(DESKTOP);
        await logIn(page, who, `/?locale=${locale}`, name);
        expect((await page.locator(".site-header").boundingBox())!.height).toBeLessThanOrEqual(72);
        expect(await page.getByTestId("menu-toggle").isVisible()).toBe(false);
        // One row: the brand, every category, the language menu, the greeting, log out and the cart share one line.
        const rows = await page
          .locator(".brand, .main-nav a, .locale-menu summary, [data-testid=hello], [data-testid=logout], .cart-link")
          .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2)));
        expect(rows.length).toBe(6 + 5);
        expect(Math.max(...rows) - Math.min(...rows), `centres ${rows.join(",")}`).toBeLessThanOrEqual(6);
        expect(await page.getByTestId("hello").textContent()).toContain(name || longest.firstName);
        if (!name) await page.screenshot({ path: `${SHOTS}/header-${locale}-desktop.png`, clip: { x: 0, y: 0, width: DESKTOP.width, height: 160 } });
        await page.close();
      }
    }
  });

  it("offers the lapsed VIP as a one-click login and greets her by her first name, on the page and in the widget", async () => {
    const page = await newPage();
    await logIn(page, "cust-2001");
    expect(await page.getByTestId("hello").textContent()).toBe("Hi, Maryam");
    const greeting = page.getByTestId("revisit-greeting");
    await expect.poll(() => greeting.getAttribute("data-kind")).toBe("lapsed");
    expect(await greeting.textContent()).toContain("Maryam");
    expect(await greeting.textContent()).not.toContain("cust-2001");
    await page.close();
  });

  it("greets a customer the shop knows no first name for without a name, never with the id", async () => {
    const id = `cust-noname-${Date.now().toString(36)}`;
    for (const locale of LOCALES) {
      const page = await newPage();
      const experience = page.waitForResponse((r) => r.url().startsWith(`${api}/v1/experience`) && r.request().headers()["x-revisit-customer"] === id);
      await logIn(page, id, `/?locale=${locale}`);
      const body = (await (await experience).json()) as { greeting: { kind: string; firstName: string | null }; visitor: { firstName: string | null } };
      expect(body.greeting.firstName).toBeNull();
      expect(body.visitor.firstName).toBeNull();
      expect(JSON.stringify(body.greeting)).not.toContain(id);
      const hello = (await page.getByTestId("hello").textContent()) ?? "";
      expect(hello).not.toContain(id);
      expect(hello).toBe({ en: "Hi there", ar: "أهلًا بك", fa: "سلام" }[locale]);
      const greeting = page.getByTestId("revisit-greeting");
      await expect.poll(() => greeting.getAttribute("data-kind")).not.toBeNull();
      expect(await greeting.textContent()).not.toContain(id);
      await page.close();
    }
  });

  it("logging in makes one /v1/experience request for the page, also when the shop calls revisit.identify() for the same customer", async () => {
    // 1. The one-click login: the landing page identifies the customer, then asks for their experience once.
    const page = await newPage();
    await page.goto(`${shop}/login`);
    const sent = countApiRequests(page);
    const flushed = eventsFlushed(page); // the session sends its events after its (last) experience request
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.getByTestId("login-as-cust-1002").click()]);
    await flushed;
    await expect.poll(() => page.getByTestId("revisit-greeting").getAttribute("data-kind")).toBe("known_customer");
    expect(sent()).toEqual({ identify: 1, experience: 1 });

    // 2. The page also calls identify() for the customer already identified on this device: nothing more is sent.
    const exp = Math.floor(Date.now() / 1000) + 600;
    const same = { id: "cust-1002", hash: identityHash("demo-identity-secret", "cust-1002", exp), expires: exp, firstName: "Omid", email: "omid@example.com" };
    expect(await page.evaluate((c) => (window as unknown as { revisit: { identify(x: typeof c): Promise<boolean> } }).revisit.identify(c), same)).toBe(true);
    expect(sent()).toEqual({ identify: 1, experience: 1 });
    await page.close();

    // 3. A shop that queues identify() before the script loads (README) while the tag names the same customer.
    const other = await newPage();
    await other.goto(`${shop}/login`);
    await other.context().addInitScript(
      (c) => {
        (window as unknown as { revisitQ: unknown[] }).revisitQ = [["identify", c]];
      },
      { ...same, id: "cust-1003", hash: identityHash("demo-identity-secret", "cust-1003", exp), firstName: "Layla", email: "layla@example.com" },
    );
    const counted = countApiRequests(other);
    const done = eventsFlushed(other);
    await Promise.all([other.waitForURL((u) => !u.pathname.startsWith("/login")), other.getByTestId("login-as-cust-1003").click()]);
    await done;
    await expect.poll(() => other.getByTestId("revisit-greeting").getAttribute("data-kind")).not.toBeNull();
    expect(counted()).toEqual({ identify: 1, experience: 1 });
    await other.close();
  });

  it("names the products in Arabic and Persian on ar and fa pages: the shop's cards, product page and cart, and the widget's recommendations, reasons, saved and saved-cart blocks", async () => {
    // Issue 15: the demo catalog sends `title: { en, ar, fa }`; a shopper reading Arabic or Persian sees no English product name.
    const ROSE = { ar: "كريم النهار ببتلات الورد", fa: "کرم روز گلبرگ رز" };
    const english = catalog.map((p) => p.title.en);
    for (const locale of ["ar", "fa"] as const) {
      const name = (id: string | null) => catalog.find((p) => p.id === id)?.title[locale];
      // Sara, a returning customer with orders: the storefront's own cards and the widget's recommendations.
      const page = await newPage();
      await logIn(page, "cust-1001", `/?locale=${locale}`);
      const cards = await page.getByTestId("product-card").evaluateAll((els) => els.map((e) => [e.getAttribute("data-product-id"), e.querySelector(".card-title")?.textContent ?? ""] as const));
      expect(cards.length).toBeGreaterThan(0);
      for (const [id, text] of cards) expect(text, `${locale} card ${id}`).toBe(name(id));
      expect(cards).toContainEqual(["p-rose-cream", ROSE[locale]]);
      /** The widget's recommendation cards: each titled in the page's language, and no English product name in any reason. */
      const recommended = async (on: Page) => {
        const recs = on.getByTestId("revisit-rec");
        await expect.poll(() => recs.count(), { timeout: 15_000 }).toBeGreaterThan(0);
        const shown = await recs.evaluateAll((els) =>
          els.map((e) => ({
            id: e.getAttribute("data-product-id"),
            reason: e.getAttribute("data-reason"),
            title: e.querySelector(".ttl")?.textContent ?? "",
            why: e.querySelector(".why")?.textContent ?? "",
          })),
        );
        for (const r of shown) expect(r.title, `${locale} recommendation ${r.id}`).toBe(name(r.id));
        const text = shown.map((r) => `${r.title} ${r.why}`).join("\n");
        for (const en of english) expect(text, `${locale}: ${text}`).not.toContain(en);
        return shown;
      };
      await recommended(page);
      // And on a product page (its own placement and reasons).
      await page.goto(`${shop}/products/p-rose-cream`);
      await recommended(page);
      await page.close();

      // A new customer: the product page, a product saved for later and the cart, then the saved cart on a second device.
      const who = `cust-titles-${locale}-${Date.now().toString(36)}`;
      const a = await newPage();
      await logIn(a, who, `/products/p-oat-cleanser?locale=${locale}`, "Sara");
      const oat = name("p-oat-cleanser")!;
      expect(await a.locator("h1").textContent()).toBe(oat);
      expect(await a.title()).toBe(`${oat} · Linden & Co.`);
      expect(await a.locator(".product-image").getAttribute("alt")).toBe(oat);
      for (const tag of await a.locator(".tag").allTextContents()) expect(tag, `${locale} tag`).not.toMatch(/[A-Za-z]/);
      const saved = a.waitForResponse((r) => r.url().endsWith("/v1/saved") && r.request().method() === "POST");
      await a.getByTestId("save-product").click();
      expect((await saved).status()).toBeLessThan(300);
      const flushed = eventsFlushed(a);
      await a.getByTestId("add-to-cart").click();
      await flushed;
      await a.goto(`${shop}/cart`);
      await expect.poll(() => a.getByTestId("cart-line").locator("a").allTextContents()).toEqual([oat]);
      const viewed = eventsFlushed(a);
      await a.goto(`${shop}/products/p-clay-mask`);
      await viewed;
      await a.goto(`${shop}/`);
      await expect.poll(() => a.getByTestId("revisit-saved-item").locator("a").allTextContents(), { timeout: 15_000 }).toEqual([oat]);
      // A reason that quotes a product ("Because you viewed …") quotes it in the page's language.
      const mask = name("p-clay-mask")!;
      expect((await recommended(a)).find((r) => r.id === "p-clay-mask")).toMatchObject({ reason: "recently_viewed", title: mask, why: expect.stringContaining(mask) });
      await a.close();
      const b = await newPage();
      await logIn(b, who, `/cart?locale=${locale}`, "Sara");
      await expect.poll(() => b.getByTestId("revisit-cart-item").locator("a").allTextContents(), { timeout: 15_000 }).toEqual([oat]);
      await b.close();
    }
  });

  it("produced no console errors and no uncaught page errors", () => {
    expect(errors).toEqual([]);
  });
});
