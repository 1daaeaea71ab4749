import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { allowStyles, styleHash, styleTexts } from "../../worker/edge/csp";
import { earlyAsk, sameAsk } from "../../worker/edge/experience-request";
import { anonymousRequest, sharedCacheable } from "../../worker/edge/origin-cache";
import { pageFacts } from "../../worker/edge/page-facts";
import { scriptJson } from "../../worker/edge/personalize";
import { newVisitor, visitorCookie, visitorOf } from "../../worker/edge/visitor-cookie";

/** Edge mode's pure parts (issue 16); the Worker itself runs in the Chromium tests against `npm start`'s edge. */
const res = (headers: Record<string, string>, status = 200) => ({ status, headers: new Headers(headers) });

describe("page facts, read from the origin's HTML", () => {
  const page = `<!doctype html><html lang="ar-EG" dir="rtl"><head>
<meta name="revisit:product" content=" p-tea ">
<meta name='revisit:placement' content="product">
<script src="https://api.example/widget.js" data-site="pk_live_abc" data-customer="cust&amp;1" data-customer-hash="ab12" data-customer-expires="1900000000" async></script>
</head><body><div class="slot" data-revisit="greeting"></div><section data-revisit='content:hero'></section>
<div data-revisit=recommendations></div><p>data-revisit="not-a-tag"</p></body></html>`;

  it("finds the placeholders in page order, the language, the widget tag's key and customer, and the meta tags", () => {
    expect(pageFacts(page)).toEqual({
      placeholders: ["greeting", "content:hero", "recommendations"],
      lang: "ar-EG",
      locale: "ar",
      publishableKey: "pk_live_abc",
      customer: { id: "cust&1", hash: "ab12", expires: "1900000000" },
      consentRequired: false,
      product: "p-tea",
      placement: "product",
    });
  });

  it("an anonymous page, a page waiting for consent, and a page without the widget", () => {
    const anon = pageFacts('<html lang="en"><script data-site="pk_1" src="/w.js"></script><div data-revisit="greeting"></div>');
    expect(anon.customer).toBeNull();
    expect(anon.locale).toBe("en");
    expect(pageFacts('<script data-site="pk_1" data-consent="required"></script>').consentRequired).toBe(true);
    const none = pageFacts('<html lang="x y"><div data-revisit="greeting"></div>');
    expect(none.publishableKey).toBeNull();
    expect(none.lang).toBeNull();
    expect(none.locale).toBeNull();
  });

  it("takes at most 20 placeholders", () => {
    expect(pageFacts('<div data-revisit="greeting"></div>'.repeat(30)).placeholders).toHaveLength(20);
  });
});

describe("the shop's HTML in the shared cache", () => {
  it("keeps only what the origin lets a shared cache keep", () => {
    expect(sharedCacheable(res({ "Cache-Control": "public, max-age=0, s-maxage=60" }))).toBe(true);
    expect(sharedCacheable(res({ "Cache-Control": "max-age=300" }))).toBe(true);
    expect(sharedCacheable(res({}))).toBe(false);
    expect(sharedCacheable(res({ "Cache-Control": "private, max-age=300" }))).toBe(false);
    expect(sharedCacheable(res({ "Cache-Control": "no-store" }))).toBe(false);
    expect(sharedCacheable(res({ "Cache-Control": "public, s-maxage=60", "Set-Cookie": "a=1" }))).toBe(false);
    expect(sharedCacheable(res({ "Cache-Control": "public, s-maxage=60", Vary: "Accept-Encoding, Cookie" }))).toBe(false);
    expect(sharedCacheable(res({ "Cache-Control": "public, s-maxage=60" }, 404))).toBe(false);
  });

  it("answers from it only requests anonymous to the shop", () => {
    const req = (headers: Record<string, string>, method = "GET") => new Request("https://shop.example/", { method, headers });
    expect(anonymousRequest(req({ Cookie: "revisit_vid=0123456789abcdef; _ga=1" }), ["session"])).toBe(true);
    expect(anonymousRequest(req({ Cookie: "_ga=1; session=s3cret" }), ["session"])).toBe(false);
    expect(anonymousRequest(req({ Authorization: "Basic x" }), ["session"])).toBe(false);
    expect(anonymousRequest(req({}, "POST"), [])).toBe(false);
  });
});

