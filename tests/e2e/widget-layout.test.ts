import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, watchErrors } from "./browser";

/**
 * How the widget sits in the page (issue 15), in Chromium against the real stack: the lapsed
 * customer's hero and every block keep CLS at 0 with 4× CPU on a desktop and a phone; after the
 * quiz the empty slots give their space back without a shift; a skeleton of the block's shape
 * and height fills a reserved placeholder while the experience is on its way; the blocks take
 * the host page's font and, where the site sets no accent, the page's own. The script's own task
 * does nothing but reserve the placeholders' space (issue 16: the rest comes a task later).
 * Screenshots (en, ar, fa; desktop and phone): the lapsed customer's home page and the loading
 * skeleton, into $WIDGET_SHOTS or a temp folder.
 */
const api = inject("apiUrl");
const shop = inject("shopUrl");
const ADMIN = "admin_test_demo";
const SHOTS = process.env.WIDGET_SHOTS || join(tmpdir(), "revisit-widget-layout-shots");
const LAPSED = { id: "cust-2001", firstName: "Maryam", email: "maryam@example.com" };
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

let browser: Browser;
let host: Server;
let hostUrl: string;
const contexts: BrowserContext[] = [];
const errors: string[] = [];

type Win = { __cls: number; revisit: { on(t: string, f: () => void): void } };

