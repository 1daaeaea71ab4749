import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseExactJson, readShopifyOrder, ShopifyId } from "../../worker/features/orders/shopify-payload";

describe("parseExactJson", () => {
  it.each([
    ['{"id":9007199254740993}', { id: "9007199254740993" }],
    ['{"id":9007199254740991}', { id: 9007199254740991 }],
    // biome-ignore lint/correctness/noPrecisionLoss: the test feeds a number JSON cannot hold exactly
    ["[1153106273147239511, 1.5, -3, 1e21, 12345678901234567.5]", ["1153106273147239511", 1.5, -3, 1e21, 12345678901234567.5]],
    ['{"note":"9007199254740993 stays text","q":"\\"9007199254740993\\""}', { note: "9007199254740993 stays text", q: '"9007199254740993"' }],
    ['{"a":{"b":[{"c":18446744073709551615}]}}', { a: { b: [{ c: "18446744073709551615" }] } }],
  ])("%s", (text, value) => {
    expect(parseExactJson(text)).toEqual(value);
  });

  it("rejects what JSON.parse rejects", () => {
    for (const bad of ["", "{", '{"id": 1,}', "[9007199254740993", '"unterminated 9007199254740993']) expect(() => parseExactJson(bad)).toThrow();
  });

  it("agrees with JSON.parse, except that unsafe integers written as digits come back as those digits", () => {
    const exact = (_key: string, v: unknown) => (typeof v === "number" && v > Number.MAX_SAFE_INTEGER && v < 1e21 ? String(v) : v);
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        expect(parseExactJson(text)).toEqual(JSON.parse(text, exact));
      }),
    );
  });

  it("stays linear on hostile text (no backtracking)", () => {
    const text = `"${'\\"'.repeat(200_000)}`;
    expect(() => parseExactJson(text)).toThrow();
    expect(() => parseExactJson("9".repeat(500_000))).not.toThrow();
  });
});

describe("ShopifyId", () => {
  it.each([
    [123, "123"],
    ["123", "123"],
    ["gid://shopify/Customer/123", "123"],
    [" gid://shopify/Order/0042 ", "42"],
    ["1153106273147239511", "1153106273147239511"],
  ])("%j → %s", (input, out) => {
    expect(ShopifyId.parse(input)).toBe(out);
  });

  it.each([-1, 1.5, 2 ** 60, "", "abc", "gid://shopify/Customer/", "gid://other/Customer/1", null, {}, []])("refuses %j", (input) => {
    expect(ShopifyId.safeParse(input).success).toBe(false);
  });
});

describe("readShopifyOrder", () => {
  it("never throws, whatever the JSON", () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => void readShopifyOrder(v)));
  });
});
