import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, ConsoleBrowser, DESKTOP, PHONE, SERVER_AUTH, SHOTS, signIn } from "./console-kit";

/**
 * The console's segments page in Chromium against the real stack (the demo shop): every segment
 * with the API's counts, a segment's customers linking to their profiles, a new rule segment whose
 * "would match N of M" equals the API's preview and then its saved count, a refused field that
 * shows its error and keeps everything typed, a viewer who can change nothing, axe-core, and
 * screenshots in en, ar and fa at desktop and phone sizes.
 */
const api = inject("apiUrl");

const kit = new ConsoleBrowser();

/** A fresh browser at a viewport; expected 401s (no session yet) and the viewer's 403 are not errors. */
const open = (viewport = DESKTOP) => kit.open(viewport);

/** Opens the segments page signed in with the secret key (a deep link: sign-in first) and waits for the list and the editor. */
async function openSegments(page: Page, locale = "en") {
  await signIn(page, { locale, at: "/admin/segments", waitFor: ".segments-table" });
  await page.waitForSelector(".save-bar");
}

type Listed = { segments: { id: string; kind: string; name: string; members: number }[] };
const listed = async () => (await (await fetch(`${api}/v1/segments`, { headers: SERVER_AUTH })).json()) as Listed;
const ruleSegments = async () => ((await (await fetch(`${api}/v1/site/config`, { headers: SERVER_AUTH })).json()) as { segments: { id: string }[] }).segments;
const bigSpenders = { id: "big-spenders", name: "Big spenders", rule: { all: [{ field: "spend", op: "gte", value: 100 }] } };

beforeAll(async () => {
  await kit.start();
});

afterAll(async () => {
  await kit.close();
  expect(kit.errors).toEqual([]);
});