describe("the page's Content-Security-Policy", () => {
  it("hashes a style text as browsers do", async () => {
    expect(await styleHash("a{b:c}")).toBe(`'sha256-${createHash("sha256").update("a{b:c}").digest("base64")}'`);
  });

  it("allows exactly the blocks' styles where styles are limited, and nothing else", () => {
    const h = ["'sha256-AAA='"];
    expect(allowStyles("default-src 'self'; style-src 'self'", h)).toBe("default-src 'self'; style-src 'self' 'sha256-AAA='");
    expect(allowStyles("default-src 'self' https://cdn.example; img-src *", h)).toBe("default-src 'self' https://cdn.example; img-src *; style-src 'self' https://cdn.example 'sha256-AAA='");
    expect(allowStyles("style-src 'self'; style-src-elem 'self'", h)).toBe("style-src 'self'; style-src-elem 'self' 'sha256-AAA='");
    expect(allowStyles("style-src 'none'", h)).toBe("style-src 'sha256-AAA='");
    // Already allowed (a hash would switch 'unsafe-inline' off), or not limited at all: unchanged.
    expect(allowStyles("style-src 'self' 'unsafe-inline'", h)).toBe("style-src 'self' 'unsafe-inline'");
    expect(allowStyles("img-src 'self'", h)).toBe("img-src 'self'");
    expect(allowStyles("style-src 'self' 'sha256-AAA='", h)).toBe("style-src 'self' 'sha256-AAA='");
  });

  it("collects each distinct style text of the rendered blocks once", () => {
    expect(styleTexts(['<template shadowrootmode="open"><style>a{}</style><div></div></template>', "<template><style>a{}</style></template>", "<style>b{}</style>", ""])).toEqual(["a{}", "b{}"]);
  });
});

describe("asking for a returning shopper's experience before the page arrives", () => {
  const page = { publishableKey: "pk_1", locale: null, product: null, placement: null, customer: null } as const;
  const answer = (locale: "en" | "ar" | "fa") => ({ locale }) as Parameters<typeof sameAsk>[2];

  it("guesses only with a configured key, and takes the URL's language", () => {
    expect(earlyAsk(undefined, new URL("https://shop.example/"))).toBeNull();
    expect(earlyAsk("pk_1", new URL("https://shop.example/?locale=ar"))).toEqual({ ...page, locale: "ar" });
    expect(earlyAsk("pk_1", new URL("https://shop.example/?locale=xx"))).toEqual(page);
  });

  it("keeps the early answer only when the page asks the same", () => {
    const guess = earlyAsk("pk_1", new URL("https://shop.example/"))!;
    expect(sameAsk(guess, page, answer("en"))).toBe(true);
    expect(sameAsk(guess, { ...page, locale: "en" }, answer("en"))).toBe(true); // the site's default was the page's
    expect(sameAsk(guess, { ...page, locale: "ar" }, answer("en"))).toBe(false);
    expect(sameAsk(guess, { ...page, customer: { id: "c", hash: "h", expires: null } }, answer("en"))).toBe(false);
    expect(sameAsk(guess, { ...page, product: "p-tea" }, answer("en"))).toBe(false);
    expect(sameAsk(guess, { ...page, placement: "cart" }, answer("en"))).toBe(false);
    expect(sameAsk(guess, { ...page, publishableKey: "pk_other" }, answer("en"))).toBe(false);
    const arabic = earlyAsk("pk_1", new URL("https://shop.example/?locale=ar"))!;
    expect(sameAsk(arabic, { ...page, locale: "ar" }, answer("ar"))).toBe(true);
    expect(sameAsk(arabic, { ...page, locale: "fa" }, answer("ar"))).toBe(false);
  });
});

describe("the experience handed to the widget in the page", () => {
  it("cannot end its script element or open a comment", () => {
    const text = scriptJson({ title: "</script><script>alert(1)</script><!--", sep: "\u2028\u2029" });
    expect(text).not.toMatch(/<\/script|<!--|\u2028|\u2029/i);
    expect(JSON.parse(text)).toEqual({ title: "</script><script>alert(1)</script><!--", sep: "\u2028\u2029" });
  });
});

describe("the visitor cookie", () => {
  it("is the widget's own revisit_vid, read back only when well formed", () => {
    const id = newVisitor();
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(visitorOf(`a=1; revisit_vid=${id}; b=2`)).toBe(id);
    expect(visitorOf("revisit_vid=short")).toBeNull();
    expect(visitorOf("revisit_vid=<script>")).toBeNull();
    expect(visitorOf(null)).toBeNull();
    expect(visitorCookie(id, true)).toBe(`revisit_vid=${id}; Path=/; Max-Age=34560000; SameSite=Lax; Secure`);
    expect(visitorCookie(id, false)).not.toContain("Secure");
  });
});
