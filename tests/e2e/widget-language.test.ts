import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, watchErrors } from "./browser";

/**
 * Issue 15, language, in Chromium against the real stack: a quiz answered in Arabic or Persian is
 * quoted in that language in the recommendation reasons (never the English option label), product
 * names come from the catalog in the shopper's language, every number on a page is in ONE
 * numbering system (the locale's CLDR default, or the site's `widget.numberingSystem`), shop-written
 * digits included, and dates follow the region's calendar (`ar-SA` Umm al-Qura, `ar-EG` Gregorian)
 * or the site's `widget.calendar`. Own site and shop page, plus the demo shop's Sara in Arabic.
 */
const api = inject("apiUrl");
const demoShop = inject("shopUrl");
const ADMIN = "admin_test_demo";
const SITE = "language-shop";
/** Screenshots of each page the digit test checks, to look at (a temporary folder: `npm test` leaves the tree clean). */
const SHOTS = join(tmpdir(), "revisit-language-shots");

let browser: Browser;
let shop: Server;
let shopUrl: string;
let keys: { publishableKey: string; secretKey: string };
const contexts: BrowserContext[] = [];
const errors: string[] = [];

const page = (lang: string) => `<!doctype html><html lang="${lang}" dir="${lang.startsWith("en") ? "ltr" : "rtl"}"><head><meta charset="utf-8"><title>Language shop</title></head>
<body style="margin:0;font:16px/1.5 sans-serif"><div data-revisit="greeting"></div><div data-revisit="content:hero"></div><div data-revisit="survey"></div>
<div data-revisit="recommendations"></div><div data-revisit="saved-cart"></div>
<script src="${api}/widget.js" data-site="${SITE_KEY()}" async></script></body></html>`;
const SITE_KEY = () => keys.publishableKey;

async function call(path: string, method: string, body?: unknown) {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { Authorization: `Bearer ${keys.secretKey}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as unknown;
}

const CONFIG = {
  name: "Language shop",
  categories: [{ id: "care", name: { en: "Skin care", ar: "العناية بالبشرة", fa: "مراقبت از پوست" } }],
  surveys: [
    {
      id: "skin",
      questions: [
        {
          id: "type",
          type: "single",
          prompt: { en: "Your skin type?", ar: "ما نوع بشرتك؟", fa: "نوع پوست شما؟" },
          options: [
            { id: "oily", label: { en: "Oily skin", ar: "بشرة دهنية", fa: "پوست چرب" }, tags: ["oily"] },
            { id: "dry", label: { en: "Dry skin", ar: "بشرة جافة", fa: "پوست خشک" }, tags: ["dry"] },
          ],
        },
      ],
    },
  ],
  content: { slots: [{ id: "hero", variants: [{ segment: null, headline: { en: "15% off for you", ar: "خصم 15٪ لك", fa: "۱۵٪ تخفیف برای شما" } }] }] },
};
const putConfig = (widget: Record<string, unknown> = {}) => call("/v1/site/config", "PUT", { ...CONFIG, allowedOrigins: [shopUrl], widget });

/** A fresh browser context (a new shopper) on the shop page in `lang`. */
async function visit(lang: string, context?: BrowserContext): Promise<Page> {
  const ctx = context ?? (await browser.newContext());
  if (!context) contexts.push(ctx);
  const p = await ctx.newPage();
  const seen = watchErrors(p);
  p.on("close", () => errors.push(...seen));
  await p.goto(`${shopUrl}/?lang=${lang}`);
  await ready(p);
  return p;
}
const ready = (p: Page) => p.evaluate(() => new Promise((r) => (window as unknown as { revisit: { on(t: string, f: (x: unknown) => void): void } }).revisit.on("ready", r)));

/** Everything the widget shows on the page, as text (its blocks only, not their stylesheets). */
const widgetText = (p: Page) =>
  p.evaluate(() =>
    Array.from(document.querySelectorAll("[data-revisit], [data-revisit-launcher]"))
      .map((el) => el.shadowRoot?.querySelector(".rv")?.textContent ?? "")
      .join("\n"),
  );
/** The numbering systems of the digits in a text. */
const systems = (s: string) => [...new Set([...s].flatMap((c) => (/[0-9]/.test(c) ? ["latn"] : /[٠-٩]/.test(c) ? ["arab"] : /[۰-۹]/.test(c) ? ["arabext"] : [])))].sort();
const toArab = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x660 + Number(d)));

beforeAll(async () => {
  shop = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }).end(page(url.searchParams.get("lang") || "en"));
  });
  await new Promise<void>((r) => shop.listen(0, "127.0.0.1", r));
  shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}`;
  const res = await fetch(`${api}/v1/admin/sites`, {
    method: "POST",
    headers: { Authorization: `Bearer ${ADMIN}`, "Content-Type": "application/json" },
    body: JSON.stringify({ id: SITE, name: "Language shop", allowedOrigins: [shopUrl] }),
  });
  expect(res.ok, await res.clone().text()).toBe(true);
  keys = (await res.json()) as typeof keys;
  await putConfig();
  const product = (id: string, title: unknown, tags: string[], price: number) => ({ id, title, url: `${shopUrl}/p/${id}`, image: null, price, currency: "USD", categories: ["care"], tags });
  await call("/v1/catalog/products", "PUT", {
    products: [
      product("gel", { en: "Oil-free gel", ar: "جل خالٍ من الزيوت", fa: "ژل بدون چربی" }, ["oily"], 18.5),
      product("toner", { en: "Clay toner 200 ml", ar: "تونر الطين 200 مل", fa: "تونر خاک رس ۲۰۰ میل" }, ["oily"], 12),
      product("balm", { en: "Rich balm", ar: "بلسم غني", fa: "بالم غنی" }, ["dry"], 24),
    ],
  });
  // Orders make the products popular, so every shopper gets recommendations (with prices to format).
  for (const [i, items] of [["gel", "toner"], ["balm"], ["gel"]].entries())
    await call("/v1/orders", "POST", {
      id: `lang-order-${i}`,
      customerId: `lang-buyer-${i}`,
      items: items.map((productId) => ({ productId, quantity: 1, price: 10 })),
      total: 10 * items.length,
      currency: "USD",
      createdAt: new Date(Date.now() - 86_400_000).toISOString(),
    });
  browser = await launch();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await new Promise((r) => shop?.close(r));
  expect(errors).toEqual([]);
});