/** A fresh context (a first visit), CLS recorded from the start, CPU slowed `cpu` times. */
async function open(size: keyof typeof SIZES, opts: { customer?: typeof LAPSED; cpu?: number } = {}) {
  const context = await browser.newContext({ viewport: SIZES[size] });
  contexts.push(context);
  if (opts.customer) await context.addCookies([{ name: "demo_customer", value: encodeURIComponent(JSON.stringify(opts.customer)), url: shop }]);
  await context.addInitScript(() => {
    const w = window as unknown as { __cls: number; __shifts: string[] };
    w.__cls = 0;
    w.__shifts = [];
    type Shift = PerformanceEntry & { value: number; hadRecentInput: boolean; sources: { node: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[] };
    const name = (n: Node | null) =>
      n instanceof Element
        ? `${n.tagName.toLowerCase()}${n.id ? `#${n.id}` : ""}${n.className && typeof n.className === "string" ? `.${n.className.trim().split(/\s+/).join(".")}` : ""}${n.getAttribute("data-revisit") ? `[${n.getAttribute("data-revisit")}]` : ""}`
        : String(n?.nodeName);
    new PerformanceObserver((l) => {
      // Every shift counts, the demo's header included (it no longer paints while the parser is
      // still inside it: the page's `<link rel="expect" href="#main" blocking="render">`).
      for (const e of l.getEntries() as Shift[])
        if (!e.hadRecentInput) {
          w.__cls += e.value;
          w.__shifts.push(
            `${e.value.toFixed(5)} at ${Math.round(e.startTime)} ms: ${e.sources.map((s) => `${name(s.node)} ${JSON.stringify([s.previousRect.x, s.previousRect.y, s.previousRect.width, s.previousRect.height, s.currentRect.x, s.currentRect.y, s.currentRect.width, s.currentRect.height])}`).join("; ")}`,
          );
        }
    }).observe({ type: "layout-shift", buffered: true });
  });
  const p = await context.newPage();
  const seen = watchErrors(p);
  p.on("close", () => errors.push(...seen));
  if (opts.cpu) await (await context.newCDPSession(p)).send("Emulation.setCPUThrottlingRate", { rate: opts.cpu });
  return p;
}

const ready = (p: Page) => p.waitForFunction(() => "revisit" in window).then(() => p.evaluate(() => new Promise<void>((r) => (window as unknown as Win).revisit.on("ready", () => r()))));
/** Two idle periods and a frame: the UI measures heights and gives space back in idle time. */
const settle = (p: Page) =>
  p.evaluate(async () => {
    for (let i = 0; i < 2; i++) await new Promise<void>((r) => requestIdleCallback(() => requestAnimationFrame(() => r()), { timeout: 4000 }));
  });
const cls = (p: Page) => p.evaluate(() => (window as unknown as Win).__cls);
/** Each shift with the elements it moved (their y and height before and after), for the failure message. */
const shifts = (p: Page) => p.evaluate(() => (window as unknown as { __shifts: string[] }).__shifts.join("\n"));
const height = (p: Page, sel: string) => p.locator(sel).evaluate((el) => (el as HTMLElement).offsetHeight);

/** A plain shop page for the look tests: its own font and link colour, a greeting and a hero slot. */
function hostPage(site: string, css: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host look</title><style>${css}</style></head>
<body><p><a href="/about">About us</a></p><div data-revisit="greeting"></div><div data-revisit="content:hero"></div>
<script src="${api}/widget.js" data-site="${site}" async></script></body></html>`;
}
let look: { publishableKey: string; css: string };

/**
 * The same page, its widget tag added after the page is parsed (what an async tag usually meets);
 * in the script's `load` event, which fires in the task the script ran in, the page notes what the
 * loader has done so far and queues a call for `window.revisit`.
 */
function latePage(site: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Late tag</title></head>
<body><div data-revisit="greeting"></div><div data-revisit="recommendations"></div><p>Below the blocks</p>
<script>addEventListener("DOMContentLoaded", () => {
  const s = document.createElement("script");
  s.src = ${JSON.stringify(`${api}/widget.js`)};
  s.dataset.site = ${JSON.stringify(site)};
  s.onload = () => {
    const hosts = [...document.querySelectorAll("[data-revisit]")];
    window.__atScript = { revisit: "revisit" in window, roots: hosts.map((h) => !!h.shadowRoot), heights: hosts.map((h) => h.offsetHeight) };
    (window.revisitQ = window.revisitQ || []).push(["on", "ready", () => (window.__heard = true)]);
  };
  document.body.append(s);
});</script></body></html>`;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  host = createServer((req, res) => {
    const html = req.url === "/late" ? latePage(look.publishableKey) : hostPage(look.publishableKey, look.css);
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }).end(html);
  });
  await new Promise<void>((r) => host.listen(0, "127.0.0.1", r));
  hostUrl = `http://localhost:${(host.address() as AddressInfo).port}`;
  // A site with no theme: its blocks should look like the host page.
  const res = await fetch(`${api}/v1/admin/sites`, {
    method: "POST",
    headers: { Authorization: `Bearer ${ADMIN}`, "Content-Type": "application/json" },
    body: JSON.stringify({ id: "layout-shop", name: "Layout shop", allowedOrigins: [hostUrl] }),
  });
  expect(res.ok, await res.clone().text()).toBe(true);
  const keys = (await res.json()) as { publishableKey: string; secretKey: string };
  look = { publishableKey: keys.publishableKey, css: "" };
  const put = await fetch(`${api}/v1/site/config`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${keys.secretKey}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      name: "Layout shop",
      allowedOrigins: [hostUrl],
      content: { slots: [{ id: "hero", variants: [{ segment: null, headline: { en: "New in" }, link: { url: `${hostUrl}/new`, label: { en: "Shop new" } } }] }] },
    }),
  });
  expect(put.ok, await put.clone().text()).toBe(true);
  browser = await launch();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await new Promise((r) => host?.close(r));
});

