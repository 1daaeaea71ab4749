import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, watchErrors } from "./browser";

/**
 * /docs with no internet: the browser may reach only this machine (every other request is
 * aborted and recorded), and the API reference must still draw its operations from
 * /openapi.json. Before, @hono/swagger-ui loaded its script from a CDN and the page stayed blank.
 */
const api = inject("apiUrl");
/** Screenshots of the page, to look at: a temporary folder unless `DOCS_SHOTS` names one. */
const SHOTS = process.env.DOCS_SHOTS ?? join(tmpdir(), "revisit-docs-shots");
let browser: Browser;

beforeAll(async () => {
  // The stack's build (scripts/lib/stack.mjs) copied the viewer before wrangler dev started.
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

describe("/docs, offline", () => {
  it("serves a page whose policy names no other origin", async () => {
    const res = await fetch(`${api}/docs`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:|\*|'unsafe-/);
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it("draws every operation of the document with requests to anything but localhost blocked", async () => {
    const context = await browser.newContext();
    const blocked: string[] = [];
    await context.route("**/*", (route) => {
      const { hostname, protocol } = new URL(route.request().url());
      if (protocol === "data:" || hostname === "localhost" || hostname === "127.0.0.1") return route.continue();
      blocked.push(route.request().url());
      return route.abort("internetdisconnected");
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${api}/docs`);
    await page.locator(".opblock").first().waitFor({ timeout: 30_000 });
    mkdirSync(SHOTS, { recursive: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: `${SHOTS}/docs-desktop.png` });

    const doc = (await (await fetch(`${api}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const count = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    expect(await page.locator(".opblock").count()).toBe(count);
    await expect(
      page
        .locator(".opblock-summary-path")
        .filter({ hasText: /^\/v1\/site\/config$/ })
        .count(),
    ).resolves.toBeGreaterThan(0);

    // An operation opens with its parameters and answers, and shows its operation id.
    const op = page.locator("#operations-Server-getCustomer");
    await op.locator(".opblock-summary-control").click();
    await op.locator(".responses-wrapper").waitFor();
    expect(await op.locator(".opblock-summary-operation-id").textContent()).toBe("getCustomer");
    expect(await op.locator(".parameters").textContent()).toContain("customerId");
    await op.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/docs-get-customer.png` });

    expect(blocked).toEqual([]);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
