import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { SiteConfig } from "../../worker/features/site/site-config.schemas";
import { launch, watchErrors } from "./browser";

const api = inject("apiUrl");
const shop = inject("shopUrl");
const secret = { Authorization: "Bearer sk_test_demo", "Content-Type": "application/json" };
const POOL = /^DEMO5-\d{4}$/;

let browser: Browser;
const contexts: BrowserContext[] = [];
const errors: string[] = [];

/** A page in a fresh context; `expected` matches console lines a test provokes on purpose (Chromium logs every 4xx). */
async function newPage(options: Parameters<Browser["newContext"]>[0] = {}, expected?: RegExp): Promise<Page> {
  const context = await browser.newContext(options);
  contexts.push(context);
  const page = await context.newPage();
  const seen = watchErrors(page);
  page.on("close", () => errors.push(...seen.filter((e) => !expected?.test(e))));
  return page;
}

/** Logs in through the demo's own login page as Sara (cust-1001), who has points from the seed orders. */
async function loginAsSara(page: Page) {
  await page.goto(`${shop}/login`);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.getByTestId("login-as-cust-1001").click()]);
}

const points = async (page: Page) => Number(await page.getByTestId("revisit-points").first().getAttribute("data-points"));

/**
 * The demo seed (scripts/lib/demo-shop.mjs) defines the `five-off` reward (100 points, codes
 * DEMO5-0001…) and the `tea-card` punch card. If a seed without them is running, add them here
 * through the real API, keeping everything else in the config.
 */
async function ensureProgram() {
  const config = (await (await fetch(`${api}/v1/site/config`, { headers: secret })).json()) as SiteConfig;
  const loyalty = config.loyalty ?? {};
  const rewards: { id: string }[] = loyalty.rewards ?? [];
  const cards: { id: string }[] = loyalty.punchCards ?? [];
  if (rewards.some((r) => r.id === "five-off") && cards.some((c) => c.id === "tea-card")) return;
  const next = {
    ...config,
    loyalty: {
      ...loyalty,
      rewards: rewards.some((r) => r.id === "five-off") ? rewards : [...rewards, { id: "five-off", name: { en: "$5 off your next order" }, cost: 100, discount: { type: "fixed", value: 5 } }],
      punchCards: cards.some((c) => c.id === "tea-card") ? cards : [...cards, { id: "tea-card", name: { en: "Tea card" }, categories: ["tea"], required: 6 }],
    },
  };
  const put = await fetch(`${api}/v1/site/config`, { method: "PUT", headers: secret, body: JSON.stringify(next) });
  expect(put.status).toBe(200);
  const codes = Array.from({ length: 20 }, (_, i) => `DEMO5-${String(i + 1).padStart(4, "0")}`);
  const pool = await fetch(`${api}/v1/loyalty/rewards/five-off/codes`, { method: "PUT", headers: secret, body: JSON.stringify({ codes }) });
  expect(pool.status).toBe(200);
}

/**
 * Other files share the demo stack and may have spent Sara's points (widget-blocks redeems too):
 * the shop adds what she needs for two redemptions, so this file does not depend on the order files run in.
 */
async function ensurePoints(customerId: string, atLeast: number) {
  const got = (await (await fetch(`${api}/v1/customers/${customerId}`, { headers: secret })).json()) as { loyalty?: { points: number } };
  const missing = atLeast - (got.loyalty?.points ?? 0);
  if (missing <= 0) return;
  const res = await fetch(`${api}/v1/customers/${customerId}/points`, {
    method: "POST",
    headers: { ...secret, "Idempotency-Key": `loyalty-widget-${crypto.randomUUID()}` },
    body: JSON.stringify({ points: missing, reason: "Test set-up: enough points to redeem" }),
  });
  expect(res.status).toBe(201);
}