describe("no layout shift", () => {
  for (const size of ["desktop", "phone"] as const)
    it(`the lapsed customer's hero and greeting keep CLS at 0 on a ${size} with 4x CPU`, async () => {
      const p = await open(size, { customer: LAPSED, cpu: 4 });
      await p.goto(`${shop}/?locale=en`);
      await ready(p);
      const hero = p.getByTestId("revisit-content");
      await expect.poll(() => hero.getAttribute("data-segment")).toBe("lapsed-vip-dry-skin");
      await expect.poll(() => hero.getByRole("img", { name: "Rich Shea Night Balm" }).count()).toBe(1);
      await settle(p);
      expect(await cls(p), await shifts(p)).toBe(0);
      // The product shot is shown whole: a square box for a square image.
      const img = await hero.getByRole("img").evaluate((el) => [(el as HTMLImageElement).width, (el as HTMLImageElement).height, getComputedStyle(el).objectFit]);
      expect(img[0]).toBe(img[1]);
      // Two lines at most, in the greeting's reserved 48 px.
      expect(await height(p, '[data-revisit="greeting"]')).toBe(48);
      // The shop's message is shown whole, not cut off with an ellipsis (on a phone too).
      const whole = () => hero.getByTestId("revisit-content-message").evaluate((el) => el.scrollHeight <= el.clientHeight + 1);
      expect(await whole()).toBe(true);
      await p.screenshot({ path: join(SHOTS, `layout-lapsed-home-en-${size}.png`) });
      for (const l of ["ar", "fa"]) {
        await p.goto(`${shop}/?locale=${l}`);
        await ready(p);
        await expect.poll(() => hero.getAttribute("data-segment")).toBe("lapsed-vip-dry-skin");
        await settle(p);
        expect(await cls(p), await shifts(p)).toBe(0);
        expect(await whole()).toBe(true);
        await p.screenshot({ path: join(SHOTS, `layout-lapsed-home-${l}-${size}.png`) });
      }
    });

  it("gives the empty slots' space back after the quiz on a phone, with CLS 0, even when each answer comes back late", async () => {
    const p = await open("phone");
    // Each answer is held 1.2 s: past the 500 ms after a click within which Chromium excuses a
    // shift as the shopper's own (what a slow phone or a loaded machine does anyway). A step that
    // pulled the page up, or space given back while in view, would count.
    await p.route("**/v1/surveys/*/responses", async (route: Route) => {
      await new Promise((r) => setTimeout(r, 1200));
      await route.continue();
    });
    await p.goto(`${shop}/?locale=en`);
    await ready(p);
    const survey = p.getByTestId("revisit-survey");
    await expect.poll(() => survey.count()).toBe(1);
    await survey.scrollIntoViewIfNeeded();
    for (let i = 0; i < 6 && (await survey.count()); i++) {
      const question = await survey.locator("legend").first().textContent();
      await survey.locator("input[type=radio], input[type=checkbox]").first().check();
      await survey.getByRole("button", { name: /^(Next|Submit)$/ }).click();
      await expect.poll(async () => (await survey.count()) === 0 || (await survey.locator("legend").first().textContent()) !== question).toBe(true);
    }
    await expect.poll(() => p.getByTestId("revisit-survey-thanks").count()).toBe(1);
    await settle(p);
    expect(await cls(p), await shifts(p)).toBe(0);
    // The thanks came too late to give the space back in view: it goes once the slot leaves the
    // view (here the shopper reads on past it: the demo's short page gets room to scroll at its
    // end, which moves nothing above), still without a shift.
    await p.evaluate(() => {
      const room = document.createElement("div");
      room.style.height = "2000px";
      document.body.appendChild(room);
      scrollTo(0, scrollY + document.querySelector('[data-revisit="survey"]')!.getBoundingClientRect().bottom + 50);
    });
    await expect.poll(() => p.locator('[data-revisit="survey"]').evaluate((el) => el.getBoundingClientRect().bottom < 0 || el.getBoundingClientRect().top > innerHeight)).toBe(true);
    await settle(p);
    // The survey slot is as high as its thanks line; the empty loyalty and offers slots take nothing, gaps included.
    const thanks = await p.getByTestId("revisit-survey-thanks").evaluate((el) => (el as HTMLElement).offsetHeight);
    await expect.poll(() => height(p, '[data-revisit="survey"]')).toBeLessThanOrEqual(thanks + 1);
    expect(await height(p, ".slots-pair")).toBeLessThanOrEqual(thanks + 1);
    expect(await p.locator("[data-revisit-empty]").count()).toBeGreaterThanOrEqual(2);
    expect(await cls(p), await shifts(p)).toBe(0);
  });
});

