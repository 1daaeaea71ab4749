import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, ConsoleBrowser, DESKTOP, PHONE, SECRET_KEY, SHOTS, signIn } from "./console-kit";

/**
 * The console's loyalty page in Chromium against the real stack (demo shop): a program of three
 * tiers and two rewards built from empty lists, saved and still there after a reload; a bad value
 * shown at its field with everything typed kept (also after a refused save); reordering with the
 * keyboard; the live widget preview following a tier's name; a code CSV (BOM, CRLF, a blank line, a
 * duplicate) previewed, added once, and added again harmlessly; a viewer who can change nothing;
 * axe-core; screenshots in en, ar and fa at desktop and phone sizes.
 */
const api = inject("apiUrl");

const kit = new ConsoleBrowser();

/** A fresh browser at a viewport; expected 401s (no session yet), the viewer's 403 and the fixture's 412 are not errors. */
async function open(viewport = DESKTOP): Promise<Page> {
  // The preview answers 400 for a draft the API would refuse (it then says "fix the form"): expected while a test types a bad value.
  let previewRefusals = 0;
  const page = await kit.open(viewport, { expected: (e) => /status of 4(01|03|12)/.test(e) || (/status of 400/.test(e) && previewRefusals-- > 0) });
  page.on("response", (r) => r.status() === 400 && r.url().includes("/v1/experience/preview") && previewRefusals++);
  return page;
}

/** Opens the loyalty page signed in with the secret key (a deep link: sign-in first, then the page) and waits for the program. */
async function openLoyalty(page: Page, locale = "en") {
  await signIn(page, { locale, at: "/admin/loyalty", waitFor: "#loyalty-basics" });
}

/** The site config as the API holds it (secret key). */
async function storedConfig() {
  const res = await fetch(`${api}/v1/site/config`, { headers: { Authorization: `Bearer ${SECRET_KEY}` } });
  return (await res.json()) as {
    loyalty: {
      tiers: { id: string; name: { en: string; ar?: string }; threshold: number; multiplier: number; freeShipping: boolean }[];
      rewards: { id: string; cost: number; discount: { type: string; value: number } }[];
    };
  };
}

const save = (page: Page) => page.click(".save-bar button.primary");
const saved = (page: Page) => page.waitForFunction(() => document.querySelector(".save-status")?.textContent === "Saved.");
const figure = (page: Page, box: string, name: string) => page.textContent(`[data-testid=${box}] [data-figure=${name}] dd`);

beforeAll(async () => {
  await kit.start();
});

afterAll(async () => {
  await kit.close();
  expect(kit.errors).toEqual([]);
});

