import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, ConsoleBrowser, DESKTOP, PHONE, SERVER_AUTH, SHOTS, signIn } from "./console-kit";

/**
 * The console's customers pages in Chromium against the real stack: search the demo shop for Sara,
 * open her page, adjust her points twice (each line shows at the top of the ledger with its reason,
 * the balance follows, the API agrees), a retry after a lost answer credits once, field errors keep
 * what was typed, export downloads her data, erasing another customer needs their id typed, a
 * viewer gets no actions, paging by cursor, not found, axe-core, screenshots in en, ar and fa.
 */
const api = inject("apiUrl");
const SARA = "cust-1001";

const kit = new ConsoleBrowser();

/** A fresh browser (no cookie); expected refusals (401 before sign-in, the not-found customer's 404, a refused adjustment) are not errors. */
const open = (viewport = DESKTOP) => kit.open(viewport, { context: { acceptDownloads: true }, expected: /status of 40[1349]|ERR_FAILED/ });

const signInHere = (page: Page, locale = "en") => signIn(page, { locale, waitFor: ".kpis, .empty" });

/** What the API itself says about a customer: spendable points and the ledger lines with a reason. */
async function apiState(id: string) {
  const view = (await (await fetch(`${api}/v1/customers/${id}`, { headers: SERVER_AUTH })).json()) as { loyalty: { points: number } };
  const exported = (await (await fetch(`${api}/v1/customers/${id}/export`, { headers: SERVER_AUTH })).json()) as { ledger: { points: number; reason: string; source: string }[] };
  return { points: view.loyalty.points, ledger: exported.ledger };
}

/** Creates a customer through the API (a trait write creates the profile and files it in the index). */
async function createCustomer(id: string, firstName: string) {
  const res = await fetch(`${api}/v1/customers/${id}`, { method: "PATCH", headers: SERVER_AUTH, body: JSON.stringify({ firstName, email: `${id}@example.com` }) });
  expect(res.status).toBe(200);
}

/**
 * Elements of the page sticking out of the viewport sideways (outside a scrolling table). Checked
 * on both sides: in Arabic and Persian an overflow goes off the left edge, which scrollWidth misses.
 */
