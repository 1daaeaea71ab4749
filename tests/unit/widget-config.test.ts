import { describe, expect, it } from "vitest";
import { parseConfig, parseCustomer, resolveLocale } from "../../widget/src/loader/config";
import { buildEvent, cartLines } from "../../widget/src/loader/events";

const H = "ab".repeat(32);
const attrs = (o: Record<string, string>) => (n: string) => o[n] ?? null;

describe("script tag config", () => {
  it("defaults the API base to the script's own origin", () => {
    const c = parseConfig(attrs({ "data-site": "pk_test_demo" }), "http://localhost:8787/widget.js", "en", []);
    expect(c).toMatchObject({ site: "pk_test_demo", api: "http://localhost:8787", locale: "en", consentRequired: false, customer: null });
    expect(parseConfig(attrs({ "data-api": "https://edge.example/" }), "http://x/widget.js", null, []).api).toBe("https://edge.example");
  });
  it("reads the customer identity only when id and hex hash are both present", () => {
    const c = parseConfig(
      attrs({ "data-customer": "c_42", "data-customer-hash": H.toUpperCase(), "data-customer-expires": "1900000000", "data-customer-first-name": " Sara ", "data-customer-email": "s@x.io" }),
      "http://e/widget.js",
      "en",
      [],
    );
    expect(c.customer).toEqual({ id: "c_42", hash: H, expires: 1900000000, firstName: "Sara", email: "s@x.io" });
    expect(parseCustomer({ id: "c1" })).toBeNull();
    expect(parseCustomer({ id: "c1", hash: "not-hex!" })).toBeNull();
    expect(parseCustomer({ id: "c1", hash: "abcdef0123456789" })).toBeNull(); // not a SHA-256 HMAC
    expect(parseCustomer({ id: "bad id with spaces", hash: H })).toBeNull();
    expect(parseCustomer({ id: 42, hash: H, expires: "soon", email: "not-an-email" })).toEqual({ id: "42", hash: H });
  });
  it("consent mode is opt-in by attribute", () => {
    expect(parseConfig(attrs({ "data-consent": "required" }), undefined, null, []).consentRequired).toBe(true);
  });
  it("the server-rendered path is opt-in by attribute, and only for the one value", () => {
    expect(parseConfig(attrs({ "data-render": "server" }), undefined, null, []).ssr).toBe(true);
    expect(parseConfig(attrs({ "data-render": " server " }), undefined, null, []).ssr).toBe(true);
    expect(parseConfig(attrs({ "data-render": "client" }), undefined, null, []).ssr).toBe(false);
    expect(parseConfig(attrs({}), undefined, null, []).ssr).toBe(false);
  });
  it("resolves the locale: attribute, then <html lang>, then the browser, else English", () => {
    expect(resolveLocale("fa", "en", ["ar"])).toBe("fa");
    expect(resolveLocale(null, "ar-EG", ["fa"])).toBe("ar");
    expect(resolveLocale(null, "de", ["fa"])).toBe("en");
    expect(resolveLocale(null, null, ["de-DE", "fa-IR"])).toBe("fa");
    expect(resolveLocale(null, "", [])).toBe("en");
  });
});

describe("events", () => {
  const at = Date.UTC(2026, 0, 2, 3, 4, 5);
  it("builds wire events with id and ISO time", () => {
    expect(buildEvent("page_view", { url: "https://shop/x" }, "id".repeat(8), at)).toEqual({ id: "id".repeat(8), type: "page_view", at: "2026-01-02T03:04:05.000Z", url: "https://shop/x" });
    expect(buildEvent("add_to_cart", { productId: "p1", quantity: 2, junk: 1 }, "e", at)).toEqual({ id: "e", type: "add_to_cart", at: "2026-01-02T03:04:05.000Z", productId: "p1", quantity: 2 });
  });
  it("refuses unknown types and events missing their key field (a 400 would drop the whole batch)", () => {
    expect(buildEvent("impression", {}, "e", at)).toBeNull();
    expect(buildEvent("product_view", {}, "e", at)).toBeNull();
    expect(buildEvent("search", { query: "  " }, "e", at)).toBeNull();
    expect(buildEvent("product_view", { productId: "a b" }, "e", at)).toBeNull();
    expect(buildEvent("category_view", { category: "Face care" }, "e", at)).toBeNull(); // ids, not names
    expect(buildEvent("add_to_cart", { productId: "p1", quantity: 0 }, "e", at)).toEqual({ id: "e", type: "add_to_cart", at: "2026-01-02T03:04:05.000Z", productId: "p1" });
  });
  it("takes a cart snapshot only when every line is valid", () => {
    expect(
      cartLines([
        { productId: "p1", quantity: 1, price: 9.5 },
        { productId: "p2", quantity: 3 },
      ]),
    ).toEqual([
      { productId: "p1", quantity: 1, price: 9.5 },
      { productId: "p2", quantity: 3 },
    ]);
    expect(cartLines([{ productId: "p1", quantity: -1 }])).toBeNull();
    expect(cartLines([{ productId: "p1", quantity: 1000 }])).toBeNull();
    expect(
      cartLines([
        { productId: "p1", quantity: 0 },
        { productId: "p2", quantity: 1 },
      ]),
    ).toEqual([{ productId: "p2", quantity: 1 }]);
    expect(buildEvent("cart", { items: [] }, "e", at)).toMatchObject({ type: "cart", items: [] });
    expect(buildEvent("cart", { items: "nope" }, "e", at)).toBeNull();
  });
});