describe("console segments page", () => {
  it("lists every segment with the API's count today, and opens a segment's customers linking to their profiles", async () => {
    const page = await open();
    await openSegments(page);
    const now = await listed();
    expect(await page.locator(".segments-table tbody tr:not(.group)").count()).toBe(now.segments.length);
    const counts = await page.locator(".segments-table tbody td.num").allTextContents();
    expect(counts).toEqual(now.segments.map((s) => s.members.toLocaleString("en")));
    const busy = now.segments.find((s) => s.members > 0);
    expect(busy).toBeDefined();
    const row = page.locator(".segments-table tbody tr:not(.group)").nth(now.segments.indexOf(busy!));
    await row.getByRole("button", { name: /^Customers/ }).click();
    await page.waitForSelector(".segment-detail tbody tr:not(.group)");
    const shown = await page.locator(".segment-detail tbody tr:not(.group)").count();
    expect(shown).toBe(Math.min(25, busy!.members));
    const href = await page.locator(".segment-detail tbody tr a").first().getAttribute("href");
    expect(href).toMatch(/^\/admin\/customers\/[^/?]+/);
    await page.locator(".segment-detail tbody tr a").first().click();
    await page.waitForURL(/\/admin\/customers\//);
    await page.close();
  });

  it("creates a rule segment: the preview's number is the API's, then its count once saved", async () => {
    const before = await ruleSegments();
    const n = before.length;
    const expected = (await (await fetch(`${api}/v1/segments/preview`, { method: "POST", headers: SERVER_AUTH, body: JSON.stringify({ segment: bigSpenders }) })).json()) as {
      matching: number;
      total: number;
    };
    expect(expected.total).toBeGreaterThan(0);
    const page = await open();
    await openSegments(page);
    await page.click("text=Add a rule segment");
    await page.fill(`#seg-${n}-id`, bigSpenders.id);
    await page.fill(`#seg-${n}-name`, bigSpenders.name);
    await page.selectOption(`#seg-${n}-c-0-field`, "spend");
    await page.selectOption(`#seg-${n}-c-0-op`, "gte");
    await page.fill(`#seg-${n}-c-0-value`, "100");
    const sentence = `Would match ${expected.matching.toLocaleString("en")} of ${expected.total.toLocaleString("en")} customers right now.`;
    await page.waitForFunction((s) => document.querySelector(".rule-preview .preview-count")?.textContent === s, sentence);
    await page.click(".save-bar button.primary");
    await page.waitForFunction(() => document.querySelector(".save-status")?.textContent === "Saved.");
    expect((await ruleSegments()).map((s) => s.id)).toEqual([...before.map((s) => s.id), bigSpenders.id]);
    const row = page.locator(".segments-table tbody tr", { hasText: bigSpenders.name });
    await row.waitFor();
    expect(await row.locator("td.num").textContent()).toBe(expected.matching.toLocaleString("en"));
    expect((await listed()).segments.find((s) => s.id === bigSpenders.id)?.members).toBe(expected.matching);
    await page.close();
  });

  it("shows a refused field's error at the field and loses nothing typed", async () => {
    const before = await ruleSegments();
    const n = before.length;
    const page = await open();
    await openSegments(page);
    await page.click("text=Add a rule segment");
    await page.fill(`#seg-${n}-id`, "Repeat Buyers!");
    await page.fill(`#seg-${n}-name`, "Repeat buyers");
    await page.fill(`#seg-${n}-c-0-value`, "2");
    await page.click(".save-bar button.primary");
    await page.waitForSelector(`#seg-${n}-id-error`);
    expect(await page.getAttribute(`#seg-${n}-id`, "aria-invalid")).toBe("true");
    expect(await page.getAttribute(`#seg-${n}-id`, "aria-describedby")).toContain(`seg-${n}-id-error`);
    expect(await page.inputValue(`#seg-${n}-id`)).toBe("Repeat Buyers!");
    expect(await page.inputValue(`#seg-${n}-name`)).toBe("Repeat buyers");
    expect(await page.inputValue(`#seg-${n}-c-0-value`)).toBe("2");
    // A number field with text in it: its own error, the text kept, nothing sent.
    await page.fill(`#seg-${n}-id`, "repeat-buyers");
    await page.fill(`#seg-${n}-c-0-value`, "two");
    await page.click(".save-bar button.primary");
    await page.waitForSelector(`#seg-${n}-c-0-value-error`);
    expect(await page.inputValue(`#seg-${n}-c-0-value`)).toBe("two");
    expect((await ruleSegments()).map((s) => s.id)).toEqual(before.map((s) => s.id));
    await page.close();
  });

  it("lets a viewer read segments and their customers but change nothing", async () => {
    const res = await fetch(`${api}/v1/staff`, { method: "POST", headers: SERVER_AUTH, body: JSON.stringify({ email: "segments-viewer@example.com", role: "viewer" }) });
    expect(res.status).toBe(201);
    const invite = (await res.json()) as { inviteToken: string };
    const page = await open();
    await page.goto(`${api}/admin/segments?invite=${encodeURIComponent(invite.inviteToken)}`);
    await page.click("button[type=submit]");
    await page.waitForSelector(".segments-table");
    await page.waitForSelector(".save-bar");
    expect(await page.locator(".save-bar button").count()).toBe(0);
    expect(await page.textContent(".save-bar")).toContain("can read this page but not change it");
    expect(await page.isDisabled("#seg-0-id")).toBe(true);
    expect(await page.isDisabled("#seg-0-c-0-field")).toBe(true);
    expect(await page.locator("text=Add a rule segment").count()).toBe(0);
    await page
      .locator(".segments-table tbody tr:not(.group)")
      .first()
      .getByRole("button", { name: /^Customers/ })
      .click();
    await page.waitForSelector(".segment-detail");
    await page.close();
  });

  it("has no serious or critical axe-core violations, in English and Arabic, with a trend, a preview and an error showing", async () => {
    for (const locale of ["en", "ar"]) {
      const page = await open();
      await openSegments(page, locale);
      await page.locator(".segments-table tbody tr:not(.group)").first().locator(".segment-actions button").first().click();
      await page.waitForSelector(".segment-detail figure");
      expect(await axeViolations(page), `segments ${locale}`).toEqual([]);
      await page.focus("#seg-0-name");
      await page.fill("#seg-0-id", "");
      await page.click(".save-bar button.primary");
      await page.waitForSelector("#seg-0-id-error");
      await page.waitForSelector(".rule-preview .preview-count");
      expect(await axeViolations(page), `segments ${locale} editing`).toEqual([]);
      await page.close();
    }
  });

  it("takes screenshots in en, ar and fa at desktop and phone sizes; the phone page never scrolls sideways", async () => {
    for (const [size, viewport] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      for (const locale of ["en", "ar", "fa"]) {
        const page = await open(viewport);
        await openSegments(page, locale);
        if (locale !== "en") expect(await page.getAttribute("html", "dir")).toBe("rtl");
        await page.locator(".segments-table tbody tr:not(.group)").first().locator(".segment-actions button").nth(1).click();
        await page.waitForSelector(".segment-detail tbody tr:not(.group)");
        await page.focus("#seg-0-name");
        await page.waitForSelector(".rule-preview .preview-count");
        if (size === "phone") {
          // What sticks out, named, so a failure says where to look.
          const wide = await page.evaluate((w) => {
            const out: string[] = [];
            for (const el of document.querySelectorAll("body *")) {
              const r = el.getBoundingClientRect();
              if ((r.right > w + 1 || r.left < -1) && !el.parentElement?.closest(".table-wrap") && r.width > 0)
                out.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}–${Math.round(r.right)}`);
            }
            return out.slice(0, 8);
          }, PHONE.width);
          expect(wide, `${locale} phone`).toEqual([]);
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
        }
        await page.screenshot({ path: `${SHOTS}/segments-${locale}-${size}.png`, fullPage: true });
        // Parts at their real size, for looking at (never into docs/).
        await page.locator(".segments-table").screenshot({ path: join(tmpdir(), `revisit-segments-table-${locale}-${size}.png`) });
        await page
          .locator(".rule-segment")
          .first()
          .screenshot({ path: join(tmpdir(), `revisit-segments-rule-${locale}-${size}.png`) });
        await page.locator(".segments-table tbody tr:not(.group)").first().locator(".segment-actions button").first().click();
        await page.waitForSelector(".segment-detail figure");
        await page.locator(".segment-detail").screenshot({ path: join(tmpdir(), `revisit-segments-trend-${locale}-${size}.png`) });
        if (size === "phone")
          expect(await page.evaluate(() => [...document.querySelectorAll(".table-wrap")].filter((w) => w.scrollWidth > w.clientWidth + 1).map((w) => `${w.scrollWidth} > ${w.clientWidth}`))).toEqual(
            [],
          );
        await page.close();
      }
    }
  });
});
