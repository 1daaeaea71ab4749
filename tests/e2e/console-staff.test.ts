import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, ConsoleBrowser, DESKTOP, PHONE, SHOTS, signIn } from "./console-kit";

/**
 * The console's Staff and Audit log pages in Chromium against the real stack: the owner invites
 * an editor and a viewer (the link shown once), the viewer signs in with the link and can neither
 * invite nor remove, the owner removes the editor and the editor's open session is refused at
 * once, and the audit log shows those changes with who made them. axe, en/ar/fa, desktop and phone.
 */
const api = inject("apiUrl");
const run = Date.now().toString(36);
const EDITOR = `editor-${run}@tea.example`;
const VIEWER = `viewer-${run}@tea.example`;

const kit = new ConsoleBrowser();

// Expected console errors (the kit's default): the 401 before sign-in and after removal, the viewer's refused invite (403).
const open = (viewport = DESKTOP) => kit.open(viewport);

const signInOwner = (page: Page, locale = "en") => signIn(page, { locale });

async function inviteFromPage(page: Page, email: string, role: "editor" | "viewer"): Promise<string> {
  await page.fill("#invite-email", email);
  await page.selectOption("#invite-role", role);
  await page.click(".invite-form button[type=submit]");
  await page.waitForFunction((e) => document.querySelector(".staff-status")?.textContent?.includes(e), email);
  const url = (await page.textContent("#invite-url")) ?? "";
  expect(url).toMatch(/\/admin\/\?invite=/);
  return url;
}

beforeAll(async () => {
  await kit.start();
});

afterAll(async () => {
  await kit.close();
  expect(kit.errors).toEqual([]);
});

describe("console staff and audit log", () => {
  it("invites, lets a viewer only read, removes an editor (their session ends at once) and logs it all", async () => {
    const owner = await open();
    await signInOwner(owner);
    await owner.click("#console-nav >> text=Staff");
    await owner.waitForSelector(".invite-form");
    // A bad email is refused at its field, and nothing typed is lost.
    await owner.fill("#invite-email", "not-an-email");
    await owner.click(".invite-form button[type=submit]");
    await owner.waitForSelector("#invite-email-error");
    expect(await owner.inputValue("#invite-email")).toBe("not-an-email");

    const editorUrl = await inviteFromPage(owner, EDITOR, "editor");
    const viewerUrl = await inviteFromPage(owner, VIEWER, "viewer");
    await owner.waitForSelector(`tr[data-staff="${EDITOR}"]`);
    expect(await owner.textContent(`tr[data-staff="${VIEWER}"]`)).toContain("Viewer");

    // The editor signs in with the link and stays on a page.
    const editor = await open();
    await editor.goto(editorUrl.replace(/^https?:\/\/[^/]+/, api));
    await editor.click("button[type=submit]");
    await editor.waitForSelector(".kpis");

    // The viewer signs in with the link: the staff page lists the team read-only with a note,
    // no form and no Remove buttons; and the API itself refuses a viewer's invite.
    const viewer = await open();
    await viewer.goto(viewerUrl.replace(/^https?:\/\/[^/]+/, api));
    await viewer.click("button[type=submit]");
    await viewer.waitForSelector(".kpis");
    await viewer.click("#console-nav >> text=Staff");
    await viewer.waitForSelector(".notice");
    await viewer.waitForSelector(`tr[data-staff="${EDITOR}"]`);
    expect(await viewer.locator(`tr[data-staff="${VIEWER}"]`).count()).toBe(1);
    expect(await viewer.locator(".invite-form").count()).toBe(0);
    expect(await viewer.locator(".staff-table button").count()).toBe(0);
    expect(await viewer.locator("#revoke-confirm").count()).toBe(0);
    await viewer.screenshot({ path: `${SHOTS}/staff-viewer-en-desktop.png`, fullPage: true });
    const forged = await viewer.evaluate(async () => {
      const session = (await (await fetch("/admin/session", { credentials: "same-origin" })).json()) as { csrfToken: string };
      const res = await fetch("/v1/staff", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-Revisit-CSRF": session.csrfToken },
        body: JSON.stringify({ email: "sneaky@tea.example", role: "editor" }),
      });
      return res.status;
    });
    expect(forged).toBe(403);

    // The owner removes the editor after confirming; the editor's next request is refused.
    await owner.click(`tr[data-staff="${EDITOR}"] button`);
    await owner.waitForSelector("dialog[open]");
    await owner.click("#revoke-confirm");
    await owner.waitForFunction((e) => !document.querySelector(`tr[data-staff="${e}"]`), EDITOR);
    expect(await owner.textContent(".staff-status")).toContain(EDITOR);
    const status = await editor.evaluate(async () => (await fetch("/v1/site/config", { credentials: "same-origin" })).status);
    expect(status).toBe(401);

    // The audit log names who did what.
    await owner.click("#console-nav >> text=Audit log");
    await owner.waitForSelector(".audit-table");
    const text = (await owner.textContent(".audit-table")) ?? "";
    expect(text).toContain("POST /v1/staff");
    expect(text).toContain("DELETE /v1/staff/");
    // Each staff change names the owner's session as its actor.
    for (const note of [`invited ${EDITOR} as editor`, `invited ${VIEWER} as viewer`, `revoked ${EDITOR}`]) {
      const row = (await owner.locator(".audit-table tbody tr", { hasText: note }).allTextContents()).join("|");
      expect(row).toContain("owner (secret key)");
    }
    await owner.selectOption("#audit-actor", VIEWER);
    const rows = await owner.locator(".audit-table tbody tr").allTextContents();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.includes(VIEWER))).toBe(true);
    expect(await axeViolations(owner)).toEqual([]);
  });

  it("has no serious axe violations and takes screenshots in en, ar and fa, desktop and phone", async () => {
    for (const [size, viewport] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      for (const locale of ["en", "ar", "fa"]) {
        const page = await open(viewport);
        await signInOwner(page, locale);
        await page.goto(`${api}/admin/staff?locale=${locale}`);
        await page.waitForSelector(".staff-table");
        expect(await page.evaluate(() => document.documentElement.dir)).toBe(locale === "en" ? "ltr" : "rtl");
        if (locale !== "en") expect(await axeViolations(page)).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
        await page.screenshot({ path: `${SHOTS}/staff-${locale}-${size}.png`, fullPage: true });
        await page.goto(`${api}/admin/audit-log?locale=${locale}`);
        await page.waitForSelector(".audit-table");
        await page.screenshot({ path: `${SHOTS}/audit-${locale}-${size}.png` });
      }
    }
  });
});
