import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, ConsoleBrowser, DESKTOP, PHONE, SERVER_AUTH, SHOTS, signIn } from "./console-kit";

/**
 * The console's webhooks page in Chromium against the real stack: add an endpoint (a local
 * receiver that answers 500 until told otherwise), send a test event that fails (a test is tried
 * once, so it is a dead letter at once), fix the receiver, Replay the dead letter and see it
 * delivered, send a test that succeeds; axe-core; screenshots in en, ar and fa.
 */
const api = inject("apiUrl");

const kit = new ConsoleBrowser();
let receiver: Server;
let hookUrl = "";
const receiverState = { ok: false, arrivals: [] as { status: number; type: string }[] };
let original: Record<string, unknown>;

const open = (viewport = DESKTOP) => kit.open(viewport);

const signInHere = (page: Page, locale = "en") => signIn(page, { locale, waitFor: ".kpis, .empty" });

async function openWebhooks(page: Page, locale = "en") {
  await page.goto(`${api}/admin/webhooks?locale=${locale}`, { waitUntil: "domcontentloaded" });
  await page.waitForSelector("#wh-endpoints-title");
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      const status = receiverState.ok ? 200 : 500;
      let type = "";
      try {
        type = (JSON.parse(body) as { type: string }).type;
      } catch {
        // not JSON
      }
      receiverState.arrivals.push({ status, type });
      res.writeHead(status).end(status === 200 ? "ok" : "broken");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  original = (await (await fetch(`${api}/v1/site/config`, { headers: SERVER_AUTH })).json()) as Record<string, unknown>;
  await kit.start();
});

afterAll(async () => {
  await kit.close();
  if (original) await fetch(`${api}/v1/site/config`, { method: "PUT", headers: SERVER_AUTH, body: JSON.stringify(original) });
  await new Promise((r) => receiver?.close(r));
  expect(kit.errors).toEqual([]);
});

describe("console webhooks page", () => {
  it("adds an endpoint, a failing test becomes a dead letter, Replay delivers it once the endpoint works, and a test succeeds", async () => {
    const page = await open();
    await signInHere(page);
    await openWebhooks(page);

    // A bad address is refused at its field, and nothing typed is lost.
    await page.getByRole("button", { name: "Add an endpoint" }).click();
    const url = page.locator("ol.endpoint-rows > li").last().locator("input[type=url]");
    await url.fill("not a url");
    await page.click(".save-bar .button.primary");
    const urlId = await url.getAttribute("id");
    await page.waitForSelector(`#${urlId}-error`);
    expect(await url.inputValue()).toBe("not a url");
    await url.fill(hookUrl);
    await page.click(".save-bar .button.primary");
    await page.waitForFunction(() => document.querySelector(".save-bar .save-status")?.textContent === "Saved.");
    const saved = (await (await fetch(`${api}/v1/site/config`, { headers: SERVER_AUTH })).json()) as { webhooks: { url: string; events: string[] }[] };
    expect(saved.webhooks).toContainEqual({ url: hookUrl, events: ["*"] });

    // A test to the broken receiver: tried once, failed, a dead letter.
    await page.selectOption("#wh-test-target", hookUrl);
    await page.getByRole("button", { name: "Send test event" }).click();
    await page.waitForSelector(".test-results .result.dead", { timeout: 20_000 });
    expect(await page.textContent(".test-results .result.dead")).toContain("HTTP 500");
    const deadId = await page.getAttribute(".test-results .result.dead", "data-delivery");
    const deadRow = page.locator(`table.deliveries tr[data-delivery="${deadId}"]`).first();
    await deadRow.waitFor();
    expect(receiverState.arrivals).toEqual([{ status: 500, type: "webhook.test" }]);

    // The receiver is fixed: Replay, and the log shows it delivered.
    receiverState.ok = true;
    await deadRow.getByRole("button", { name: /^Replay/ }).click();
    await page.waitForFunction(() => document.querySelector("#wh-dead-title")?.closest("section")?.querySelector("[role=status]")?.textContent?.startsWith("Sent again"));
    for (let i = 0; i < 40 && !receiverState.arrivals.some((a) => a.status === 200); i++) await page.waitForTimeout(250);
    const logRow = page.locator(`#wh-log-title >> xpath=ancestor::section[1] >> tr[data-delivery="${deadId}"] .status`);
    for (let i = 0; i < 20 && (await logRow.textContent().catch(() => "")) !== "Delivered"; i++) {
      await page.locator("#wh-log-title >> xpath=ancestor::section[1]").getByRole("button", { name: "Refresh" }).click();
      await page.waitForTimeout(250);
    }
    expect(await logRow.textContent()).toBe("Delivered");
    expect(receiverState.arrivals.at(-1)).toEqual({ status: 200, type: "webhook.test" });
    expect(await page.locator(`#wh-dead-title >> xpath=ancestor::section[1] >> tr[data-delivery="${deadId}"]`).count()).toBe(0);

    // A test that works says so.
    await page.getByRole("button", { name: "Send test event" }).click();
    await page.waitForSelector(".test-results .result.delivered", { timeout: 20_000 });
    expect(await page.textContent(".test-results .result.delivered")).toContain("Delivered (HTTP 200)");
    await page.close();
  });

  it("has no serious or critical axe-core violations, in English and Arabic", async () => {
    for (const locale of ["en", "ar"]) {
      const page = await open();
      await signInHere(page, locale);
      await openWebhooks(page, locale);
      await page.waitForSelector("table.deliveries");
      expect(await axeViolations(page), `webhooks ${locale}`).toEqual([]);
      await page.close();
    }
  });

  it("takes screenshots in en, ar and fa at desktop and phone sizes", async () => {
    // One failed test waiting as a dead letter, so the screenshots show both lists.
    receiverState.ok = false;
    await fetch(`${api}/v1/webhooks/test`, { method: "POST", headers: SERVER_AUTH, body: JSON.stringify({ endpoint: hookUrl }) });
    // One sign-in per size; the language is switched with ?locale= (as a shared link would).
    for (const [size, viewport] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      const page = await open(viewport);
      await signInHere(page);
      for (const locale of ["en", "ar", "fa"]) {
        await openWebhooks(page, locale);
        await page.waitForSelector("table.deliveries");
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `no sideways scroll ${locale} ${size}`).toBe(true);
        await page.screenshot({ path: `${SHOTS}/webhooks-${locale}-${size}.png`, fullPage: true });
      }
      await page.close();
    }
  });
});
