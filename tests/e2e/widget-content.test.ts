import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { clsOf, launch, recordCls, watchErrors } from "./browser";

/**
 * Content slots and offers in Chromium (issue 5) against the real stack: a
 * `data-revisit="content:<slot>"` placeholder shows the shop's content for the shopper (headline,
 * message, image with alt, link; shop text as text, never markup), an empty slot takes no space
 * and moves nothing (CLS 0), and a verified customer in their birthday window sees the offer's
 * own code (with Copy and "Valid until …" in their calendar) in the slot and in the `offers`
 * block. An anonymous shopper never downloads the extras chunk. Own site and shop page.
 */
const api = inject("apiUrl");
const ADMIN = "admin_test_demo";
const SITE = "content-shop";
const CUSTOMER = "content-cust-1";
const HOSTILE = `<img src=x onerror="window.__xss=1">`;

let browser: Browser;
let shop: Server;
let shopUrl: string;
let keys: { publishableKey: string; secretKey: string; identitySecret: string };
const contexts: BrowserContext[] = [];
const errors: string[] = [];

/**
 * The empty slot sits at the top with text under it (so a shift would show in CLS); the hero and
 * the offers block are at the end of the page, where growing moves nothing.
 */
function page(locale: string, customer: boolean) {
  const attrs = [`src="${api}/widget.js"`, `data-site="${keys.publishableKey}"`, "async"];
  if (customer) attrs.push(`data-customer="${CUSTOMER}"`, `data-customer-hash="${createHmac("sha256", keys.identitySecret).update(CUSTOMER).digest("hex")}"`);
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>Content shop</title></head>
<body style="margin:0;font:16px/1.5 sans-serif"><div data-revisit="content:nothing-here"></div><p id="below">Text under an empty slot.</p>
<div style="height:300px">Catalogue</div><div data-revisit="content:hero"></div><div data-revisit="offers"></div>
<script ${attrs.join(" ")}></script></body></html>`;
}

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

/** A fresh browser context on the shop page; records which widget files it fetched and the CLS. */
async function visit(opts: { locale?: string; customer?: boolean; clipboard?: boolean } = {}) {
  const context = await browser.newContext(opts.clipboard ? { permissions: ["clipboard-read", "clipboard-write"] } : {});
  contexts.push(context);
  await recordCls(context);
  const p = await context.newPage();
  const seen = watchErrors(p);
  p.on("close", () => errors.push(...seen));
  const files: string[] = [];
  p.on("request", (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith("/w/")) files.push(u.pathname.replace(/^\/w\/|\.[0-9A-Za-z]+\.js$/g, ""));
  });
  await p.goto(`${shopUrl}/?locale=${opts.locale ?? "en"}${opts.customer ? "&customer" : ""}`);
  await p.waitForFunction(() => "revisit" in window);
  await p.evaluate(() => new Promise((r) => (window as unknown as { revisit: { on(t: string, f: (x: unknown) => void): void } }).revisit.on("ready", r)));
  return { p, files, slot: p.getByTestId("revisit-content") };
}

const cls = clsOf;
const today = new Date();
const birthday = `1990-${String(today.getUTCMonth() + 1).padStart(2, "0")}-${String(Math.min(today.getUTCDate(), 28)).padStart(2, "0")}`;

beforeAll(async () => {
  shop = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/hero.svg")
      return res.writeHead(200, { "Content-Type": "image/svg+xml" }).end(`<svg xmlns="http://www.w3.org/2000/svg" width="600" height="200"><rect width="600" height="200" fill="#c9a"/></svg>`);
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }).end(page(url.searchParams.get("locale") || "en", url.searchParams.has("customer")));
  });
  await new Promise<void>((r) => shop.listen(0, "127.0.0.1", r));
  shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}`;
  const res = await fetch(`${api}/v1/admin/sites`, {
    method: "POST",
    headers: { Authorization: `Bearer ${ADMIN}`, "Content-Type": "application/json" },
    body: JSON.stringify({ id: SITE, name: "Content shop", allowedOrigins: [shopUrl] }),
  });
  expect(res.ok, await res.clone().text()).toBe(true);
  keys = (await res.json()) as typeof keys;
  await call("/v1/site/config", "PUT", {
    name: "Content shop",
    allowedOrigins: [shopUrl],
    offers: [
      {
        id: "bday",
        kind: "birthday",
        title: { en: "Happy birthday!", fa: "تولدتان مبارک!" },
        message: { en: `A gift from us ${HOSTILE}` },
        discount: { type: "percent", value: 15 },
        windowDays: 7,
        validDays: 10,
      },
    ],
    content: {
      slots: [
        {
          id: "hero",
          variants: [
            {
              segment: null,
              headline: { en: `Spring is here <b>now</b>`, fa: "بهار آمد" },
              message: { en: `New teas every week ${HOSTILE}`, fa: "چای‌های تازه هر هفته" },
              image: { url: `${shopUrl}/hero.svg`, alt: { en: "Teacups on a table", fa: "فنجان‌های چای" } },
              link: { url: `${shopUrl}/spring`, label: { en: "Shop spring", fa: "خرید بهاری" } },
              offer: "bday",
            },
          ],
        },
      ],
    },
  });
  await call("/v1/offers/bday/codes", "PUT", { codes: ["BDAY-0001", "BDAY-0002"] });
  await call("/v1/orders", "POST", {
    id: "content-order-1",
    customerId: CUSTOMER,
    items: [{ productId: "p-1", quantity: 1, price: 20 }],
    total: 20,
    currency: "USD",
    createdAt: new Date(Date.now() - 30 * 86_400_000).toISOString(),
  });
  await call(`/v1/customers/${CUSTOMER}`, "PATCH", { birthday });
  browser = await launch();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await new Promise((r) => shop?.close(r));
});

