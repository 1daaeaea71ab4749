import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, ConsoleBrowser, DESKTOP, PHONE, SECRET_KEY, SERVER_AUTH, SHOTS, signIn, signInAsStaff } from "./console-kit";

/**
 * The console's settings page in Chromium against the real stack: an origin checked at its field,
 * a theme colour reaching the live preview, the install snippet copied, key rotation by the owner
 * (new keys shown once; signing in with the new secret key works), an editor without the rotate
 * button, digits and calendar for Arabic and Persian pages (example, save, back to default; read-only
 * for a viewer), axe-core, and screenshots in en, ar and fa at desktop and phone sizes.
 */
const api = inject("apiUrl");

const kit = new ConsoleBrowser();
let original: Record<string, unknown>;

/** A fresh browser at a viewport; `expect400`: the page will hold an invalid draft on purpose, which the live preview answers with 400. */
const open = (viewport = DESKTOP, expect400 = false) =>
  kit.open(viewport, { expected: expect400 ? /status of 40[013]/ : /status of 40[13]/, setup: (context) => context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: api }) });

const signInHere = (page: Page, locale = "en", key = SECRET_KEY) => signIn(page, { locale, key, waitFor: ".kpis, .empty" });

async function openSettings(page: Page, locale = "en") {
  await page.goto(`${api}/admin/settings?locale=${locale}`, { waitUntil: "domcontentloaded" });
  await page.waitForSelector("#shop-name");
}

beforeAll(async () => {
  original = (await (await fetch(`${api}/v1/site/config`, { headers: SERVER_AUTH })).json()) as Record<string, unknown>;
  await kit.start();
});

afterAll(async () => {
  await kit.close();
  if (original) await fetch(`${api}/v1/site/config`, { method: "PUT", headers: SERVER_AUTH, body: JSON.stringify(original) });
  expect(kit.errors).toEqual([]);
});

