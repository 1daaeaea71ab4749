import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch } from "./browser";

/**
 * Widget safety in Chromium (issue 6): hostile shop and shopper text renders as text, the widget
 * runs under a strict Content-Security-Policy, it never throws into the host page whatever the
 * API or the browser does, and consent mode stores and sends nothing before consent and erases
 * the visitor's profile when consent is withdrawn. Uses its own site (created through the admin
 * API of the e2e stack) and its own tiny shop page, so the demo shop is untouched.
 */
const api = inject("apiUrl");
const ADMIN = "admin_test_demo";
const SITE = "safety-shop";
const CUSTOMER = "safety-cust-1";

/** HTML/script payloads; each sets a global if it ever runs. */
const XSS = [
  `<img src=x onerror="window.__xss='img'">`,
  `<script>window.__xss='script'</script>`,
  `"><svg onload="window.__xss='svg'">`,
  `<a href="javascript:window.__xss='href'">x</a>`,
  `{{constructor.constructor('window.__xss=1')()}}`,
];

let browser: Browser;
let shop: Server;
let shopUrl: string;
let keys: { publishableKey: string; secretKey: string; identitySecret: string };
const contexts: BrowserContext[] = [];

const csp = () => `default-src 'self'; script-src 'self' ${api}; connect-src 'self' ${api}; img-src 'self' ${api} data:; style-src 'self'`;

