import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, ConsoleBrowser, DESKTOP, PHONE, SECRET_KEY, SHOTS, signIn } from "./console-kit";

/**
 * The merchant console (issue 12) in Chromium against the real stack: the shell's headers, sign-in
 * with the demo shop's secret key, the overview's figures from the insights API, Arabic and Persian
 * (dir="rtl", mirrored navigation), the keyboard (skip link, nav), axe-core with no serious or
 * critical violation, a phone viewport with the collapsed menu, and sign out (the cookie then opens
 * nothing). Screenshots of sign-in and overview go to docs/console/.
 */
const api = inject("apiUrl");

const kit = new ConsoleBrowser();

/** A fresh browser (no cookie) at a viewport; expected 401s (no session yet, after sign out) and the viewer's 403 are not errors. */
const open = (viewport = DESKTOP) => kit.open(viewport);

/** Signs in with the secret key on the sign-in page in `locale` and waits for the overview's figures. */
const signInHere = (page: Page, locale = "en") => signIn(page, { locale });

beforeAll(async () => {
  await kit.start();
});

afterAll(async () => {
  await kit.close();
  expect(kit.errors).toEqual([]);
});

describe("merchant console", () => {
  it("serves the shell with a strict policy, client routes and immutable hashed assets", async () => {
    for (const path of ["/admin", "/admin/", "/admin/loyalty"]) {
      const res = await fetch(`${api}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/html");
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      const html = await res.text();
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      const entry = /src="(\/admin\/assets\/main\.[\w-]+\.js)"/.exec(html)?.[1];
      expect(entry).toBeTruthy();
      const asset = await fetch(`${api}${entry}`);
      expect(asset.headers.get("cache-control")).toContain("immutable");
      expect(asset.headers.get("content-type")).toContain("text/javascript");
    }
    expect((await fetch(`${api}/admin/assets/nope.js`)).status).toBe(404);
    expect((await fetch(`${api}/admin/session`)).status).toBe(401);
  });

  it("refuses a wrong key with a message, fills an invite from the link, and signs in with the secret key", async () => {
    const page = await open();
    await page.goto(`${api}/admin/?invite=inv_example_123`);
    expect(await page.isChecked("input[value=invite]")).toBe(true);
    expect(await page.inputValue("#invite-token")).toBe("inv_example_123");
    await page.check("input[value=secretKey]");
    await page.click("button[type=submit]");
    expect(await page.textContent("#secret-key-error")).toBe("Required.");
    await page.fill("#secret-key", "sk_wrong_key");
    await page.click("button[type=submit]");
    await page.waitForFunction(() => document.querySelector(".form-error")?.textContent?.includes("not accepted"));

    const summary = page.waitForResponse((r) => r.url().includes("/v1/insights/summary"));
    await page.fill("#secret-key", SECRET_KEY);
    await page.click("button[type=submit]");
    const figures = (await (await summary).json()) as { currency: string; total: { orders: number; revenue: number; customersWithOrder: number } };
    await page.waitForSelector(".kpis");
    expect(figures.total.orders).toBeGreaterThan(0);
    expect(await page.textContent("[data-figure=orders] dd")).toBe(String(figures.total.orders));
    expect(await page.textContent("[data-figure=customers] dd")).toBe(String(figures.total.customersWithOrder));
    const money = new Intl.NumberFormat("en", { style: "currency", currency: figures.currency, maximumFractionDigits: Math.abs(figures.total.revenue) >= 1000 ? 0 : 2 });
    expect(await page.textContent("[data-figure=revenue] dd")).toBe(money.format(figures.total.revenue));
    expect(await page.textContent(".who")).toContain("Owner");
    expect(await page.locator(".chart-svg").count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator(".heatmap tbody tr").count()).toBeGreaterThan(0);
    expect(await page.textContent("[data-figure=outstanding] dd")).toMatch(/\d/);
    // 12 months: a range the demo's older orders fall in; the same page updates in place.
    await page.selectOption("#range-choice", "12m");
    await page.waitForResponse((r) => r.url().includes("/v1/insights/summary") && r.url().includes("granularity=month"));
    // A custom range applies on "Show" with exactly the dates typed.
    await page.selectOption("#range-choice", "custom");
    await page.fill("#range-from", "2026-01-01");
    await page.fill("#range-to", "2026-03-31");
    const custom = page.waitForResponse((r) => r.url().includes("/v1/insights/summary") && r.url().includes("from=2026-01-01") && r.url().includes("to=2026-03-31"));
    await page.click("text=Show");
    expect((await custom).status()).toBe(200);
  });

  it("signs a viewer in from an invitation link; the viewer's role shows and a write from the page is refused", async () => {
    const res = await fetch(`${api}/v1/staff`, {
      method: "POST",
      headers: { Authorization: `Bearer ${SECRET_KEY}`, "Content-Type": "application/json" },
      body: JSON.stringify({ email: "console-viewer@example.com", role: "viewer" }),
    });
    expect(res.status).toBe(201);
    const invite = (await res.json()) as { inviteToken: string; inviteUrl: string };
    const page = await open();
    await page.goto(`${api}/admin/?invite=${encodeURIComponent(invite.inviteToken)}`);
    expect(await page.inputValue("#invite-token")).toBe(invite.inviteToken);
    await page.click("button[type=submit]");
    await page.waitForSelector(".kpis");
    expect(await page.textContent(".who")).toContain("Viewer (read only)");
    const status = await page.evaluate(async () => {
      const session = (await (await fetch("/admin/session")).json()) as { csrfToken: string };
      const config = await (await fetch("/v1/site/config")).json();
      const put = await fetch("/v1/site/config", { method: "PUT", headers: { "Content-Type": "application/json", "X-Revisit-CSRF": session.csrfToken }, body: JSON.stringify(config) });
      return put.status;
    });
    expect(status).toBe(403);
  });

  it("draws the holdout's lift with its confidence interval around zero (results answered by a fixture: the demo has no holdout)", async () => {
    const page = await open();
    const iv = (estimate: number, low: number, high: number) => ({ estimate, low, high });
    const lift = (relative: ReturnType<typeof iv>, significant: boolean) => ({
      treatment: 0.05,
      holdout: 0.04,
      absolute: iv(0.01, 0.002, 0.018),
      relative,
      pValue: 0.01,
      significant,
      test: "fixture",
    });
    const result = {
      experiment: { id: "holdout", type: "holdout", holdoutPercent: 10 },
      currency: "USD",
      status: "ready",
      confidence: 0.95,
      arms: { treatment: { shoppers: 9000 }, holdout: { shoppers: 1000 } },
      lift: { conversion: lift(iv(0.25, 0.04, 0.5), true), revenuePerShopper: lift(iv(0.11, -0.06, 0.3), false), repeatPurchaseRate: null },
      sampleSize: { neededPerArm: 800, minimumDetectableEffect: 0.1, baselineRate: 0.04 },
    };
    await page.route("**/v1/experiments/holdout/results*", (r) => r.fulfill({ json: result }));
    await page.route("**/v1/site/config", async (r) => {
      const res = await r.fetch();
      await r.fulfill({ response: res, json: { ...((await res.json()) as object), experiments: [{ id: "holdout", holdoutPercent: 10 }] } });
    });
    await signInHere(page);
    await page.waitForSelector(".interval");
    const lines = page.locator(".interval");
    expect(await lines.count()).toBe(2);
    expect(await lines.first().getAttribute("aria-label")).toBe("Lift in conversion: +25%; 95% interval: +4% to +50%");
    // The interval of a clear lift lies right of zero; one that crosses zero straddles the zero line.
    const zero = (await page.locator(".interval-zero").first().boundingBox())!;
    const clear = (await page.locator(".interval-range").first().boundingBox())!;
    const unclear = (await page.locator(".interval-range").nth(1).boundingBox())!;
    expect(clear.x).toBeGreaterThan(zero.x);
    expect(unclear.x).toBeLessThan(zero.x);
    expect(unclear.x + unclear.width).toBeGreaterThan(zero.x);
  });

  it("switches to Arabic from the menu: dir=rtl on <html> and the navigation mirrored to the right", async () => {
    const page = await open();
    await signInHere(page);
    const nav = await page.locator("#console-nav").boundingBox();
    const main = await page.locator("main").boundingBox();
    expect(nav!.x).toBeLessThan(main!.x);
    await page.selectOption("#nav-language", "ar");
    await page.waitForFunction(() => document.documentElement.dir === "rtl");
    expect(await page.getAttribute("html", "lang")).toBe("ar");
    expect(page.url()).toContain("locale=ar");
    await page.waitForSelector("text=نظرة عامة");
    const navAr = await page.locator("#console-nav").boundingBox();
    const mainAr = await page.locator("main").boundingBox();
    expect(navAr!.x).toBeGreaterThan(mainAr!.x);
    expect(navAr!.x).toBeGreaterThan(DESKTOP.width / 2);
  });

  it("is usable with the keyboard: Tab reaches the skip link, then the navigation; the skip link moves focus to main", async () => {
    const page = await open();
    await signInHere(page);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.className)).toBe("skip-link");
    expect(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).not.toBe("none");
    const box = await page.locator(".skip-link").boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.closest("nav")?.id)).toBe("console-nav");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
  });

  it("has no serious or critical axe-core violations on sign-in and overview, in English and Arabic", async () => {
    for (const locale of ["en", "ar"]) {
      const page = await open();
      await page.goto(`${api}/admin/?locale=${locale}`);
      await page.waitForSelector("#secret-key");
      expect(await axeViolations(page), `sign-in ${locale}`).toEqual([]);
      await signInHere(page, locale);
      await page.waitForSelector(".heatmap");
      expect(await axeViolations(page), `overview ${locale}`).toEqual([]);
    }
  });

  it("works on a phone: the navigation collapses behind Menu and opens, navigates and closes", async () => {
    const page = await open(PHONE);
    await signInHere(page);
    expect(await page.isVisible("#console-nav")).toBe(false);
    const toggle = page.locator(".menu-toggle");
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
    await toggle.click();
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    expect(await page.isVisible("#console-nav")).toBe(true);
    await page.click("#console-nav >> text=Loyalty");
    await page.waitForSelector("h1:has-text('Loyalty')");
    expect(page.url()).toContain("/admin/loyalty");
    // The heading has focus once the page's chunk has rendered (keyboard and screen-reader users start there).
    await page.waitForFunction(() => document.activeElement?.tagName === "H1");
    expect(await page.isVisible("#console-nav")).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  });

  it("signs out: the sign-in page says so, a /v1 call from the page then gets 401, and a deep link signs in to its page", async () => {
    const page = await open();
    await signInHere(page);
    const today = new Date().toISOString().slice(0, 10);
    const before = await page.evaluate(async (d) => (await fetch(`/v1/insights/summary?from=${d}&to=${d}`)).status, today);
    expect(before).toBe(200);
    await page.click("text=Sign out");
    await page.waitForSelector("text=You have signed out.");
    expect(page.url()).toContain("/admin/sign-in");
    const after = await page.evaluate(async (d) => (await fetch(`/v1/insights/summary?from=${d}&to=${d}`)).status, today);
    expect(after).toBe(401);
    // A link to a console page while signed out: sign in first, then that page.
    await page.goto(`${api}/admin/segments`);
    await page.waitForSelector("#secret-key");
    expect(page.url()).toContain("/admin/sign-in");
    await page.fill("#secret-key", SECRET_KEY);
    await page.click("button[type=submit]");
    await page.waitForSelector("h1:has-text('Segments')");
    expect(page.url()).toContain("/admin/segments");
  });

  it("takes screenshots of sign-in and overview in en, ar and fa at desktop and phone sizes", async () => {
    for (const [size, viewport] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      for (const locale of ["en", "ar", "fa"]) {
        const page = await open(viewport);
        await page.goto(`${api}/admin/?locale=${locale}`);
        await page.waitForSelector("#secret-key");
        await page.screenshot({ path: `${SHOTS}/sign-in-${locale}-${size}.png` });
        await signInHere(page, locale);
        // Generous bounds: they only catch a hang (six sign-ins on a busy 2-core machine).
        await page.waitForSelector(".heatmap", { timeout: 90_000 });
        await page.screenshot({ path: `${SHOTS}/overview-${locale}-${size}.png` });
      }
    }
  }, 300_000);
});