describe("console settings page", () => {
  it("checks an allowed origin at its field, and saves a theme colour the live preview shows", async () => {
    const page = await open(DESKTOP, true);
    await signInHere(page);
    await openSettings(page);
    await page.getByRole("button", { name: "Add a site" }).click();
    const origin = page.locator(".origin-row input").last();
    await origin.fill("https://shop.example/path");
    await origin.blur();
    const id = await origin.getAttribute("id");
    await page.waitForSelector(`#${id}-error`);
    expect(await origin.getAttribute("aria-describedby")).toContain(`${id}-error`);
    await page
      .locator(".origin-row")
      .last()
      .getByRole("button", { name: /^Remove/ })
      .click();

    await page.locator("#colour-accent").fill("#c0392b");
    expect(await page.textContent("#colour-accent-value")).toContain("#c0392b");
    // The preview draws the unsaved draft: the widget in its frame carries the new accent.
    await page.waitForSelector(".widget-preview[data-status=ok]", { timeout: 20_000 });
    const frame = page.frameLocator(".widget-preview-frame");
    await expect
      .poll(
        async () =>
          frame
            .locator("body")
            .evaluate(() => [...document.querySelectorAll<HTMLElement>("*")].some((e) => e.style?.getPropertyValue("--revisit-accent").trim() === "#c0392b"))
            .catch(() => false),
        { timeout: 15_000 },
      )
      .toBe(true);
    await page.click(".save-bar .button.primary");
    await page.waitForFunction(() => document.querySelector(".save-bar .save-status")?.textContent === "Saved.");
    const saved = (await (await fetch(`${api}/v1/site/config`, { headers: SERVER_AUTH })).json()) as { widget: { theme: Record<string, string> } };
    expect(saved.widget.theme["--revisit-accent"]).toBe("#c0392b");
    await page.close();
  });

  it("sets the digits and calendar of Arabic and Persian pages, shows them in the example, saves them, and back to the page's language", async () => {
    const page = await open();
    await signInHere(page);
    await openSettings(page);
    const example = (lang: string) => page.textContent(`#numbers-example-${lang}`).then((t) => t ?? "");
    // Default on plain ar and fa pages: what the browser's Intl gives those tags (the widget's rule), Solar Hijri for fa.
    const defaults = await page.evaluate(() => ({ ar: new Intl.NumberFormat("ar").format(1234), fa: new Intl.NumberFormat("fa").format(1234) }));
    expect(await example("ar")).toContain(defaults.ar);
    expect(await example("fa")).toContain("۱٬۲۳۴");
    expect(await example("fa")).not.toMatch(/[0-9\u0660-\u0669]/);

    await page.selectOption("#numbering-system", "arab");
    await page.selectOption("#calendar", "islamic-umalqura");
    // The example follows the draft at once: Arabic-Indic digits only, and the Hijri era mark.
    await page.waitForFunction(() => document.querySelector("#numbers-example-ar")?.textContent?.includes("١٬٢٣٤"));
    for (const lang of ["ar", "fa"]) {
      expect(await example(lang)).toMatch(/[\u0660-\u0669]/);
      expect(await example(lang), lang).not.toMatch(/[0-9\u06f0-\u06f9]/);
    }
    expect(await example("ar")).toContain("هـ");
    await page.locator(".card.numbers").screenshot({ path: `${SHOTS}/settings-numbers-chosen-en-desktop.png` });
    await page.click(".save-bar .button.primary");
    await page.waitForFunction(() => document.querySelector(".save-bar .save-status")?.textContent === "Saved.");
    type Widget = { widget: { numberingSystem?: string | null; calendar?: string | null } };
    const saved = (await (await fetch(`${api}/v1/site/config`, { headers: SERVER_AUTH })).json()) as Widget;
    expect(saved.widget.numberingSystem).toBe("arab");
    expect(saved.widget.calendar).toBe("islamic-umalqura");

    // A reload shows the saved choices; then back to "by the page's language".
    await openSettings(page);
    expect(await page.inputValue("#numbering-system")).toBe("arab");
    expect(await page.inputValue("#calendar")).toBe("islamic-umalqura");
    await page.selectOption("#numbering-system", "");
    await page.selectOption("#calendar", "");
    await page.waitForFunction((fa) => document.querySelector("#numbers-example-fa")?.textContent?.includes(fa), "۱٬۲۳۴");
    expect(await example("ar")).toContain(defaults.ar);
    await page.click(".save-bar .button.primary");
    await page.waitForFunction(() => document.querySelector(".save-bar .save-status")?.textContent === "Saved.");
    const back = (await (await fetch(`${api}/v1/site/config`, { headers: SERVER_AUTH })).json()) as Widget;
    expect(back.widget.numberingSystem ?? null).toBeNull();
    expect(back.widget.calendar ?? null).toBeNull();
    await page.close();
  });

  it("a viewer sees the digits and calendar but cannot change them", async () => {
    const page = await open();
    await signInAsStaff(page, "viewer-settings@shop.example", "viewer");
    await openSettings(page);
    await page.waitForSelector("#numbers-example-fa");
    expect(await page.locator("#numbering-system").isDisabled()).toBe(true);
    expect(await page.locator("#calendar").isDisabled()).toBe(true);
    await page.close();
  });

  it("copies the install snippet", async () => {
    const page = await open();
    await signInHere(page);
    await openSettings(page);
    const snippet = await page.textContent("#install-snippet");
    expect(snippet).toBe(`<script src="${api}/widget.js" data-site="pk_live_…" async></script>`);
    await page.click("#copy-snippet");
    await page.waitForFunction(() => document.querySelector("#copy-snippet + .copy-status")?.textContent === "Copied.");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);
    await page.close();
  });

  it("an editor sees the settings but no key rotation", async () => {
    const page = await open();
    await signInAsStaff(page, "editor-settings@shop.example", "editor");
    await openSettings(page);
    await page.waitForSelector("#install-snippet");
    expect(await page.locator("#keys-title").count()).toBe(0);
    expect(await page.getByRole("button", { name: /Rotate/ }).count()).toBe(0);
    await page.close();
  });

  it("has no serious or critical axe-core violations, in English and Arabic", async () => {
    for (const locale of ["en", "ar"]) {
      const page = await open();
      await signInHere(page, locale);
      await openSettings(page, locale);
      expect(await axeViolations(page), `settings ${locale}`).toEqual([]);
      await page.close();
    }
  });

  it("takes screenshots in en, ar and fa at desktop and phone sizes", async () => {
    // One sign-in per size; the language is switched with ?locale= (as a shared link would).
    for (const [size, viewport] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      const page = await open(viewport);
      await signInHere(page);
      for (const locale of ["en", "ar", "fa"]) {
        await openSettings(page, locale);
        await page.waitForSelector(".widget-preview[data-status=ok]", { timeout: 20_000 }).catch(() => {});
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `no sideways scroll ${locale} ${size}`).toBe(true);
        await page.screenshot({ path: `${SHOTS}/settings-${locale}-${size}.png`, fullPage: true });
        await page.locator(".card.numbers").screenshot({ path: `${SHOTS}/settings-numbers-${locale}-${size}.png` });
      }
      await page.close();
    }
  });

  // Last: it changes the demo shop's keys (the old ones keep working for the 24-hour grace period).
  it("rotates the keys as owner: confirmed in a dialog, new keys shown once with Copy, and the new secret key signs in", async () => {
    const page = await open();
    await signInHere(page);
    await openSettings(page);
    await page.getByRole("button", { name: "Rotate keys…" }).click();
    const dialog = page.locator("dialog[open]");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("24 hours");
    await page.screenshot({ path: `${SHOTS}/settings-rotate-dialog-en-desktop.png` });
    const answer = page.waitForResponse((r) => r.url().endsWith("/v1/site/keys/rotate"));
    await dialog.getByRole("button", { name: "Rotate keys" }).click();
    expect((await answer).status()).toBe(201);
    await page.waitForSelector("#new-secret-key");
    const secret = (await page.textContent("#new-secret-key")) ?? "";
    const publishable = (await page.textContent("#new-publishable-key")) ?? "";
    expect(secret).toMatch(/^sk_live_[0-9a-f]{48}$/);
    expect(await page.textContent(".new-keys .warning")).toContain("will not be shown again");
    expect(await page.textContent("#install-snippet")).toContain(`data-site="${publishable}"`);
    await page.click("#copy-secret");
    await page.waitForFunction(() => document.querySelector("#copy-secret + .copy-status")?.textContent === "Copied.");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await page.screenshot({ path: `${SHOTS}/settings-new-keys-en-desktop.png`, fullPage: true });
    // The old key still works during the grace period; the new one signs in.
    expect((await fetch(`${api}/v1/site/config`, { headers: SERVER_AUTH })).status).toBe(200);
    const again = await open();
    await signInHere(again, "en", secret);
    await openSettings(again);
    expect(await again.locator("#keys-title").count()).toBe(1);
    await again.close();
    await page.close();
  });
});