describe("quiz answers and product names in the shopper's language", () => {
  for (const [lang, option, english] of [
    ["ar", "بشرة دهنية", "Oily skin"],
    ["fa", "پوست چرب", "Oily skin"],
  ] as const) {
    it(`${lang}: the reason quotes the answer as the quiz showed it, and the products are named in ${lang}`, async () => {
      const p = await visit(lang);
      const survey = p.getByTestId("revisit-survey");
      await expect.poll(() => survey.count()).toBe(1);
      await survey.getByText(option).click();
      await survey.locator('button[type="submit"]').click();
      const recs = p.getByTestId("revisit-rec");
      await expect.poll(async () => (await recs.allTextContents()).some((t) => t.includes(option)), { timeout: 15_000 }).toBe(true);
      const cards = await recs.allTextContents();
      expect(cards.join("\n")).not.toContain(english);
      expect(await survey.locator('button[type="submit"]').count()).toBe(0); // answered
      const why = await p.locator('[data-revisit="recommendations"]').evaluate((el) => Array.from(el.shadowRoot?.querySelectorAll('[data-reason="survey_match"] .why') ?? [], (n) => n.textContent));
      expect(why.length).toBeGreaterThan(0);
      for (const w of why) expect(w).toContain(option);
      expect(cards.join("\n")).toContain(lang === "ar" ? "جل خالٍ من الزيوت" : "ژل بدون چربی");
      expect(cards.join("\n")).not.toContain("Oil-free gel");
      await p.close();
    });
  }
});