describe("console loyalty page", () => {
  it("builds a program of three tiers and two rewards from empty lists, saves it, and shows it again after a reload", async () => {
    const page = await open();
    await openLoyalty(page);
    while (await page.locator("#tier-0-remove").count()) await page.click("#tier-0-remove");
    while (await page.locator("#reward-0-remove").count()) await page.click("#reward-0-remove");
    expect(await page.locator("#loyalty-tiers .rows > li").count()).toBe(0);
    // The demo's punch card named a removed reward: it now says "none" instead of pointing at nothing.
    expect(await page.inputValue("#card-0-reward")).toBe("");

    const tiers = [
      { en: "Bronze", ar: "برونزي", threshold: "0", multiplier: "1" },
      { en: "Silver", ar: "فضي", threshold: "200", multiplier: "1.25" },
      { en: "Gold", ar: "ذهبي", threshold: "500", multiplier: "1.5" },
    ];
    for (const [i, tier] of tiers.entries()) {
      await page.click("#tier-add");
      // Focus moves to the new tier's name, so typing can start at once.
      await page.waitForFunction((id) => document.activeElement?.id === id, `tier-${i}-name-en`);
      await page.keyboard.type(tier.en);
      await page.fill(`#tier-${i}-name-ar`, tier.ar);
      await page.fill(`#tier-${i}-threshold`, tier.threshold);
      await page.fill(`#tier-${i}-multiplier`, tier.multiplier);
    }
    await page.check("#tier-2-free-shipping");
    // Leaving a new tier's name turned its placeholder reference into one made from the name.
    expect(await page.inputValue("#tier-2-reference")).toBe("gold");

    const rewards = [
      { en: "$5 off your next order", cost: "100", type: "fixed", value: "5" },
      { en: "10% off your next order", cost: "250", type: "percent", value: "10" },
    ];
    for (const [i, reward] of rewards.entries()) {
      await page.click("#reward-add");
      await page.fill(`#reward-${i}-name-en`, reward.en);
      await page.fill(`#reward-${i}-cost`, reward.cost);
      await page.selectOption(`#reward-${i}-discount-type`, reward.type);
      await page.fill(`#reward-${i}-discount-value`, reward.value);
    }
    await page.focus("#reward-1-cost");
    expect(await page.textContent("#reward-1-title")).toBe("10% off your next order");

    // Reordering by keyboard: the moved tier keeps focus on its button at its new place.
    await page.focus("#tier-2-up");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.id === "tier-1-up");
    expect(await page.inputValue("#tier-1-name-en")).toBe("Gold");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.id === "tier-2-down" || document.activeElement?.id === "tier-2-up");
    expect(await page.inputValue("#tier-2-name-en")).toBe("Gold");

    await save(page);
    await saved(page);
    const config = await storedConfig();
    expect(config.loyalty.tiers.map((t) => [t.id, t.name.en, t.name.ar, t.threshold, t.multiplier])).toEqual([
      ["bronze", "Bronze", "برونزي", 0, 1],
      ["silver", "Silver", "فضي", 200, 1.25],
      ["gold", "Gold", "ذهبي", 500, 1.5],
    ]);
    expect(config.loyalty.tiers[2]?.freeShipping).toBe(true);
    expect(config.loyalty.rewards.map((r) => [r.id, r.cost, r.discount.type, r.discount.value])).toEqual([
      ["5-off-your-next-order", 100, "fixed", 5],
      ["10-off-your-next-order", 250, "percent", 10],
    ]);

    await page.reload();
    await page.waitForSelector("#loyalty-basics");
    expect(await page.locator("#loyalty-tiers .rows > li").count()).toBe(3);
    expect(await page.locator("#loyalty-rewards .rows > li").count()).toBe(2);
    expect(await page.inputValue("#tier-2-name-en")).toBe("Gold");
    expect(await page.inputValue("#tier-1-threshold")).toBe("200");
    expect(await page.inputValue("#reward-1-cost")).toBe("250");
    await page.close();
  });

  it("shows a negative threshold's error at its field, keeps everything typed, and keeps the draft when the server refuses the save", async () => {
    const page = await open();
    await openLoyalty(page);
    const puts: string[] = [];
    page.on("request", (r) => r.method() === "PUT" && r.url().endsWith("/v1/site/config") && puts.push(r.url()));
    await page.fill("#tier-1-name-ar", "فضي ممتاز");
    await page.fill("#tier-1-threshold", "-5");
    await page.fill("#reward-0-cost", "333");
    await save(page);
    await page.waitForSelector("#tier-1-threshold-error");
    expect(await page.textContent("#tier-1-threshold-error")).toBe("At least 0.");
    expect(await page.getAttribute("#tier-1-threshold", "aria-invalid")).toBe("true");
    expect(await page.getAttribute("#tier-1-threshold", "aria-describedby")).toContain("tier-1-threshold-error");
    // Focus lands on the field to fix; nothing was sent; everything typed is still there.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("tier-1-threshold");
    expect(puts).toEqual([]);
    expect(await page.inputValue("#tier-1-threshold")).toBe("-5");
    expect(await page.inputValue("#reward-0-cost")).toBe("333");
    expect(await page.inputValue("#tier-1-name-ar")).toBe("فضي ممتاز");
    // Fixing the value clears the error as it is typed.
    await page.fill("#tier-1-threshold", "300");
    await page.waitForSelector("#tier-1-threshold-error", { state: "detached" });

    // Someone else saved meanwhile: the API answers 412; the page says so and loses nothing.
    await page.route("**/v1/site/config", (r) => (r.request().method() === "PUT" ? r.fulfill({ status: 412, json: { error: { code: "precondition_failed", message: "stale" } } }) : r.fallback()));
    await save(page);
    await page.waitForFunction(() => document.querySelector(".save-status")?.textContent?.includes("Someone saved a change"));
    expect(await page.inputValue("#tier-1-threshold")).toBe("300");
    expect(await page.inputValue("#reward-0-cost")).toBe("333");
    await page.unroute("**/v1/site/config");
    await save(page);
    await saved(page);
    const config = await storedConfig();
    expect(config.loyalty.tiers[1]).toMatchObject({ threshold: 300, name: { ar: "فضي ممتاز" } });
    expect(config.loyalty.rewards[0]?.cost).toBe(333);
    await page.close();
  });

  it("shows a tier's new name in the live widget preview before saving", async () => {
    const page = await open();
    await openLoyalty(page);
    // The preview (console/src/preview/widget-preview.tsx) draws the draft with the storefront widget in an iframe.
    const frame = page.frameLocator(".loyalty-preview iframe");
    await frame.locator("[data-testid=revisit-loyalty]").waitFor({ timeout: 20_000 });
    await page.fill("#tier-0-name-en", "Bronze Club");
    await frame.locator("text=Bronze Club").first().waitFor({ timeout: 20_000 });
    await page.selectOption("#loyalty-preview-locale", "ar");
    await frame.locator("text=برونزي").first().waitFor({ timeout: 20_000 });
    await page.close();
  });

  it("previews a code CSV (BOM, Windows line endings, a blank line, a duplicate), adds it once, and adding it again adds nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "revisit-codes-"));
    const file = join(dir, "codes.csv");
    writeFileSync(file, "\uFEFFcode\r\nLOY-A1\r\nLOY-B2\r\n\r\nLOY-C3\r\nLOY-A1\r\nLOY-D4\r\n");
    const page = await open();
    await openLoyalty(page);
    const input = page.locator("#loyalty-codes input[type=file]");
    await input.setInputFiles(file);
    await page.waitForSelector("[data-testid=code-preview]");
    expect(await figure(page, "code-preview", "to-add")).toBe("4");
    expect(await figure(page, "code-preview", "duplicates")).toBe("1");
    expect(await figure(page, "code-preview", "invalid")).toBe("0");
    expect(await page.locator(".code-rows tbody tr").count()).toBe(5);
    expect(await page.textContent(".code-rows tbody tr:nth-child(4)")).toContain("Duplicate");

    // A double click sends one upload, not two.
    const sent: string[] = [];
    page.on("request", (r) => r.url().includes("/codes") && sent.push(r.postData() ?? ""));
    const add = page.locator("#loyalty-codes button.primary");
    expect(await add.textContent()).toBe("Add 4 codes");
    // Two clicks in one task: the second lands before the page re-renders the button as disabled.
    await add.evaluate((b: HTMLButtonElement) => {
      b.click();
      b.click();
    });
    await page.waitForSelector("[data-testid=code-result]");
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0] ?? "{}")).toEqual({ codes: ["LOY-A1", "LOY-B2", "LOY-C3", "LOY-D4"] });
    expect(await figure(page, "code-result", "added")).toBe("4");
    expect(await figure(page, "code-result", "already")).toBe("0");
    const available = Number(await figure(page, "code-result", "available"));
    expect(available).toBeGreaterThanOrEqual(4);

    await input.setInputFiles(file);
    await page.click("#loyalty-codes button.primary");
    await page.waitForSelector("[data-testid=code-result]");
    expect(await figure(page, "code-result", "added")).toBe("0");
    expect(await figure(page, "code-result", "already")).toBe("4");
    expect(Number(await figure(page, "code-result", "available"))).toBe(available);
    await page.close();
  });

  it("lets a viewer read the program but change nothing: fields disabled, no Save, no code upload", async () => {
    const res = await fetch(`${api}/v1/staff`, {
      method: "POST",
      headers: { Authorization: `Bearer ${SECRET_KEY}`, "Content-Type": "application/json" },
      body: JSON.stringify({ email: "loyalty-viewer@example.com", role: "viewer" }),
    });
    expect(res.status).toBe(201);
    const invite = (await res.json()) as { inviteToken: string };
    const page = await open();
    await page.goto(`${api}/admin/loyalty?invite=${encodeURIComponent(invite.inviteToken)}`);
    await page.click("button[type=submit]");
    await page.waitForSelector("#loyalty-basics");
    expect(await page.isDisabled("#tier-0-threshold")).toBe(true);
    expect(await page.isDisabled("#tier-add")).toBe(true);
    expect(await page.locator(".save-bar button").count()).toBe(0);
    expect(await page.textContent(".save-bar")).toContain("can read this page but not change it");
    expect(await page.locator("#loyalty-codes input[type=file]").count()).toBe(0);
    expect(await page.isEnabled("#loyalty-preview-locale")).toBe(true);
    await page.close();
  });

  it("has no serious or critical axe-core violations, in English and Arabic, with errors and a code preview showing", async () => {
    for (const locale of ["en", "ar"]) {
      const page = await open();
      await openLoyalty(page, locale);
      expect(await axeViolations(page), `loyalty ${locale}`).toEqual([]);
      await page.fill("#tier-1-threshold", "-1");
      await page.click("#tier-add");
      await save(page);
      await page.waitForSelector("#tier-1-threshold-error");
      const dir = mkdtempSync(join(tmpdir(), "revisit-codes-"));
      writeFileSync(join(dir, "c.csv"), "A-1\nA-2\n");
      await page.locator("#loyalty-codes input[type=file]").setInputFiles(join(dir, "c.csv"));
      await page.waitForSelector("[data-testid=code-preview]");
      expect(await axeViolations(page), `loyalty ${locale} with errors`).toEqual([]);
      await page.close();
    }
  });

  it("takes screenshots in en, ar and fa at desktop and phone sizes; the phone page never scrolls sideways", async () => {
    const shotCodes = join(mkdtempSync(join(tmpdir(), "revisit-codes-")), "shop-export.csv");
    writeFileSync(shotCodes, `Code,Value\nSPRING-5A,5\nSPRING-5B,5\nSPRING-5A,5\n${"X".repeat(120)},5\nSPRING-5C,5\n`);
    for (const [size, viewport] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      for (const locale of ["en", "ar", "fa"]) {
        const page = await open(viewport);
        await openLoyalty(page, locale);
        if (size === "phone") expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
        if (locale !== "en") expect(await page.getAttribute("html", "dir")).toBe("rtl");
        await page.screenshot({ path: `${SHOTS}/loyalty-${locale}-${size}.png` });
        // A chosen code file shows its preview (nothing is sent until Add).
        await page.locator("#loyalty-codes input[type=file]").setInputFiles(shotCodes);
        await page.waitForSelector("[data-testid=code-preview]");
        // Each section of the long form, for looking at (never into docs/).
        for (const id of ["loyalty-earning", "loyalty-tiers", "loyalty-rewards", "loyalty-cards", "loyalty-referrals", "loyalty-codes"])
          await page.locator(`#${id}`).screenshot({ path: join(tmpdir(), `revisit-${id}-${locale}-${size}.png`) });
        if (size === "phone") await page.locator(".loyalty-preview").screenshot({ path: join(tmpdir(), `revisit-loyalty-preview-${locale}-${size}.png`) });
        await page.close();
      }
    }
  });
});
