import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, watchErrors } from "./browser";

/**
 * The demo shop's widget blocks as a shopper meets them (issue 15): the recommendation row's
 * arrows, the redeem confirmation, one code per page, the saved cart on /cart and the loyalty
 * panel's order. Screenshots (en, ar, fa; desktop and phone) go to $WIDGET_SHOTS or a temp folder.
 */
const shop = inject("shopUrl");
const SHOTS = process.env.WIDGET_SHOTS || mkdtempSync(join(tmpdir(), "revisit-blocks-"));
mkdirSync(SHOTS, { recursive: true });

let browser: Browser;
const contexts: BrowserContext[] = [];
const errors: string[] = [];

async function device(viewport = { width: 1280, height: 800 }): Promise<Page> {
  const c = await browser.newContext({ viewport });
  contexts.push(c);
  const page = await c.newPage();
  const seen = watchErrors(page);
  page.on("close", () => errors.push(...seen));
  return page;
}

/** One-click login as a demo customer, or the custom form for a fresh id. */
async function logIn(page: Page, id: string, to = "/") {
  await page.goto(`${shop}/login?return=${encodeURIComponent(to)}`);
  if (id.startsWith("cust-")) await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.getByTestId(`login-as-${id}`).click()]);
  else {
    await page.getByTestId("login-id").fill(id);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.getByTestId("login-submit").click()]);
  }
}

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