describe("content slots", () => {
  it("renders the slot's headline, message, image with alt and link as text; an empty slot takes no space and nothing moves", async () => {
    const { p, files, slot } = await visit();
    await expect.poll(() => slot.count()).toBe(1);
    expect(await slot.getAttribute("data-slot")).toBe("hero");
    expect(await slot.getByTestId("revisit-content-headline").textContent()).toBe("Spring is here <b>now</b>");
    expect(await slot.getByTestId("revisit-content-message").textContent()).toBe(`New teas every week ${HOSTILE}`);
    expect(await slot.locator("b").count()).toBe(0);
    expect(await slot.getByRole("img", { name: "Teacups on a table" }).getAttribute("src")).toBe(`${shopUrl}/hero.svg`);
    expect(await slot.getByRole("link", { name: "Shop spring" }).getAttribute("href")).toBe(`${shopUrl}/spring`);
    // An anonymous shopper gets no offer: no code in the slot, no offers block, no extras chunk.
    expect(await p.getByTestId("revisit-offer").count()).toBe(0);
    expect(await p.getByTestId("revisit-offers").count()).toBe(0);
    expect(files.sort()).toEqual(["core", "ui"]);
    // The slot with no content for this shopper is empty and zero-height; the text under it never moved.
    const empty = p.locator('[data-revisit="content:nothing-here"]');
    expect(await empty.evaluate((el) => [(el as HTMLElement).offsetHeight, el.shadowRoot?.textContent ?? "none"])).toEqual([0, ""]);
    await p.waitForTimeout(300);
    expect(await cls(p)).toBe(0);
    expect(await p.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  });
});

describe("offers", () => {
  it("shows a verified customer's own birthday code once, in the offers block (the slot points to it), with Copy and the expiry", async () => {
    const { p, files, slot } = await visit({ customer: true, clipboard: true });
    await expect.poll(() => slot.getByTestId("revisit-offer").count()).toBe(1);
    expect(files).toContain("extras");
    // The slot's own headline sells the offer: its card repeats neither the title nor the discount
    // nor the code, and points to the offers block, where the code is (one code per page).
    const inSlot = slot.getByTestId("revisit-offer");
    expect(await inSlot.getAttribute("data-kind")).toBe("birthday");
    expect(await inSlot.getByText("Happy birthday!").count()).toBe(0);
    expect(await inSlot.getByText("15% off").count()).toBe(0);
    expect(await inSlot.getByRole("textbox").count()).toBe(0);
    const pointer = inSlot.getByRole("button", { name: "See your code" });

    // The offers block lists the offer and its code; shop text stays text there too.
    const block = p.getByTestId("revisit-offers");
    await expect.poll(() => block.count()).toBe(1);
    expect(await block.getByRole("heading", { name: "Your offers" }).count()).toBe(1);
    expect(await block.getByTestId("revisit-offer").getByRole("heading", { name: "Happy birthday!" }).count()).toBe(1);
    expect(await block.getByText(`A gift from us ${HOSTILE}`).count()).toBe(1);
    const field = block.getByRole("textbox", { name: "Your code" });
    const code = await field.inputValue();
    expect(code).toMatch(/^BDAY-000[12]$/);
    expect(await block.getByTestId("revisit-offer-expiry").textContent()).toMatch(/^Valid until [A-Z][a-z]{2} \d{1,2}, \d{4}$/);
    expect(await p.getByRole("textbox", { name: "Your code" }).count()).toBe(1);
    await pointer.click();
    await expect.poll(() => field.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    await block.getByRole("button", { name: "Copy" }).click();
    await expect.poll(() => block.getByRole("status").first().textContent()).toBe("Copied!");
    expect(await p.evaluate(() => navigator.clipboard.readText())).toBe(code);

    // The same shopper on another page load keeps the same code (issued once per occasion).
    await p.reload();
    await expect
      .poll(() =>
        p
          .getByTestId("revisit-offers")
          .getByRole("textbox", { name: "Your code" })
          .inputValue()
          .catch(() => ""),
      )
      .toBe(code);
    expect(await p.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  });

  it("says 'Valid until' in Persian with the Solar Hijri calendar and Persian digits, right-to-left", async () => {
    const { p, slot } = await visit({ customer: true, locale: "fa" });
    await expect.poll(() => slot.getByTestId("revisit-offer").count()).toBe(1);
    expect(await p.locator('[data-revisit="content:hero"]').getAttribute("dir")).toBe("rtl");
    expect(await slot.getByTestId("revisit-content-headline").textContent()).toBe("بهار آمد");
    const block = p.getByTestId("revisit-offers");
    await expect.poll(() => block.count()).toBe(1);
    expect(await block.getByText("تولدتان مبارک!").count()).toBe(1);
    const expiry = (await block.getByTestId("revisit-offer-expiry").textContent()) ?? "";
    expect(expiry).toMatch(/^معتبر تا /);
    expect(expiry).toMatch(/[۰-۹]/);
    expect(expiry).not.toMatch(/[0-9]/);
    expect(await block.getByText(/۱۵٪ تخفیف/).count()).toBe(1);
  });
});

describe("the content pages", () => {
  it("produced no console errors and no uncaught page errors", () => {
    expect(errors).toEqual([]);
  });
});