beforeAll(async () => {
  browser = await launch();
  await ensureProgram();
  await ensurePoints("cust-1001", 200);
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

describe("loyalty and referral blocks in the demo shop", () => {
  it("shows the balance, redeems a reward by keyboard, reveals and copies the code, and updates the balance", async () => {
    const page = await newPage({ permissions: ["clipboard-read", "clipboard-write"] });
    await loginAsSara(page);
    await page.goto(`${shop}/`);
    const loyalty = page.getByTestId("revisit-loyalty");
    await expect.poll(() => loyalty.count()).toBe(1);
    const before = await points(page);
    expect(before).toBeGreaterThanOrEqual(100);
    expect(await page.getByTestId("revisit-points").textContent()).toBe(`${new Intl.NumberFormat("en").format(before)} points`);

    // Progress bar with accessible values, and the punch card as stamps with a text equivalent.
    const bar = loyalty.getByRole("progressbar");
    expect(Number(await bar.getAttribute("aria-valuenow"))).toBeGreaterThanOrEqual(0);
    expect(await bar.getAttribute("aria-valuetext")).toMatch(/points? to /);
    expect(await loyalty.getByTestId("revisit-punch-card").first().textContent()).toMatch(/\d+ of 6 stamps/);

    // Redeem with the keyboard: focus the button and press Enter; the question comes first and
    // nothing is spent until Confirm (focus moves to it, Enter again).
    const reward = loyalty.locator('[data-reward-id="five-off"]');
    const redeem = reward.getByRole("button", { name: "Redeem" });
    expect(await redeem.isEnabled()).toBe(true);
    const sent: string[] = [];
    page.on("request", (r) => r.url().includes("/redeem") && sent.push(r.url()));
    await redeem.focus();
    await page.keyboard.press("Enter");
    const ask = reward.getByTestId("revisit-redeem-confirm");
    await ask.waitFor();
    expect(await ask.textContent()).toMatch(/^Spend 100 points for /);
    expect(sent).toEqual([]);
    const answered = page.waitForResponse((r) => r.url().includes("/v1/loyalty/rewards/five-off/redeem") && r.request().method() === "POST");
    expect(await reward.getByRole("button", { name: "Confirm" }).evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    await page.keyboard.press("Enter");
    const res = await answered;
    expect(res.status()).toBe(201);
    expect((await res.request().headerValue("idempotency-key")) ?? "").toMatch(/^[A-Za-z0-9_-]{16,64}$/);

    const field = reward.getByTestId("revisit-code").locator("input");
    await expect.poll(() => field.inputValue()).toMatch(POOL);
    const code = await field.inputValue();
    // Focus moved to the revealed code (inside the shadow root), and the code was announced.
    expect(await field.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    expect(await loyalty.locator('p[role="status"]').last().textContent()).toContain(code);

    // The experience was re-fetched: balance down by the reward's cost, the code under "Your codes".
    await expect.poll(() => points(page)).toBe(before - 100);
    await expect.poll(() => loyalty.getByTestId("revisit-codes").textContent()).toContain(code);

    // Copy puts the code on the clipboard and says so.
    await reward.getByTestId("revisit-code").getByRole("button", { name: "Copy" }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(code);
    await expect.poll(() => reward.getByTestId("revisit-code").getByRole("status").textContent()).toBe("Copied!");
    await page.close();
  });

  it("shows the referral link and progress; Copy uses the clipboard", async () => {
    const page = await newPage({ permissions: ["clipboard-read", "clipboard-write"] });
    await loginAsSara(page);
    await page.goto(`${shop}/`);
    const ref = page.getByTestId("revisit-referral");
    await expect.poll(() => ref.count()).toBe(1);
    const link = ref.getByTestId("revisit-referral-link").locator("input");
    const url = await link.inputValue();
    expect(url).toMatch(/[?&]rv_ref=[A-Z0-9]{6,20}$/);
    expect(await link.getAttribute("readonly")).not.toBeNull();
    expect(await ref.getByTestId("revisit-referral-progress").textContent()).toMatch(/^\d+ friends? joined, \d+ ordered$/);
    await ref.getByRole("button", { name: "Copy" }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(url);

    // A page without placeholders: the launcher panel carries the loyalty block with the referral part.
    await page.goto(`${shop}/category/tea`);
    await page.getByTestId("revisit-launcher").click();
    const panel = page.getByTestId("revisit-panel");
    await expect.poll(() => panel.getByTestId("revisit-loyalty").count()).toBe(1);
    expect(await panel.getByTestId("revisit-referral-link").locator("input").inputValue()).toBe(url);
    await page.close();
  });

  it("falls back to selecting the text when the clipboard is refused", async () => {
    const page = await newPage();
    await page.addInitScript(() => {
      Object.defineProperty(navigator, "clipboard", { value: { writeText: () => Promise.reject(new DOMException("denied", "NotAllowedError")) } });
    });
    await loginAsSara(page);
    await page.goto(`${shop}/`);
    const ref = page.getByTestId("revisit-referral-link");
    await expect.poll(() => ref.count()).toBe(1);
    await ref.getByRole("button", { name: "Copy" }).click();
    await expect.poll(() => ref.getByRole("status").textContent()).toMatch(/Ctrl\+C/);
    const input = ref.locator("input");
    const selected = await input.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd, el.value.length, (el.getRootNode() as ShadowRoot).activeElement === el]);
    expect(selected).toEqual([0, selected[2], selected[2], true]);
    await page.close();
  });

  it("sends a referral visit once for a ?rv_ref= landing", async () => {
    const sara = await newPage();
    await loginAsSara(sara);
    await sara.goto(`${shop}/`);
    const link = sara.getByTestId("revisit-referral-link").locator("input");
    await expect.poll(() => link.count()).toBe(1);
    const code = new URL(await link.inputValue()).searchParams.get("rv_ref")!;
    await sara.close();

    const friend = await newPage();
    const posts: string[] = [];
    friend.on("request", (r) => {
      if (r.url() === `${api}/v1/referrals/visits` && r.method() === "POST") posts.push(r.postData() ?? "");
    });
    const sent = friend.waitForResponse((r) => r.url() === `${api}/v1/referrals/visits` && r.request().method() === "POST");
    await friend.goto(`${shop}/?rv_ref=${code.toLowerCase()}`); // a lower-cased link still counts
    const res = await sent;
    expect(res.status()).toBe(200);
    expect(await res.json()).toEqual({ recorded: true });
    expect(JSON.parse(posts[0]!)).toEqual({ code });
    await expect.poll(() => friend.evaluate(() => localStorage.getItem("revisit:ref"))).toBe(code);

    await friend.reload();
    await expect.poll(() => friend.getByTestId("revisit-greeting").getAttribute("data-kind")).not.toBeNull();
    await friend.goto(`${shop}/?rv_ref=not-a-code!`);
    await expect.poll(() => friend.getByTestId("revisit-greeting").getAttribute("data-kind")).not.toBeNull();
    expect(posts).toHaveLength(1);
    await friend.close();
  });

  it("renders the loyalty block right-to-left in Arabic, in the digits of plain `ar` (Latin, CLDR 46+; widget-language.test.ts covers ar-EG and the site setting)", async () => {
    const page = await newPage();
    await loginAsSara(page);
    await page.goto(`${shop}/?locale=ar`);
    const loyalty = page.getByTestId("revisit-loyalty");
    await expect.poll(() => loyalty.count()).toBe(1);
    expect(await loyalty.evaluate((el) => getComputedStyle(el).direction)).toBe("rtl");
    const balance = (await page.getByTestId("revisit-points").textContent()) ?? "";
    expect(balance).toMatch(/[0-9]/);
    expect(balance).not.toMatch(/[\u0660-\u0669\u06F0-\u06F9]/);
    expect(await loyalty.locator("h2").textContent()).toContain("مكافآتك");
    expect(await loyalty.getByRole("button", { name: "استبدال" }).count()).toBeGreaterThan(0);
    // Start-aligned text sits on the right; the progress bar fills from the right.
    const [box, fill] = await loyalty.locator(".bar").evaluate((el) => [el.getBoundingClientRect().right, el.firstElementChild!.getBoundingClientRect().right]);
    expect(Math.abs(box! - fill!)).toBeLessThan(1);
    expect(await page.getByTestId("revisit-referral-progress").textContent()).toMatch(/[\u0600-\u06FF]/);
    await page.close();
  });

  it("shows a refused redemption's reason in the shopper's language and keeps the points", async () => {
    // A reward whose code pool is empty: the API answers 409 reward_unavailable and refunds the points.
    const config = (await (await fetch(`${api}/v1/site/config`, { headers: secret })).json()) as SiteConfig;
    const rewards = [...config.loyalty.rewards, { id: "no-codes", name: { en: "Empty pool", ar: "مكافأة بلا رموز" }, cost: 1, discount: { type: "fixed", value: 1 } }];
    const put = await fetch(`${api}/v1/site/config`, { method: "PUT", headers: secret, body: JSON.stringify({ ...config, loyalty: { ...config.loyalty, rewards } }) });
    expect(put.status).toBe(200);

    const page = await newPage({}, /^console: Failed to load resource: the server responded with a status of 409 \(Conflict\)$/);
    await loginAsSara(page);
    await page.goto(`${shop}/?locale=ar`);
    const reward = page.locator('[data-reward-id="no-codes"]');
    await expect.poll(() => reward.count()).toBe(1);
    const before = await points(page);
    const answered = page.waitForResponse((r) => r.url().includes("/v1/loyalty/rewards/no-codes/redeem"));
    await reward.getByRole("button", { name: "استبدال" }).click();
    await reward.getByRole("button", { name: "تأكيد" }).click();
    expect((await answered).status()).toBe(409);
    await expect.poll(() => reward.getByRole("alert").textContent()).toBe("هذه المكافأة غير متوفرة حالياً. لم تُخصم نقاطك.");
    expect(await reward.getByTestId("revisit-code").count()).toBe(0);
    await page.waitForLoadState("networkidle");
    expect(await points(page)).toBe(before);
    await page.close();
  });

  it("produced no console errors and no uncaught page errors", () => {
    expect(errors).toEqual([]);
  });
});
