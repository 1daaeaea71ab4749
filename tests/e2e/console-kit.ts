import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { inject } from "vitest";
import { launch, watchErrors } from "./browser";

/**
 * What every console e2e file shares: the demo's secret key, screen sizes, where screenshots go,
 * one browser per file whose pages report unexpected console errors, the sign-in, and axe-core.
 * Each file keeps only what is its own (the page it opens, the errors it expects).
 */
export const SECRET_KEY = "sk_test_demo";
/** Headers of a server call with the demo's secret key. */
export const SERVER_AUTH = { Authorization: `Bearer ${SECRET_KEY}`, "Content-Type": "application/json" };
/** Where screenshots go: docs/console/ when asked (`CONSOLE_SHOTS=$PWD/docs/console`), else a temporary folder, so `npm test` leaves the tree clean. */
export const SHOTS = process.env.CONSOLE_SHOTS ?? join(tmpdir(), "revisit-console-shots");
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** The 401 before sign-in (and after sign out) and a role's 403 are answers the console expects, not errors. */
const EXPECTED = /status of 40[13]/;

/** How one page is opened: which console errors it expects, and its context's options and set-up. */
export interface OpenOptions {
  expected?: RegExp | ((error: string) => boolean);
  context?: BrowserContextOptions;
  setup?: (context: BrowserContext) => Promise<void>;
}

/**
 * One Chromium for a test file. `open` gives a page in a fresh context (no cookie); when the page
 * closes, its console errors that were not expected are kept in `errors`, which the file's
 * `afterAll` asserts empty after `close`.
 */
export class ConsoleBrowser {
  readonly errors: string[] = [];
  private browser: Browser | null = null;
  private readonly contexts: BrowserContext[] = [];

  async start(): Promise<void> {
    this.browser = await launch();
    mkdirSync(SHOTS, { recursive: true });
  }

  async open(viewport = DESKTOP, opts: OpenOptions = {}): Promise<Page> {
    if (!this.browser) throw new Error("ConsoleBrowser.start() first");
    const context = await this.browser.newContext({ viewport, ...opts.context });
    this.contexts.push(context);
    await opts.setup?.(context);
    const page = await context.newPage();
    const seen = watchErrors(page);
    const expected = opts.expected ?? EXPECTED;
    const isExpected = typeof expected === "function" ? expected : (e: string) => expected.test(e);
    page.on("close", () => this.errors.push(...seen.filter((e) => !isExpected(e))));
    return page;
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close();
    await this.browser?.close();
  }
}

/**
 * Opens a console URL. In two full CI runs of hundreds of console loads, one load each never reached
 * DOMContentLoaded in 30 s (both at sign-in, under the full suite's load; never reproduced alone or
 * in a diagnostic run that logged every answer slower than 2 s). When a load hangs, the requests still
 * open are printed (what to look at next time) and the page is loaded once more; a second hang fails.
 */
export async function openConsole(page: Page, url: string): Promise<void> {
  const open = new Map<object, string>();
  const started = Date.now();
  const onRequest = (r: { url(): string }) => open.set(r, `${r.url()} (+${Date.now() - started} ms)`);
  const onDone = (r: object) => open.delete(r);
  page.on("request", onRequest);
  page.on("requestfinished", onDone);
  page.on("requestfailed", onDone);
  try {
    await page.goto(url, { waitUntil: "domcontentloaded" });
  } catch (e) {
    if ((e as Error).name !== "TimeoutError") throw e;
    console.warn(`console load of ${url} hung; requests still open: ${[...open.values()].join(", ") || "none"}; loading it again`);
    await page.goto(url, { waitUntil: "domcontentloaded" });
  } finally {
    page.off("request", onRequest);
    page.off("requestfinished", onDone);
    page.off("requestfailed", onDone);
  }
}

/**
 * Signs in on the console's sign-in page with a secret key (the demo's unless given), starting at
 * `at` (a deep link signs in to that page), and waits for `waitFor` on the page it lands on.
 * The bound only catches a hang: signing in on a busy 2-core machine can take long.
 */
export async function signIn(page: Page, opts: { locale?: string; key?: string; at?: string; waitFor?: string } = {}): Promise<void> {
  const { locale = "en", key = SECRET_KEY, at = "/admin/", waitFor = ".kpis" } = opts;
  await openConsole(page, `${inject("apiUrl")}${at}?locale=${locale}`);
  await page.fill("#secret-key", key);
  await page.click("button[type=submit]");
  await page.waitForSelector(waitFor, { timeout: 90_000 });
}

/** Invites a staff member with the secret key and signs `page` in through the invite link, as they would. */
export async function signInAsStaff(page: Page, email: string, role: "viewer" | "editor"): Promise<void> {
  const api = inject("apiUrl");
  const res = await fetch(`${api}/v1/staff`, { method: "POST", headers: SERVER_AUTH, body: JSON.stringify({ email, role }) });
  const { inviteToken } = (await res.json()) as { inviteToken: string };
  await openConsole(page, `${api}/admin/?invite=${encodeURIComponent(inviteToken)}`);
  await page.click("button[type=submit]");
  await page.waitForSelector(".kpis, .empty");
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's serious and critical violations on the current page (its source is evaluated, not inlined: the CSP forbids inline scripts). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document);
  });
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}