async function sticksOut(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll("main *")) {
      if (el.closest(".table-wrap")) continue;
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.left < -1 || r.right > innerWidth + 1)) out.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.textContent?.slice(0, 40)}`);
    }
    return out;
  });
}

async function openCustomer(page: Page, id: string, locale = "en") {
  await page.goto(`${api}/admin/customers/${id}?locale=${locale}`, { waitUntil: "domcontentloaded" });
  await page.waitForSelector("#points-title");
}

beforeAll(async () => {
  await kit.start();
});

afterAll(async () => {
  await kit.close();
  expect(kit.errors).toEqual([]);
});

describe("console customers pages", () => {
  it("finds Sara by searching 'sara' with Enter and opens her page from the row's link", async () => {
    const page = await open();
    await signInHere(page);
    await page.click("#console-nav >> text=Customers");
    await page.waitForSelector("table.customer-table");
    await page.fill("#customer-query", "sara");
    const searched = page.waitForResponse((r) => r.url().includes("/v1/customers?") && r.url().includes("query=sara"));
    await page.press("#customer-query", "Enter");
    expect((await searched).status()).toBe(200);
    await page.waitForSelector(`tr[data-customer="${SARA}"]`);
    expect(await page.locator("table.customer-table tbody tr").count()).toBe(1);
    const row = page.locator(`tr[data-customer="${SARA}"]`);
    expect(await row.textContent()).toContain("sara@example.com");
    expect(await row.locator("a").getAttribute("href")).toMatch(new RegExp(`^/admin/customers/${SARA}(\\?locale=en)?$`));
    await row.locator("a").click();
    await page.waitForSelector("#points-title");
    expect(page.url()).toContain(`/admin/customers/${SARA}`);
    expect(await page.textContent("h1")).toBe("Sara");
    // Back to the list keeps the search.
    await page.goBack();
    await page.waitForSelector(`tr[data-customer="${SARA}"]`);
    expect(await page.inputValue("#customer-query")).toBe("sara");
    // A search with no match says so.
    await page.fill("#customer-query", "nobody-here");
    await page.press("#customer-query", "Enter");
    await page.waitForSelector(".no-match");
    expect(await page.textContent(".no-match")).toContain("“nobody-here”");
  });

  it("adjusts Sara's points twice: each line tops the ledger with its reason, the balance follows, and the API agrees", async () => {
    const before = await apiState(SARA);
    const page = await open();
    await signInHere(page);
    await openCustomer(page, SARA);
    expect(await page.textContent("[data-figure=balance] dd")).toBe(new Intl.NumberFormat("en").format(before.points));

    await page.fill("#adjust-points", "50");
    await page.fill("#adjust-reason", "Goodwill: parcel arrived late");
    await page.click("button:has-text('Adjust points')");
    await page.waitForFunction(() => document.querySelector(".adjust-done")?.textContent?.startsWith("Done"));
    const first = page.locator("table.ledger tbody tr").first();
    expect(await first.locator("td.reason").textContent()).toBe("Goodwill: parcel arrived late");
    expect(await first.locator("td.num").textContent()).toBe("+50");
    expect(await page.textContent("[data-figure=balance] dd")).toBe(new Intl.NumberFormat("en").format(before.points + 50));
    expect(await page.inputValue("#adjust-points")).toBe("");

    await page.fill("#adjust-points", "-20");
    await page.fill("#adjust-reason", "Correction: double credit");
    await page.click("button:has-text('Adjust points')");
    await page.waitForFunction(() => document.querySelector("table.ledger tbody tr td.reason")?.textContent === "Correction: double credit");
    expect(await page.locator("table.ledger tbody tr").first().locator("td.num").textContent()).toBe("−20");
    expect(await page.locator("table.ledger tbody tr").nth(1).locator("td.reason").textContent()).toBe("Goodwill: parcel arrived late");
    expect(await page.textContent("[data-figure=balance] dd")).toBe(new Intl.NumberFormat("en").format(before.points + 30));

    const after = await apiState(SARA);
    expect(after.points).toBe(before.points + 30);
    expect(after.ledger.filter((l) => l.reason === "Goodwill: parcel arrived late").map((l) => l.points)).toEqual([50]);
    expect(after.ledger.filter((l) => l.reason === "Correction: double credit").map((l) => l.points)).toEqual([-20]);
    // After a reload the lines are still there, newest first.
    await page.reload();
    await page.waitForSelector("table.ledger");
    expect(await page.locator("table.ledger tbody tr").first().locator("td.reason").textContent()).toBe("Correction: double credit");
  });

  it("a retry after a lost answer sends the same Idempotency-Key and credits once; a changed form gets a new key", async () => {
    const before = await apiState(SARA);
    const page = await open();
    await signInHere(page);
    await openCustomer(page, SARA);
    const keys: string[] = [];
    let lose = true;
    // The first answer is lost on the way back: the server applied it, the browser saw a network error.
    await page.route("**/v1/customers/*/points", async (route) => {
      keys.push(route.request().headers()["idempotency-key"] ?? "");
      const res = await route.fetch();
      if (lose) {
        lose = false;
        await route.abort("failed");
      } else await route.fulfill({ response: res });
    });
    await page.fill("#adjust-points", "7");
    await page.fill("#adjust-reason", "Retry check");
    await page.click("button:has-text('Adjust points')");
    await page.waitForFunction(() => document.querySelector(".adjust-form .field-error[role=alert]")?.textContent?.includes("applied only once"));
    expect(await page.inputValue("#adjust-points")).toBe("7");
    expect(await page.inputValue("#adjust-reason")).toBe("Retry check");
    await page.click("button:has-text('Adjust points')");
    await page.waitForFunction(() => document.querySelector(".adjust-done")?.textContent?.startsWith("Done"));
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(await page.locator("table.ledger tbody tr td.reason", { hasText: "Retry check" }).count()).toBe(1);
    const after = await apiState(SARA);
    expect(after.points).toBe(before.points + 7);
    expect(after.ledger.filter((l) => l.reason === "Retry check")).toHaveLength(1);

    // The same words again, submitted as a new adjustment, are a new key (the merchant meant it twice).
    await page.fill("#adjust-points", "7");
    await page.fill("#adjust-reason", "Retry check");
    await page.click("button:has-text('Adjust points')");
    await page.waitForFunction(
      () =>
        document.querySelectorAll("table.ledger tbody tr[data-source]").length > 0 &&
        [...document.querySelectorAll("table.ledger td.reason")].filter((e) => e.textContent === "Retry check").length === 2,
    );
    expect(keys).toHaveLength(3);
    expect(keys[2]).not.toBe(keys[0]);
    expect((await apiState(SARA)).points).toBe(before.points + 14);
  });

  it("shows problems at their fields and keeps what was typed; taking more than the balance is refused", async () => {
    const before = await apiState(SARA);
    const page = await open();
    await signInHere(page);
    await openCustomer(page, SARA);
    let posts = 0;
    page.on("request", (r) => r.method() === "POST" && r.url().endsWith("/points") && posts++);
    await page.fill("#adjust-points", "0");
    await page.click("button:has-text('Adjust points')");
    expect(await page.textContent("#adjust-points-error")).toContain("other than 0");
    expect(await page.textContent("#adjust-reason-error")).toBe("Required.");
    expect(await page.getAttribute("#adjust-points", "aria-describedby")).toContain("adjust-points-error");
    await page.fill("#adjust-points", "1.5");
    await page.fill("#adjust-reason", "Half a point");
    await page.click("button:has-text('Adjust points')");
    expect(await page.textContent("#adjust-points-error")).toContain("whole number");
    await page.fill("#adjust-points", String(-(before.points + 1)));
    await page.click("button:has-text('Adjust points')");
    expect(await page.textContent("#adjust-points-error")).toContain(`only ${new Intl.NumberFormat("en").format(before.points)} points`);
    expect(await page.inputValue("#adjust-reason")).toBe("Half a point");
    expect(posts).toBe(0);
    expect((await apiState(SARA)).points).toBe(before.points);
  });

  it("when the server refuses a take (the balance moved meanwhile), says so at the field and changes nothing", async () => {
    const page = await open();
    await signInHere(page);
    await openCustomer(page, SARA);
    const shown = (await apiState(SARA)).points;
    // Another tab spends all but 5 points after this page loaded.
    const spend = await fetch(`${api}/v1/customers/${SARA}/points`, {
      method: "POST",
      headers: { ...SERVER_AUTH, "Idempotency-Key": `e2e-drain-${Date.now()}` },
      body: JSON.stringify({ points: -(shown - 5), reason: "Spent elsewhere" }),
    });
    expect(spend.status).toBe(201);
    await page.fill("#adjust-points", "-10");
    await page.fill("#adjust-reason", "Too much");
    await page.click("button:has-text('Adjust points')");
    await page.waitForSelector("#adjust-points-error");
    expect(await page.textContent("#adjust-points-error")).toContain("only 5 points");
    expect(await page.textContent(".adjust-form .field-error[role=alert]")).toBe("Nothing was changed.");
    expect((await apiState(SARA)).points).toBe(5);
    // Give Sara her points back for the screenshots.
    await fetch(`${api}/v1/customers/${SARA}/points`, {
      method: "POST",
      headers: { ...SERVER_AUTH, "Idempotency-Key": `e2e-refill-${Date.now()}` },
      body: JSON.stringify({ points: shown - 5, reason: "Restored after the test" }),
    });
  });

  it("exports the customer's data as customer-<id>.json", async () => {
    const page = await open();
    await signInHere(page);
    await openCustomer(page, SARA);
    const download = page.waitForEvent("download");
    await page.click("button:has-text('Export data')");
    const file = await download;
    expect(file.suggestedFilename()).toBe(`customer-${SARA}.json`);
    const data = JSON.parse(readFileSync((await file.path()) as string, "utf8")) as { profile: { id: string }; ledger: { reason: string }[] };
    expect(data.profile.id).toBe(SARA);
    expect(data.ledger.some((l) => l.reason === "Goodwill: parcel arrived late")).toBe(true);
    await page.waitForSelector(`text=Saved as customer-${SARA}.json.`);
  });

  it("erases only after the customer's id is typed, then shows the list with a message; the erased id is not found", async () => {
    const id = "e2e-erase-me";
    await createCustomer(id, "Eraseme");
    const page = await open();
    await signInHere(page);
    await openCustomer(page, id);
    await page.click("button:has-text('Erase customer')");
    await page.waitForSelector("dialog.erase-dialog[open]");
    const erase = page.locator("dialog button[type=submit]");
    expect(await erase.isDisabled()).toBe(true);
    await page.fill("#erase-confirm", "e2e-erase");
    expect(await erase.isDisabled()).toBe(true);
    await page.fill("#erase-confirm", `${id} `);
    expect(await erase.isDisabled()).toBe(true);
    // Cancel closes and erases nothing.
    await page.click("dialog >> text=Cancel");
    expect((await fetch(`${api}/v1/customers/${id}`, { headers: SERVER_AUTH })).status).toBe(200);
    await page.click("button:has-text('Erase customer')");
    expect(await page.inputValue("#erase-confirm")).toBe("");
    await page.fill("#erase-confirm", id);
    expect(await erase.isDisabled()).toBe(false);
    await erase.click();
    await page.waitForSelector("h1:has-text('Customers')");
    expect(page.url()).toMatch(/\/admin\/customers(\?|$)/);
    expect(await page.textContent(".notice-line")).toContain(`Customer ${id} was erased`);
    expect((await fetch(`${api}/v1/customers/${id}`, { headers: SERVER_AUTH })).status).toBe(404);
    expect((await fetch(`${api}/v1/customers/${SARA}`, { headers: SERVER_AUTH })).status).toBe(200);

    await page.goto(`${api}/admin/customers/${id}`, { waitUntil: "domcontentloaded" });
    await page.waitForSelector("h1:has-text('Customer not found')");
    expect(await page.textContent("[role=alert]")).toContain(id);
    await page.click("text=All customers");
    await page.waitForSelector("h1:has-text('Customers')");
  });

  it("pages through a search with Next and Previous by cursor", async () => {
    for (let i = 0; i < 27; i++) await createCustomer(`e2e-page-${String(i).padStart(2, "0")}`, `Pager ${i}`);
    const page = await open();
    await signInHere(page);
    await page.goto(`${api}/admin/customers`, { waitUntil: "domcontentloaded" });
    await page.fill("#customer-query", "e2e-page-");
    await page.press("#customer-query", "Enter");
    // The search's own page (its status names the query), not the list of everyone shown before
    // it, which can hold the same first row and goes away while the search loads.
    await page.waitForSelector("p[role=status]:has-text('starts with “e2e-page-” · page 1')");
    expect(await page.locator("table.customer-table tbody tr").count()).toBe(25);
    expect(await page.isVisible('tr[data-customer="e2e-page-00"]')).toBe(true);
    expect(await page.isDisabled(".pager button:has-text('Previous')")).toBe(true);
    await page.click(".pager button:has-text('Next')");
    await page.waitForSelector('tr[data-customer="e2e-page-26"]');
    expect(await page.locator("table.customer-table tbody tr").count()).toBe(2);
    expect(await page.isDisabled(".pager button:has-text('Next')")).toBe(true);
    await page.click(".pager button:has-text('Previous')");
    await page.waitForSelector('tr[data-customer="e2e-page-00"]');
    expect(await page.locator("table.customer-table tbody tr").count()).toBe(25);
  });

  it("a viewer reads a customer's page without adjust, export or erase", async () => {
    const res = await fetch(`${api}/v1/staff`, { method: "POST", headers: SERVER_AUTH, body: JSON.stringify({ email: "customers-viewer@example.com", role: "viewer" }) });
    expect(res.status).toBe(201);
    const invite = (await res.json()) as { inviteToken: string };
    const page = await open();
    await page.goto(`${api}/admin/?invite=${encodeURIComponent(invite.inviteToken)}`, { waitUntil: "domcontentloaded" });
    await page.click("button[type=submit]");
    await page.waitForSelector(".kpis, .empty");
    await openCustomer(page, SARA);
    await page.waitForSelector("table.ledger");
    expect(await page.locator(".adjust-form").count()).toBe(0);
    expect(await page.locator("button:has-text('Export data')").count()).toBe(0);
    expect(await page.locator("button:has-text('Erase customer')").count()).toBe(0);
    expect(await page.locator("#adjust-points").count()).toBe(0);
  });

  it("has no serious or critical axe-core violations on the list, a customer and the erase dialog, in English and Arabic", async () => {
    for (const locale of ["en", "ar"]) {
      const page = await open();
      await signInHere(page, locale);
      await page.goto(`${api}/admin/customers?locale=${locale}`, { waitUntil: "domcontentloaded" });
      await page.waitForSelector("table.customer-table");
      expect(await axeViolations(page), `list ${locale}`).toEqual([]);
      await openCustomer(page, SARA, locale);
      await page.waitForSelector("table.ledger");
      expect(await axeViolations(page), `customer ${locale}`).toEqual([]);
      await page.click(".data-actions .button.danger");
      await page.waitForSelector("dialog[open]");
      expect(await axeViolations(page), `erase dialog ${locale}`).toEqual([]);
    }
  });

  it("takes screenshots of the list and Sara's page in en, ar and fa at desktop and phone sizes; nothing overflows the phone", async () => {
    for (const [size, viewport] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      for (const locale of ["en", "ar", "fa"]) {
        const page = await open(viewport);
        await signInHere(page, locale);
        await page.goto(`${api}/admin/customers?locale=${locale}`, { waitUntil: "domcontentloaded" });
        await page.waitForSelector("table.customer-table");
        if (size === "phone") {
          expect(await page.evaluate(() => document.documentElement.scrollWidth), `list ${locale}`).toBeLessThanOrEqual(PHONE.width);
          expect(await sticksOut(page), `list ${locale}`).toEqual([]);
        }
        await page.screenshot({ path: `${SHOTS}/customers-${locale}-${size}.png`, fullPage: true });
        await openCustomer(page, SARA, locale);
        await page.waitForSelector("table.ledger");
        if (size === "phone") {
          expect(await page.evaluate(() => document.documentElement.scrollWidth), `customer ${locale}`).toBeLessThanOrEqual(PHONE.width);
          expect(await sticksOut(page), `customer ${locale}`).toEqual([]);
        }
        await page.screenshot({ path: `${SHOTS}/customer-${locale}-${size}.png`, fullPage: true });
      }
    }
  });
});