describe("loading skeleton", () => {
  for (const size of ["desktop", "phone"] as const)
    it(`fills the reserved placeholders with the blocks' shapes while the experience is on its way (${size})`, async () => {
      const p = await open(size, { customer: LAPSED });
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      await p.route("**/v1/experience?*", async (route: Route) => {
        await held;
        await route.continue();
      });
      for (const l of ["en", "ar", "fa"]) {
        await p.goto(`${shop}/?locale=${l}`);
        const recs = p.locator('[data-revisit="recommendations"]');
        // The UI chunk may take seconds to arrive on a busy machine (the bound only catches a hang).
        await expect.poll(() => recs.getAttribute("aria-busy"), { timeout: 20_000 }).toBe("true");
        const sk = recs.locator(".sk");
        expect(await sk.getAttribute("aria-hidden")).toBe("true");
        expect(await sk.evaluate((el) => (el as HTMLElement).offsetHeight)).toBe(304);
        expect(await p.locator('[data-revisit="greeting"] .sk').count()).toBe(1);
        expect(await p.locator('[data-revisit="content:hero"] .sk').count()).toBe(1);
        await p.screenshot({ path: join(SHOTS, `layout-skeleton-${l}-${size}.png`) });
        if (l !== "fa") continue;
        release();
        await ready(p);
        await expect.poll(() => recs.getAttribute("aria-busy"), { timeout: 20_000 }).toBe(null);
        expect(await recs.locator(".sk").count()).toBe(0);
        // The block that replaced the skeleton has its height (within a few px): nothing moved.
        expect(Math.abs((await height(p, '[data-revisit="recommendations"]')) - 304)).toBeLessThanOrEqual(4);
        await settle(p);
        expect(await cls(p)).toBe(0);
      }
    });
});

describe("the script's own task", () => {
  it("only reserves the placeholders' heights; window.revisit comes a task later and replays what was queued meanwhile", async () => {
    const p = await open("desktop");
    await p.goto(`${hostUrl}/late`);
    await p.waitForFunction(() => "__atScript" in window);
    // In the script's task: both placeholders have their shadow root and their default heights
    // (widget/src/loader/hosts.ts: greeting 48, recommendations 304), and no window.revisit yet.
    expect(await p.evaluate(() => (window as unknown as { __atScript: unknown }).__atScript)).toEqual({ revisit: false, roots: [true, true], heights: [48, 304] });
    await expect.poll(() => p.evaluate(() => (window as unknown as { __heard?: boolean }).__heard === true)).toBe(true);
    expect(await p.evaluate(() => typeof (window as unknown as Win).revisit.on)).toBe("function");
  });
});

describe("the host page's look", () => {
  it("takes the page's font, and its link colour as the accent when the site sets none", async () => {
    look.css = "body{font-family:Georgia,'Times New Roman',serif;color:rgb(20, 20, 20)} a{color:rgb(10, 125, 85)}";
    const p = await open("desktop");
    await p.goto(hostUrl);
    await ready(p);
    const greeting = p.getByTestId("revisit-greeting");
    await expect.poll(() => greeting.count()).toBe(1);
    const pageFont = await p.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(await greeting.evaluate((el) => getComputedStyle(el).fontFamily)).toBe(pageFont);
    const link = p.getByTestId("revisit-content-link");
    await expect.poll(() => link.count()).toBe(1);
    expect(await link.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(10, 125, 85)");
  });

  it("takes the page's accent-color first, and a shop's own --revisit-accent still wins", async () => {
    look.css = "body{accent-color:rgb(150, 40, 60)} a{color:rgb(10, 125, 85)}";
    let p = await open("desktop");
    await p.goto(hostUrl);
    await ready(p);
    const link = p.getByTestId("revisit-content-link");
    await expect.poll(() => link.count()).toBe(1);
    expect(await link.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(150, 40, 60)");
    look.css = "body{accent-color:rgb(150, 40, 60)} [data-revisit]{--revisit-accent:rgb(0, 90, 200)}";
    p = await open("desktop");
    await p.goto(hostUrl);
    await ready(p);
    await expect.poll(() => p.getByTestId("revisit-content-link").count()).toBe(1);
    expect(await p.getByTestId("revisit-content-link").evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(0, 90, 200)");
  });
});

describe("the layout pages", () => {
  it("produced no console errors and no uncaught page errors", () => {
    expect(errors).toEqual([]);
  });
});
