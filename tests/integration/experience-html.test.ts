import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { experienceHtmlRoute } from "../../worker/features/experience/experience-html.routes";
import { call, createSite, getExperience, hmacHex, okJson, product, type RouteJson, server, type TestSite, visitorHeaders } from "./helpers";

/**
 * GET /v1/experience/html (issue 16): the shopper's blocks rendered on the server by the widget's
 * own components, for headless shops and edge mode. Inside workerd with the real objects and KV.
 */
type Rendered = RouteJson<typeof experienceHtmlRoute, 200>;

let site: TestSite;
const VISITOR = "html0visitor0000000001";

beforeAll(async () => {
  site = await createSite(`html-${Date.now().toString(36)}`, { locale: "en", currency: "USD", widget: { theme: { "--revisit-accent": "#aa3300" } } });
  const put = await call("/v1/catalog/products", { method: "PUT", headers: server(site), json: { products: [product("p-tea", { title: { en: "Green Tea", ar: "شاي أخضر" } }), product("p-cup")] } });
  expect(put.status).toBeLessThan(300);
});

afterEach(() => vi.useRealTimers());
const T0 = new Date("2026-03-01T10:00:00Z").getTime();
/** The shopper's clock: a visit 40 minutes after the last one is a new visit (a returning shopper). */
const at = (t: number) => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(t);
};

const html = (query: string, headers: Record<string, string>) => call(`/v1/experience/html?${query}`, { headers });

describe("GET /v1/experience/html", () => {
  it("renders each placeholder's block into a declarative shadow root, with the site's theme and the same experience as GET /v1/experience", async () => {
    at(T0);
    await getExperience(visitorHeaders(site, VISITOR)); // a first visit
    at(T0 + 40 * 60_000);
    const res = await html("blocks=greeting,recommendations,nonsense,content:hero", visitorHeaders(site, VISITOR));
    expect(res.headers.get("Cache-Control")).toBe("no-store"); // personal: never cached
    const body = await okJson<Rendered>(res);
    expect(body.blocks.map((b) => b.placeholder)).toEqual(["greeting", "recommendations", "content:hero"]);
    const greeting = body.blocks[0]!;
    expect(greeting.dir).toBe("ltr");
    expect(greeting.html.startsWith('<template shadowrootmode="open"><style>')).toBe(true);
    expect(greeting.html).toContain(":host{--revisit-accent:#aa3300}");
    expect(greeting.html).toMatch(/data-testid="revisit-greeting" data-kind="returning"/);
    expect(greeting.html).toContain("Welcome back");
    expect(body.experience.greeting.kind).toBe("returning");
    // No content for the hero slot: nothing, and no space.
    expect(body.blocks[2]!.html).toBe("");
  });

  it("speaks the shopper's language: Arabic right to left, with the page's digits", async () => {
    const body = await okJson<Rendered>(await html("blocks=greeting&locale=ar&lang=ar-EG", visitorHeaders(site, VISITOR)));
    expect(body.blocks[0]!.dir).toBe("rtl");
    expect(body.blocks[0]!.html).toContain("مرحباً بعودتك");
    expect(body.experience.locale).toBe("ar");
  });

  it("greets a signed-in customer by name, from the shopper's own credentials or from the shop's server with the secret key", async () => {
    expect((await call("/v1/customers/cust-html", { method: "PATCH", headers: server(site), json: { firstName: "Layla" } })).status).toBe(200);
    const layla = visitorHeaders(site, "html0visitor0000000002", { "X-Revisit-Customer": "cust-html", "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, "cust-html") });
    at(T0);
    await getExperience(layla);
    at(T0 + 40 * 60_000); // she comes back
    const asShopper = await okJson<Rendered>(await html("blocks=greeting", layla));
    expect(asShopper.blocks[0]!.html).toContain("Layla");
    at(T0 + 80 * 60_000); // and again, on a page her shop renders on its server
    const asServer = await okJson<Rendered>(await html("blocks=greeting&visitorId=html0visitor0000000003&customerId=cust-html", server(site)));
    expect(asServer.blocks[0]!.html).toContain("Layla");
    expect(asServer.experience.visitor.identified).toBe(true);
    // A forged customer hash names nobody.
    const forged = await html("blocks=greeting", visitorHeaders(site, "html0visitor0000000004", { "X-Revisit-Customer": "cust-html", "X-Revisit-Customer-Hash": "0".repeat(64) }));
    expect(forged.status).toBe(401);
  });

  it("refuses what it cannot serve with a clear 4xx, never a 500", async () => {
    const cases: [string, Record<string, string>, number][] = [
      ["blocks=greeting", {}, 401], // no credentials at all
      ["blocks=", visitorHeaders(site, VISITOR), 400],
      ["blocks=greeting,<script>", visitorHeaders(site, VISITOR), 400],
      [`blocks=${Array(21).fill("greeting").join(",")}`, visitorHeaders(site, VISITOR), 400],
      ["blocks=greeting&lang=not a tag", visitorHeaders(site, VISITOR), 400],
      ["blocks=greeting", server(site), 400], // the secret key without naming the shopper
      ["blocks=greeting&visitorId=short", server(site), 400],
      ["blocks=greeting&visitorId=html0visitor0000000003", { Authorization: `Bearer ${site.publishableKey}` }, 403], // a publishable key is not a secret
      ["blocks=greeting&visitorId=html0visitor0000000003", { Authorization: "Bearer sk_forged_000000000000" }, 401],
    ];
    for (const [query, headers, status] of cases) {
      const res = await html(query, headers);
      expect(res.status, query).toBe(status);
      const body = await res.json<{ error: { code: string; message: string } }>();
      expect(body.error.message, query).toBeTruthy();
    }
  });
});