describe("one numbering system per page", () => {
  it("uses the locale's digits everywhere, shop-written text included: ar-EG Arabic-Indic, plain ar Latin (CLDR), fa Persian", async () => {
    for (const [lang, want] of [
      ["ar-EG", "arab"],
      ["ar", "latn"],
      ["fa-IR", "arabext"],
    ] as const) {
      const p = await visit(lang);
      const hero = p.getByTestId("revisit-content-headline");
      await expect.poll(() => hero.count()).toBe(1);
      await expect.poll(() => p.getByTestId("revisit-rec").count(), { timeout: 20_000 }).toBeGreaterThan(0);
      const text = await widgetText(p);
      mkdirSync(SHOTS, { recursive: true });
      await p.screenshot({ path: `${SHOTS}/digits-${lang}.png`, fullPage: true });
      expect(systems(text), `${lang}: ${text}`).toEqual([want]);
      await p.close();
    }
  });

  it("follows the site's numberingSystem over the locale's default", async () => {
    await putConfig({ numberingSystem: "arab" });
    try {
      const p = await visit("ar");
      await expect.poll(() => p.getByTestId("revisit-content-headline").textContent()).toBe("خصم ١٥٪ لك");
      await expect.poll(() => p.getByTestId("revisit-rec").count(), { timeout: 20_000 }).toBeGreaterThan(0);
      expect(systems(await widgetText(p))).toEqual(["arab"]);
      await p.close();
    } finally {
      await putConfig();
    }
  });

  it("shows the demo shop's loyalty block in Arabic with one digit system (the punch card's own '6' and its stamp count)", async () => {
    const ctx = await browser.newContext();
    contexts.push(ctx);
    const p = await ctx.newPage();
    await p.goto(`${demoShop}/login`);
    await Promise.all([p.waitForURL((u) => !u.pathname.startsWith("/login")), p.getByTestId("login-as-cust-1001").click()]);
    await p.goto(`${demoShop}/?locale=ar`);
    const card = p.getByTestId("revisit-punch-card").first();
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    const text = await widgetText(p);
    mkdirSync(SHOTS, { recursive: true });
    await p.screenshot({ path: `${SHOTS}/demo-sara-ar.png`, fullPage: true });
    expect(systems(text), text).toHaveLength(1);
    await p.close();
  });
});

describe("dates in the region's calendar", () => {
  it("saved cart dates: Umm al-Qura for ar-SA, Gregorian for ar-EG, and the site's calendar over both", async () => {
    const ctx = await browser.newContext();
    contexts.push(ctx);
    const p = await visit("ar-SA", ctx);
    // The cart is reported, then the device forgets it as its live cart (as when the shop's cart was
    // emptied), so the saved-cart block has something to restore and shows its date.
    await p.evaluate(() => {
      (window as unknown as { revisit: { cart(i: unknown): boolean } }).revisit.cart([{ productId: "balm", quantity: 2 }]);
      localStorage.removeItem("revisit:c");
    });
    const saved = p.getByTestId("revisit-saved-cart");
    await expect
      .poll(
        async () => {
          await p.reload();
          await ready(p);
          return saved.count();
        },
        { timeout: 20_000 },
      )
      .toBe(1);
    const now = new Date();
    const hijriYear = new Intl.DateTimeFormat("en-u-ca-islamic-umalqura-nu-latn", { year: "numeric" }).formatToParts(now).find((x) => x.type === "year")?.value ?? "?";
    const gregorianYear = String(now.getUTCFullYear());
    const sa = (await saved.textContent()) ?? "";
    expect(sa).toContain(toArab(hijriYear));
    expect(sa).not.toContain(toArab(gregorianYear));
    expect(systems(await widgetText(p))).toEqual(["arab"]);

    await p.goto(`${shopUrl}/?lang=ar-EG`);
    await ready(p);
    await expect.poll(() => saved.count()).toBe(1);
    expect(await saved.textContent()).toContain(toArab(gregorianYear));

    await putConfig({ calendar: "gregory", numberingSystem: "latn" });
    try {
      await p.goto(`${shopUrl}/?lang=ar-SA`);
      await ready(p);
      await expect.poll(() => saved.count()).toBe(1);
      const text = (await saved.textContent()) ?? "";
      expect(text).toContain(gregorianYear);
      expect(text).not.toContain(hijriYear);
      expect(systems(await widgetText(p))).toEqual(["latn"]);
    } finally {
      await putConfig();
    }
  });
});