describe("widget blocks", () => {
  it("the recommendation row has previous / next arrows: hidden at the ends, keyboard reachable, mirrored in Arabic", async () => {
    const page = await device({ width: 390, height: 844 });
    await logIn(page, "cust-1001");
    const prev = page.getByTestId("revisit-recs-prev");
    const next = page.getByTestId("revisit-recs-next");
    await expect.poll(() => next.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await prev.isVisible()).toBe(false); // at the start
    const row = page.locator('[data-revisit="recommendations"] .row');
    await next.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => row.evaluate((el) => el.scrollLeft)).toBeGreaterThan(100);
    await expect.poll(() => prev.isVisible()).toBe(true);
    // To the end: the next arrow hides and hands the focus to the previous one.
    for (let i = 0; i < 12 && (await next.isVisible()); i++) {
      await next.click();
      await page.waitForTimeout(400);
    }
    expect(await next.isVisible()).toBe(false);

    await page.goto(`${shop}/?locale=ar`);
    await expect.poll(() => page.getByTestId("revisit-recs-next").isVisible(), { timeout: 15_000 }).toBe(true);
    await page.getByTestId("revisit-recs-next").click();
    await expect.poll(() => page.getByTestId("revisit-recs-prev").isVisible()).toBe(true);
    const p = (await page.getByTestId("revisit-recs-prev").boundingBox())!;
    const n = (await page.getByTestId("revisit-recs-next").boundingBox())!;
    expect(p.x).toBeGreaterThan(n.x); // previous on the right in a right-to-left row
    expect(await page.getByTestId("revisit-recs-next").getAttribute("aria-label")).toBe("التالي");
  });

  it("redeeming asks first: Escape and Cancel spend nothing, Confirm redeems", async () => {
    const page = await device();
    await logIn(page, "cust-1001");
    const loyalty = page.getByTestId("revisit-loyalty");
    const reward = loyalty
      .getByTestId("revisit-reward")
      .filter({ has: page.locator("button:not([disabled])") })
      .first();
    await expect.poll(() => reward.count(), { timeout: 15_000 }).toBe(1);
    let posts = 0;
    page.on("request", (r) => void (r.url().includes("/redeem") && r.method() === "POST" && posts++));
    await reward.getByRole("button", { name: "Redeem" }).click();
    const ask = reward.getByTestId("revisit-redeem-confirm");
    expect(await ask.textContent()).toMatch(/^Spend [\d,]+ points? for .+\?/);
    expect(await reward.getByTestId("revisit-redeem-yes").evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    await page.keyboard.press("Escape");
    expect(await ask.count()).toBe(0);
    const redeem = reward.getByRole("button", { name: "Redeem" });
    await expect.poll(() => redeem.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    await redeem.click();
    await reward.getByTestId("revisit-redeem-no").click();
    expect(posts).toBe(0);
    await redeem.click();
    const done = page.waitForResponse((r) => r.url().includes("/redeem"));
    await reward.getByTestId("revisit-redeem-yes").click();
    expect((await done).status()).toBe(201);
    expect(posts).toBe(1);
  });

  it("the loyalty panel leads with the balance and the next reward; the details come after", async () => {
    const page = await device();
    await logIn(page, "cust-1001");
    const loyalty = page.getByTestId("revisit-loyalty");
    await expect.poll(() => loyalty.count(), { timeout: 15_000 }).toBe(1);
    const order = await loyalty.evaluate((el) => {
      const at = (sel: string) => Array.from(el.querySelectorAll("*")).findIndex((n) => n.matches(sel));
      return {
        points: at('[data-testid="revisit-points"]'),
        next: at('[data-testid="revisit-next-reward"]'),
        rewards: at('[data-testid="revisit-reward"]'),
        details: at('[data-testid="revisit-loyalty-details"]'),
        bar: at('[role="progressbar"]'),
      };
    });
    expect(order.points).toBeGreaterThanOrEqual(0);
    expect(order.next).toBeGreaterThan(order.points);
    expect(order.rewards).toBeGreaterThan(order.next);
    expect(order.details).toBeGreaterThan(order.rewards);
    expect(order.bar).toBeGreaterThan(order.details);
    const big = await loyalty.getByTestId("revisit-next-reward").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const small = await loyalty
      .locator(".muted")
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(big).toBeGreaterThan(small);
  });

  it("a code appears once per page: in the offers block, the hero points to it; one headline and one link per offer card", async () => {
    const page = await device();
    await logIn(page, "cust-2001");
    const hero = page.locator('[data-revisit="content:hero"]');
    const offers = page.getByTestId("revisit-offers");
    await expect.poll(() => offers.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => hero.getByTestId("revisit-offer-pointer").count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId("revisit-offer-code").count()).toBe(1);
    expect(await hero.getByTestId("revisit-offer-code").count()).toBe(0);
    const card = offers.locator('[data-offer-id="win-back"]');
    expect(await card.getByRole("heading").count()).toBe(1);
    expect(await card.locator("a").count()).toBe(1);
    expect(((await card.textContent()) ?? "").split("15%").length - 1).toBe(1);
    expect(((await hero.textContent()) ?? "").split("15%").length - 1).toBeLessThanOrEqual(1);
    await page.screenshot({ path: join(SHOTS, "offers-en-1280.png"), fullPage: true });
  });

  it("on /cart the saved cart is hidden while the live cart holds it, and shown on another device", async () => {
    const id = `e2e-cart-${Date.now()}`;
    const a = await device();
    await logIn(a, id, "/products/p-earl-grey");
    const sent = a.waitForRequest((r) => r.url().includes("/v1/events") && (r.postData() ?? "").includes('"cart"'), { timeout: 20_000 });
    await a.getByTestId("add-to-cart").click();
    await sent;
    await a.goto(`${shop}/cart`);
    await expect.poll(() => a.getByTestId("cart-lines").locator("li").count(), { timeout: 10_000 }).toBe(1);
    await a.waitForFunction(() => (window as { revisit?: unknown }).revisit && document.querySelector('[data-revisit="saved-cart"]')?.shadowRoot?.querySelector(".rv"), null, { timeout: 15_000 });
    await a.waitForTimeout(500);
    expect(await a.getByTestId("revisit-saved-cart").count()).toBe(0);

    const b = await device();
    await logIn(b, id, "/cart");
    await expect.poll(() => b.getByTestId("revisit-saved-cart").count(), { timeout: 15_000 }).toBe(1);
  });

  it("screenshots: the rec row with arrows and hearts, the saved block, the redeem question, the loyalty panel (en, ar, fa; desktop and phone)", async () => {
    for (const vp of [
      { width: 1280, height: 800 },
      { width: 390, height: 844 },
    ]) {
      const page = await device(vp);
      await logIn(page, "cust-1001");
      for (const l of ["en", "ar", "fa"]) {
        await page.goto(`${shop}/?locale=${l}`);
        const heart = page.getByTestId("revisit-heart").first();
        await expect.poll(() => heart.count(), { timeout: 15_000 }).toBe(1);
        if ((await heart.getAttribute("aria-pressed")) === "false") await heart.click();
        await expect.poll(() => page.getByTestId("revisit-saved-item").count(), { timeout: 15_000 }).toBeGreaterThan(0);
        await page.locator('[data-revisit="recommendations"]').screenshot({ path: join(SHOTS, `recs-${l}-${vp.width}.png`) });
        await page.locator('[data-revisit="saved"]').screenshot({ path: join(SHOTS, `saved-${l}-${vp.width}.png`) });
        const reward = page
          .getByTestId("revisit-reward")
          .filter({ has: page.locator("button:not([disabled])") })
          .first();
        if (await reward.count()) {
          await reward.locator("button").first().click();
          await expect.poll(() => page.getByTestId("revisit-redeem-confirm").count()).toBe(1);
        }
        await page.locator('[data-revisit="loyalty"]').screenshot({ path: join(SHOTS, `loyalty-${l}-${vp.width}.png`) });
      }
    }
    expect(errors).toEqual([]);
  });
});