function page(opts: { consent?: boolean; customer?: boolean }) {
  const hash = createHmac("sha256", keys.identitySecret).update(CUSTOMER).digest("hex");
  const attrs = [`src="${api}/widget.js"`, `data-site="${keys.publishableKey}"`, "async"];
  if (opts.consent) attrs.push(`data-consent="required"`);
  if (opts.customer) attrs.push(`data-customer="${CUSTOMER}"`, `data-customer-hash="${hash}"`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Safety shop</title><link rel="stylesheet" href="/shop.css"></head>
<body><h1>Safety shop</h1><button id="buy" type="button">Add to cart</button> <output id="count">0</output>
<div data-revisit="greeting"></div><div data-revisit="recommendations"></div><div data-revisit="survey"></div><div data-revisit="loyalty"></div>
<script src="/shop.js"></script><script ${attrs.join(" ")}></script></body></html>`;
}

const SHOP_JS = `document.getElementById('buy').addEventListener('click', function () { var o = document.getElementById('count'); o.textContent = String(Number(o.textContent) + 1); });`;

async function admin(path: string, method: string, body: unknown, auth: string) {
  const res = await fetch(`${api}${path}`, { method, headers: { Authorization: `Bearer ${auth}`, "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

beforeAll(async () => {
  shop = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const headers = { "Content-Security-Policy": csp(), "Cache-Control": "no-store" };
    if (url.pathname === "/shop.js") return res.writeHead(200, { ...headers, "Content-Type": "text/javascript" }).end(SHOP_JS);
    if (url.pathname === "/shop.css") return res.writeHead(200, { ...headers, "Content-Type": "text/css" }).end("body{font-family:sans-serif}");
    if (url.pathname === "/img.svg") return res.writeHead(200, { ...headers, "Content-Type": "image/svg+xml" }).end(`<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>`);
    res.writeHead(200, { ...headers, "Content-Type": "text/html; charset=utf-8" }).end(page({ consent: url.searchParams.has("consent"), customer: url.searchParams.has("customer") }));
  });
  await new Promise<void>((r) => shop.listen(0, "127.0.0.1", r));
  shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}`;

  const created = (await fetch(`${api}/v1/admin/sites`, {
    method: "POST",
    headers: { Authorization: `Bearer ${ADMIN}`, "Content-Type": "application/json" },
    body: JSON.stringify({ id: SITE, name: "Safety", allowedOrigins: [shopUrl] }),
  }).then((r) => r.json())) as typeof keys;
  keys = created;
  const label = (i: number) => ({ en: `${XSS[i % XSS.length]} option ${i}`, ar: `${XSS[i % XSS.length]} خيار`, fa: `${XSS[i % XSS.length]} گزینه` });
  await admin(
    "/v1/site/config",
    "PUT",
    {
      name: `<b>Safety</b>${XSS[0]}`,
      allowedOrigins: [shopUrl],
      categories: [{ id: "cat", name: { en: XSS[1]! } }],
      loyalty: {
        pointsPerUnit: 1,
        tierBasis: "points",
        tiers: [
          { id: "t1", name: { en: `${XSS[2]} Silver` }, threshold: 5 },
          { id: "t2", name: { en: `${XSS[0]} Gold` }, threshold: 1000 },
        ],
      },
      surveys: [
        {
          id: "quiz",
          questions: [
            {
              id: "q1",
              type: "single",
              prompt: { en: `${XSS[0]} ${XSS[1]} What is your skin?` },
              options: [
                { id: "a", label: label(0), tags: ["a"] },
                { id: "b", label: label(2), tags: ["b"] },
              ],
            },
          ],
        },
      ],
    },
    keys.secretKey,
  );
  const products = XSS.map((title, i) => ({
    id: `x-${i}`,
    title: `${title} Product ${i}`,
    url: `${shopUrl}/p/${i}`,
    image: `${shopUrl}/img.svg`,
    price: 10 + i,
    currency: "USD",
    categories: ["cat"],
    tags: ["a"],
  }));
  products.push({
    id: "x-js",
    title: "javascript url",
    url: "javascript:window.__xss='produrl'",
    image: "javascript:window.__xss='imgurl'",
    price: 1,
    currency: "USD",
    categories: ["cat"],
    tags: ["a"],
  } as never);
  const put = await fetch(`${api}/v1/catalog/products`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${keys.secretKey}`, "Content-Type": "application/json" },
    body: JSON.stringify({ products }),
  });
  // The catalog refuses javascript: URLs (the widget would neutralise them too: see the link check below).
  expect(put.status).toBe(400);
  await admin("/v1/catalog/products", "PUT", { products: products.filter((p) => p.id !== "x-js") }, keys.secretKey);
  await admin(
    "/v1/orders",
    "POST",
    {
      id: "safety-o1",
      customerId: CUSTOMER,
      items: products.slice(0, 3).map((p) => ({ productId: p.id, quantity: 1, price: p.price })),
      total: 33,
      currency: "USD",
      createdAt: new Date().toISOString(),
    },
    keys.secretKey,
  );
  await admin(`/v1/customers/${CUSTOMER}`, "PATCH", { firstName: `<img src=x onerror="window.__xss='name'">` }, keys.secretKey);
  browser = await launch();
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await new Promise((r) => shop?.close(r));
});

interface Watched {
  page: Page;
  pageErrors: string[];
}

async function open(path: string, setup?: (ctx: BrowserContext, page: Page) => Promise<unknown>): Promise<Watched> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  if (setup) await setup(context, page);
  await page.goto(`${shopUrl}${path}`);
  return { page, pageErrors };
}

/** The host page still works: its own script runs and its button responds. */
async function shopStillWorks(page: Page) {
  await page.click("#buy");
  await page.click("#buy");
  expect(await page.textContent("#count")).toBe("2");
}

const xssRan = (page: Page) => page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss ?? null);
const cspViolations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);

describe("hostile text renders as text under a strict CSP", () => {
  it("product titles, survey text, tier names and a shopper's first name", async () => {
    const { page, pageErrors } = await open("/?customer");
    const recs = page.getByTestId("revisit-rec");
    await expect.poll(() => recs.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const survey = page.getByTestId("revisit-survey");
    await expect.poll(() => survey.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId("revisit-greeting").getAttribute("data-kind")).toBe("known_customer");

    // The payloads are on screen as literal text...
    const recText = (await recs.allTextContents()).join(" ");
    expect(XSS.filter((x) => recText.includes(x)).length).toBeGreaterThan(0);
    expect(await survey.textContent()).toContain("<script>window.__xss='script'</script>");
    expect(await page.getByTestId("revisit-greeting").textContent()).toContain("<img src=x onerror=");
    // ...and nothing was parsed as markup inside the widget, nothing ran, nothing needed inline script.
    const injected = await page.evaluate(() => {
      const found: string[] = [];
      const walk = (root: Document | ShadowRoot) => {
        for (const el of root.querySelectorAll("*")) {
          if (el.shadowRoot) walk(el.shadowRoot);
          // The widget's own icon (the wishlist heart: one path, hidden from screen readers) is the one SVG it draws.
          const ownIcon =
            el.tagName.toUpperCase() === "SVG" && el.getAttribute("aria-hidden") === "true" && [...el.children].every((c) => c.tagName === "path" && c.getAttributeNames().join() === "d");
          if (["SCRIPT", "SVG", "IFRAME", "OBJECT", "EMBED"].includes(el.tagName.toUpperCase()) && !ownIcon && el.closest("[data-revisit]") === null && root !== document) found.push(el.tagName);
          for (const a of el.getAttributeNames()) if (/^on/i.test(a)) found.push(`${el.tagName}[${a}]`);
          for (const a of ["href", "src"]) if ((el.getAttribute(a) ?? "").trim().toLowerCase().startsWith("javascript:")) found.push(`${el.tagName}[${a}=javascript:]`);
        }
      };
      walk(document);
      return found;
    });
    expect(injected).toEqual([]);
    // Clicking every recommendation link must not run a javascript: URL either.
    expect(await xssRan(page)).toBeNull();
    expect(await cspViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await shopStillWorks(page);
  });
});

describe("the widget never throws into the host page", () => {
  const cases: [string, (ctx: BrowserContext, page: Page) => Promise<unknown>][] = [
    ["the API answers 500", (_c, p) => p.route(`${api}/v1/**`, (r) => r.fulfill({ status: 500, contentType: "application/json", body: '{"error":{"code":"internal_error","message":"boom"}}' }))],
    ["the API answers garbage", (_c, p) => p.route(`${api}/v1/**`, (r) => r.fulfill({ status: 200, contentType: "application/json", body: "<html>not json" }))],
    [
      "the API answers JSON of the wrong shape",
      (_c, p) => p.route(`${api}/v1/**`, (r) => r.fulfill({ status: 200, contentType: "application/json", body: '{"visitor":null,"greeting":42,"recommendations":"x","survey":{"questions":7}}' })),
    ],
    ["the API hangs up", (_c, p) => p.route(`${api}/v1/**`, (r) => r.abort("connectionreset"))],
    ["the network is offline", (_c, p) => p.route(`${api}/**`, (r) => (r.request().url().includes("/widget.js") ? r.continue() : r.abort("internetdisconnected")))],
    [
      "the UI block fails to load",
      (_c, p) =>
        p.route(
          (u) => u.href.startsWith(api) && !u.pathname.startsWith("/v1/") && !u.pathname.startsWith("/widget"),
          (r) => r.abort("failed"),
        ),
    ],
    ["the widget script fails to load", (_c, p) => p.route(`${api}/widget.js`, (r) => r.abort("failed"))],
    [
      "storage is blocked",
      (_c, p) =>
        p.addInitScript(() => {
          const deny = () => {
            throw new DOMException("The operation is insecure.", "SecurityError");
          };
          Object.defineProperty(window, "localStorage", { get: deny, configurable: true });
          Object.defineProperty(window, "sessionStorage", { get: deny, configurable: true });
          Object.defineProperty(Document.prototype, "cookie", { get: deny, set: deny, configurable: true });
        }),
    ],
  ];

  it.each(cases)("when %s", async (_name, setup) => {
    const { page, pageErrors } = await open("/", setup);
    await page.waitForLoadState("load");
    await page.waitForTimeout(1500);
    // The public API is callable with nonsense and still does not throw.
    await page.evaluate(async () => {
      const r = (window as unknown as { revisit?: Record<string, (...a: unknown[]) => unknown> }).revisit;
      if (!r) return;
      r.track?.(null);
      r.track?.("product_view", { productId: { toString: null } });
      r.cart?.("not a cart");
      r.cart?.([{ productId: "<b>", quantity: 1e9 }]);
      await r.identify?.({});
      r.on?.("nope", 42);
      await r.refresh?.();
    });
    await page.waitForTimeout(500);
    expect(pageErrors).toEqual([]);
    await shopStillWorks(page);
  });

  it("when the browser goes offline after load and comes back", async () => {
    const { page, pageErrors } = await open("/");
    await expect.poll(() => page.getByTestId("revisit-greeting").getAttribute("data-kind"), { timeout: 15_000 }).not.toBeNull();
    await page.context().setOffline(true);
    await page.evaluate(async () => {
      const r = (window as unknown as { revisit: { track(t: string, d: unknown): void; refresh(): Promise<void> } }).revisit;
      r.track("product_view", { productId: "x-1" });
      await r.refresh();
    });
    await page.waitForTimeout(500);
    await page.context().setOffline(false);
    await page.waitForTimeout(500);
    expect(pageErrors).toEqual([]);
    await shopStillWorks(page);
  });
});

describe("consent mode", () => {
  it("stores and sends nothing before consent; withdrawing it stops tracking and erases the visitor profile", async () => {
    const apiRequests: string[] = [];
    const { page, pageErrors } = await open("/?consent", async (_c, p) => {
      p.on("request", (r) => {
        const u = new URL(r.url());
        if (r.url().startsWith(api) && u.pathname.startsWith("/v1/")) apiRequests.push(`${r.method()} ${u.pathname}`);
      });
    });
    await page.waitForLoadState("load");
    await page.evaluate(() => (window as unknown as { revisit: { track(t: string, d: unknown): void; cart(i: unknown): void } }).revisit.track("product_view", { productId: "x-1" }));
    await page.waitForTimeout(1500);
    const stored = () => page.evaluate(() => ({ local: Object.keys(localStorage).filter((k) => k.startsWith("revisit")), cookie: document.cookie }));
    expect(apiRequests).toEqual([]);
    expect(await stored()).toEqual({ local: [], cookie: "" });

    // Consent given: the widget starts, and the event tracked before consent is sent now.
    const flushed = page.waitForResponse((r) => r.url().startsWith(`${api}/v1/events`) && r.status() === 202);
    await page.evaluate(() => (window as unknown as { revisit: { consent(g: boolean): void } }).revisit.consent(true));
    await flushed;
    await expect.poll(() => page.getByTestId("revisit-greeting").getAttribute("data-kind"), { timeout: 15_000 }).not.toBeNull();
    const vid = await page.evaluate(() => localStorage.getItem("revisit:vid"));
    expect(vid).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    const cartSent = page.waitForResponse((r) => r.url().startsWith(`${api}/v1/events`) && r.status() === 202);
    await page.evaluate(() => (window as unknown as { revisit: { cart(i: unknown): void } }).revisit.cart([{ productId: "x-2", quantity: 2 }]));
    await cartSent;

    const serverView = async () => {
      const res = await fetch(`${api}/v1/experience`, { headers: { "X-Revisit-Key": keys.publishableKey, "X-Revisit-Visitor": vid! } });
      return (await res.json()) as { visitor: { visits: number }; savedCart: { items: { productId: string }[] } | null };
    };
    const held = await serverView();
    expect(held.savedCart?.items.map((i) => i.productId)).toEqual(["x-2"]);

    // Withdrawn: DELETE /v1/visitor, device data gone, and nothing is sent any more.
    const erased = page.waitForResponse((r) => r.url() === `${api}/v1/visitor` && r.request().method() === "DELETE");
    await page.evaluate(() => (window as unknown as { revisit: { consent(g: boolean): void } }).revisit.consent(false));
    expect((await erased).status()).toBe(200);
    expect(await stored()).toEqual({ local: [], cookie: "" });
    const before = apiRequests.length;
    await page.evaluate(() => {
      const r = (window as unknown as { revisit: { track(t: string, d: unknown): void; cart(i: unknown): void } }).revisit;
      r.track("product_view", { productId: "x-3" });
      r.cart([{ productId: "x-4", quantity: 1 }]);
    });
    await page.waitForTimeout(1500);
    expect(apiRequests.slice(before)).toEqual([]);

    // Server side, the visitor's profile is gone: the same id now looks brand new.
    const after = await serverView();
    expect(after.savedCart).toBeNull();
    expect(after.visitor.visits).toBe(1);
    expect(pageErrors).toEqual([]);
    await shopStillWorks(page);
  });
});
