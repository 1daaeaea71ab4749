import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { catalogForApi } from "../../demo/server.mjs";
import { launch, watchErrors } from "./browser";

/**
 * Save for later in the demo shop, as a shopper does it: two browser contexts are two devices of
 * one logged-in customer. A heart on device A, the "Saved for later" block on device B after login,
 * Remove on B gone from A; then the shop lowers a saved product's price (PUT /v1/catalog/products
 * with the demo secret key): the shopper sees "Price dropped from … to …" and the shop's receiver
 * gets a `wishlist.price_drop` webhook it verifies with the standardwebhooks package.
 */
const api = inject("apiUrl");
const shop = inject("shopUrl");
const auth = { Authorization: "Bearer sk_test_demo", "Content-Type": "application/json" };
const SECRET = "whsec_ZGVtby13ZWJob29rLXNlY3JldA==";
const customer = `e2e-wish-${Date.now()}`;

let browser: Browser;
const contexts: BrowserContext[] = [];
const errors: string[] = [];
const hooks: { type: string; data: Record<string, unknown> }[] = [];
const hookErrors: string[] = [];
let receiver: Server;
let original: Record<string, unknown>;

/** A fresh device (browser context) with one page, watched for console errors. */
async function device(viewport = { width: 1280, height: 800 }): Promise<Page> {
  const c = await browser.newContext({ viewport });
  contexts.push(c);
  const page = await c.newPage();
  const seen = watchErrors(page);
  page.on("close", () => errors.push(...seen));
  return page;
}

/** Logs in through the demo's own login form as the test's customer (the demo signs the identity). */
async function logIn(page: Page, to = "/") {
  await page.goto(`${shop}/login?return=${encodeURIComponent(to)}`);
  await page.getByTestId("login-id").fill(customer);
  await page.getByTestId("login-first-name").fill("Wish");
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.getByTestId("login-submit").click()]);
}

const savedIds = (page: Page) => page.getByTestId("revisit-saved-item").evaluateAll((els) => els.map((e) => e.getAttribute("data-product-id")));

beforeAll(async () => {
  browser = await launch();
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      try {
        hooks.push(new Webhook(SECRET).verify(body, req.headers as Record<string, string>) as (typeof hooks)[number]);
      } catch (e) {
        hookErrors.push(String(e));
      }
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  original = (await (await fetch(`${api}/v1/site/config`, { headers: auth })).json()) as Record<string, unknown>;
  const put = await fetch(`${api}/v1/site/config`, { method: "PUT", headers: auth, body: JSON.stringify({ ...original, webhooks: [{ url, events: ["wishlist.price_drop"] }] }) });
  expect(put.status, await put.clone().text()).toBe(200);
});

afterAll(async () => {
  if (original) await fetch(`${api}/v1/site/config`, { method: "PUT", headers: auth, body: JSON.stringify(original) });
  const product = catalogForApi(shop).find((p) => p.id === "p-earl-grey");
  if (product) await fetch(`${api}/v1/catalog/products`, { method: "PUT", headers: auth, body: JSON.stringify({ products: [product] }) });
  for (const c of contexts) await c.close();
  await browser?.close();
  await new Promise((r) => receiver?.close(r));
});

describe("save for later across two devices", () => {
  it("a heart on device A shows in the saved block on device B; Remove on B is gone on A", async () => {
    const a = await device();
    await logIn(a);
    const first = a.getByTestId("revisit-rec").first();
    await expect.poll(() => first.count(), { timeout: 15_000 }).toBe(1);
    const id = (await first.getAttribute("data-product-id")) as string;
    const title = (await first.locator(".ttl").textContent()) as string;
    // A real toggle button named after the product, not pressed yet.
    const heart = first.getByRole("button", { name: `Save ${title} for later` });
    await expect.poll(() => heart.getAttribute("aria-pressed"), { timeout: 10_000 }).toBe("false");
    const saved = a.waitForResponse((r) => r.url().endsWith("/v1/saved") && r.request().method() === "POST");
    await heart.click();
    expect(await heart.getAttribute("aria-pressed")).toBe("true"); // at once (optimistic)
    expect((await saved).status()).toBe(201);

    const b = await device({ width: 390, height: 844 });
    await logIn(b);
    await expect.poll(() => savedIds(b), { timeout: 15_000 }).toEqual([id]);
    const item = b.getByTestId("revisit-saved-item").first();
    expect(await item.locator("a").textContent()).toBe(title);
    const removed = b.waitForResponse((r) => r.url().includes(`/v1/saved/${id}`) && r.request().method() === "DELETE");
    await item.getByRole("button", { name: `Remove ${title}` }).click();
    expect((await removed).status()).toBe(200);
    await expect.poll(() => b.getByTestId("revisit-saved-item").count()).toBe(0);

    await a.reload();
    await expect.poll(() => a.getByTestId("revisit-rec").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const again = a.locator(`[data-testid="revisit-rec"][data-product-id="${id}"] [data-testid="revisit-heart"]`);
    await expect.poll(() => again.getAttribute("aria-pressed"), { timeout: 10_000 }).toBe("false");
    expect(await a.getByTestId("revisit-saved-item").count()).toBe(0);
  });

  it("revisit.save on the shop's product page, then a lower catalog price: a news line and a signed webhook", async () => {
    const b = await device();
    await logIn(b, "/products/p-earl-grey");
    const button = b.getByTestId("save-product");
    const saved = b.waitForResponse((r) => r.url().endsWith("/v1/saved") && r.request().method() === "POST");
    await button.click();
    expect((await saved).status()).toBeLessThan(300);
    await expect.poll(() => savedIds(b), { timeout: 15_000 }).toEqual(["p-earl-grey"]);
    expect(await button.getAttribute("aria-pressed")).toBe("true");

    const product = catalogForApi(shop).find((p) => p.id === "p-earl-grey")!;
    const lower = { ...product, price: product.price - 4 };
    const put = await fetch(`${api}/v1/catalog/products`, { method: "PUT", headers: auth, body: JSON.stringify({ products: [lower] }) });
    expect(put.status, await put.clone().text()).toBe(200);

    const end = Date.now() + 40_000;
    while (!hooks.some((h) => h.data.customerId === customer) && Date.now() < end) await new Promise((r) => setTimeout(r, 250));
    expect(hookErrors).toEqual([]);
    expect(hooks.find((h) => h.data.customerId === customer)).toMatchObject({
      type: "wishlist.price_drop",
      data: { customerId: customer, productId: "p-earl-grey", price: lower.price, previousPrice: product.price },
    });

    await b.goto(`${shop}/`);
    const news = b.getByTestId("revisit-saved-news");
    await expect.poll(() => news.textContent(), { timeout: 15_000 }).toBe(`Price dropped from $${product.price.toFixed(2)} to $${lower.price.toFixed(2)}`);

    // revisit.unsave removes it with a DELETE and answers true; the block follows the server's list.
    const removed = b.waitForResponse((r) => r.url().endsWith("/v1/saved/p-earl-grey") && r.request().method() === "DELETE");
    expect(await b.evaluate(() => (window as unknown as { revisit: { unsave(id: string): Promise<boolean> } }).revisit.unsave("p-earl-grey"))).toBe(true);
    expect((await removed).status()).toBe(200);
    await expect.poll(() => savedIds(b), { timeout: 15_000 }).toEqual([]);
    expect(errors).toEqual([]);
  });
});
