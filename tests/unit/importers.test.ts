import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Product } from "../../worker/features/catalog/catalog.schemas";
// @ts-expect-error: plain ESM scripts without types
import { parseCsv } from "../../scripts/lib/importers/csv.mjs";
// @ts-expect-error: plain ESM scripts without types
import { csvToProducts } from "../../scripts/lib/importers/catalog-csv.mjs";
// @ts-expect-error: plain ESM scripts without types
import { mapShopifyProduct, shopifyToProducts } from "../../scripts/lib/importers/shopify.mjs";
// @ts-expect-error: plain ESM scripts without types
import { slug, validateProduct } from "../../scripts/lib/importers/validate.mjs";
// @ts-expect-error: plain ESM scripts without types
import { chunk, detectFormat, groupRejections, readCatalog, retryAfterMs, sendCatalog } from "../../scripts/lib/importers/index.mjs";

type Item = { row: number; product: Record<string, unknown> };
type Err = { row: number; field: string; reason: string };
const fixture = (f: string) => readFileSync(new URL(`../fixtures/import/${f}`, import.meta.url), "utf8");
const base = { id: "p1", title: "T", url: "https://s.example/p1", image: null, price: 1, currency: "USD", categories: [], tags: [], inStock: true, membersOnly: false, replenishDays: null };

describe("CSV reader", () => {
  it("reads quoted commas, doubled quotes, quoted line breaks, BOM, CRLF and skips blank lines", () => {
    const { records, problems } = parseCsv('\uFEFFa,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\n\r\n\n1,,3\r\n');
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["x, y", 'say "hi"', "two\r\nlines"] },
      { line: 6, fields: ["1", "", "3"] },
    ]);
  });
  it("keeps a last line without a line end, lone CR line ends, and reports an unclosed quote", () => {
    expect(parseCsv("a,b\rc,d").records.map((r: { fields: string[] }) => r.fields)).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    const bad = parseCsv('a,b\n"open,x\ny,z\n');
    expect(bad.problems[0]).toMatchObject({ line: 2 });
  });
  it('keeps a stray quote inside an unquoted field (12" pot)', () => {
    expect(parseCsv('a,12" pot\n').records[0].fields).toEqual(["a", '12" pot']);
  });
});

describe("CSV catalog", () => {
  const r = csvToProducts(fixture("catalog.csv"), { currency: "EUR" }) as { items: Item[]; errors: Err[]; warnings: string[]; rows: number };
  it("maps rows to products with defaults, lists and booleans", () => {
    expect(r.rows).toBe(9); // data records; the blank line is not one
    const byId = Object.fromEntries(r.items.map((i) => [i.product.id, i]).reverse()); // the first row of a duplicated id wins
    expect(byId["imp-rose-soap"]).toEqual({
      row: 2,
      product: {
        id: "imp-rose-soap",
        title: "Rose soap, hand-made",
        url: "https://shop.example/p/imp-rose-soap",
        image: "https://shop.example/i/rose-soap.webp",
        price: 9.5,
        currency: "EUR",
        categories: ["skincare", "bath"],
        tags: ["rose", "gift"],
        inStock: true,
        membersOnly: false,
        replenishDays: 45,
      },
    });
    expect(byId["imp-matcha-tin"]!.product).toMatchObject({ title: 'Matcha tin "ceremonial"', currency: "USD", image: null, inStock: true, replenishDays: 30 });
    // Row numbers are the line a record starts on (the blank line 4 is skipped; this record spans lines 5-6).
    expect(byId["imp-oat-scarf"]).toMatchObject({ row: 5, product: { title: "Oat scarf\r\nwith two lines", categories: [], tags: [], replenishDays: null } });
    expect(byId["imp-cedar-mug"]!.product).toMatchObject({ currency: "USD", inStock: false, membersOnly: true });
    for (const i of r.items) expect(Product.safeParse(i.product).success).toBe(true);
  });
  it("reports each bad row with its row number, field and reason", () => {
    const cat = readCatalog(fixture("catalog.csv"), { format: "csv", currency: "USD" }) as { items: Item[]; errors: Err[] };
    expect(cat.items.map((i) => i.product.id)).toEqual(["imp-rose-soap", "imp-matcha-tin", "imp-oat-scarf", "imp-cedar-mug"]);
    expect(cat.errors.map((e) => [e.row, e.field])).toEqual([
      [7, "url"],
      [8, "id"],
      [9, "price"],
      [11, "id"],
      [12, "inStock"],
    ]);
    expect(cat.errors[0]!.reason).toMatch(/http\(s\)/);
    expect(cat.errors[3]!.reason).toMatch(/duplicate id "imp-rose-soap" \(first at row 2/);
    expect(cat.errors[4]!.reason).toMatch(/"maybe" is not true\/false/);
  });
  it("names a missing required column, warns about unknown ones, flags extra cells", () => {
    const miss = csvToProducts("id,title,price\nx,X,1\n", { currency: "USD" });
    expect(miss.errors[0]).toMatchObject({ row: 1, field: "(header)" });
    expect(miss.errors[0].reason).toMatch(/missing required column: url/);
    const extra = csvToProducts("ID,Title,URL,Price,Colour\nx,X,https://a.example/x,1,red\ny,Y,https://a.example/y,2,blue,oops\n", { currency: "USD" });
    expect(extra.warnings).toEqual(['column "Colour" is not a product field; ignored']);
    expect(extra.items).toHaveLength(1);
    expect(extra.errors).toEqual([{ row: 3, field: "(row)", reason: "6 cells but the header has 5 (an unquoted comma?)" }]);
  });
  it("resolves relative URLs against --shop, and rejects them without it", () => {
    const text = "id,title,url,image,price\nx,X,/products/x,/i/x.png,1\n";
    expect(csvToProducts(text, { currency: "USD", shop: "https://a.example" }).items[0].product).toMatchObject({ url: "https://a.example/products/x", image: "https://a.example/i/x.png" });
    expect(csvToProducts(text, { currency: "USD" }).errors.map((e: Err) => e.field)).toEqual(["url", "image"]);
  });
  it("an empty file or a header only gives nothing to import", () => {
    expect(csvToProducts("", { currency: "USD" }).errors[0].reason).toMatch(/empty/);
    expect(csvToProducts("\uFEFFid,title,url,price\r\n", { currency: "USD" }).items).toEqual([]);
  });
});

describe("Shopify products.json", () => {
  const json = JSON.parse(fixture("shopify-products.json"));
  const opts = { shop: "https://petal.example", currency: "USD" };
  it("maps a storefront product: numeric id, lowest variant price, first image, slugged type and tags, any variant available", () => {
    expect(mapShopifyProduct(json.products[0], opts)).toEqual({
      id: "7012345678901",
      title: "Rose Petal Night Cream",
      url: "https://petal.example/products/rose-petal-night-cream",
      image: "https://cdn.shopify.com/s/files/1/0612/3456/7890/products/rose-night-cream.jpg?v=1693251662",
      price: 24.5,
      currency: "USD",
      categories: ["face-cream"],
      tags: ["rose", "night-care", "vegan"],
      inStock: true,
      membersOnly: false,
      replenishDays: null,
    });
    expect(mapShopifyProduct(json.products[1], opts)).toMatchObject({ image: null, inStock: false, categories: ["home-fragrance"], tags: ["candles", "creme-brulee"] });
  });
  it("other id styles, comma-string tags (Admin API form)", () => {
    expect(mapShopifyProduct(json.products[0], { ...opts, idStyle: "handle" }).id).toBe("rose-petal-night-cream");
    expect(mapShopifyProduct(json.products[0], { ...opts, idStyle: "prefixed" }).id).toBe("shopify-7012345678901");
    expect(mapShopifyProduct({ ...json.products[0], tags: "Rose, Night Care ,  " }, opts).tags).toEqual(["rose", "night-care"]);
  });
  it("rejects a product without variants (no price) by its position, and accepts the rest", () => {
    const r = shopifyToProducts(json, opts);
    expect(r.items.map((i: Item) => i.product.id)).toEqual(["7012345678901", "7012345678902"]);
    expect(r.errors).toEqual([{ row: 3, field: "variants", reason: "none, so no price" }]);
    for (const i of r.items) expect(Product.safeParse(i.product).success).toBe(true);
  });
  it("detects the format by extension, then content", () => {
    expect(detectFormat("x.json", "")).toBe("shopify");
    expect(detectFormat("x.CSV", "{")).toBe("csv");
    expect(detectFormat("feed", '\uFEFF  {"products":[]}')).toBe("shopify");
    expect(detectFormat("feed", "id,title")).toBe("csv");
    expect(readCatalog("{nope", { format: "shopify", currency: "USD", shop: "https://a.example" }).errors[0].reason).toMatch(/not valid JSON/);
  });
});

describe("local validation agrees with the API's Product schema", () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ["valid", {}],
    ["id with space", { id: "a b" }],
    ["id too long", { id: "x".repeat(129) }],
    ["id 128", { id: "x".repeat(128) }],
    ["empty title", { title: "" }],
    ["title 301", { title: "t".repeat(301) }],
    ["ftp url", { url: "ftp://a.example/x" }],
    ["javascript url", { url: "javascript:alert(1)" }],
    ["data image", { image: "data:image/png;base64,AA" }],
    ["negative price", { price: -1 }],
    ["huge price", { price: 2e9 }],
    ["zero price", { price: 0 }],
    ["lower currency", { currency: "usd" }],
    ["bad category", { categories: ["a b"] }],
    ["21 categories", { categories: Array.from({ length: 21 }, (_, i) => `c${i}`) }],
    ["long tag", { tags: ["t".repeat(65)] }],
    ["51 tags", { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }],
    ["replenish 0", { replenishDays: 0 }],
    ["replenish 1.5", { replenishDays: 1.5 }],
    ["replenish 3650", { replenishDays: 3650 }],
    ["unicode tag", { tags: ["ورد"] }],
  ];
  for (const [name, change] of cases)
    it(name, () => {
      const p = { ...base, ...change };
      expect(validateProduct(p).length === 0).toBe(Product.safeParse(p).success);
    });
  it("slugs", () => {
    expect(slug("  Crème Brûlée / Gift ")).toBe("creme-brulee-gift");
    expect(slug("عطر")).toBe("");
  });
});

describe("sending", () => {
  const items = (n: number): Item[] => Array.from({ length: n }, (_, i) => ({ row: i + 2, product: { ...base, id: `p${i}` } }));
  it("chunks by 1,000 operations and by body size", () => {
    expect(chunk(items(2500)).map((c: Item[]) => c.length)).toEqual([1000, 1000, 500]);
    const big = items(10).map((i) => ({ ...i, product: { ...i.product, title: "t".repeat(300) } }));
    expect(chunk(big, { maxBytes: 1500 }).length).toBeGreaterThan(1);
  });
  it("reads Retry-After in seconds or as a date", () => {
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs(null)).toBeNull();
  });
  it("retries 429 (waiting Retry-After) and 503, drops products the API names on 400, and counts everything", async () => {
    const calls: number[] = [];
    const waits: number[] = [];
    const answers = [
      new Response(JSON.stringify({ error: { code: "rate_limited" } }), { status: 429, headers: { "Retry-After": "2" } }),
      new Response("{}", { status: 503 }),
      new Response(JSON.stringify({ error: { code: "invalid_request", details: [{ path: ["products", 1, "url"], message: "an http(s) URL" }] } }), { status: 400 }),
    ];
    const fetchImpl = async (_u: string, init: RequestInit) => {
      const n = JSON.parse(String(init.body)).products.length;
      calls.push(n);
      return answers.shift() ?? new Response(JSON.stringify({ upserted: n, unchanged: 0, total: n }), { status: 200 });
    };
    const r = await sendCatalog(items(3), { url: "http://x", key: "sk_x", fetchImpl, sleepImpl: async (ms: number) => void waits.push(ms) });
    expect(calls).toEqual([3, 3, 3, 2]);
    expect(waits).toEqual([2000, 1000]);
    expect(r).toMatchObject({ sent: 3, accepted: 2, retries: 2, rejected: [{ row: 3, field: "url", reason: "refused by the API: an http(s) URL" }] });
  });
  it("stops on a refused key, gives up on a chunk after the retries", async () => {
    const denied = await sendCatalog(items(2), { url: "http://x", key: "sk_x", fetchImpl: async () => new Response(JSON.stringify({ error: { code: "unauthorized" } }), { status: 401 }) });
    expect(denied.fatal).toMatch(/refused the key/);
    const down = await sendCatalog(items(2), { url: "http://x", key: "sk_x", retries: 2, sleepImpl: async () => {}, fetchImpl: async () => new Response("{}", { status: 500 }) });
    expect(down).toMatchObject({ sent: 2, accepted: 0, retries: 2 });
    expect(down.rejected[0].reason).toMatch(/^500 .* after 3 attempts$/);
  });
  it("groups rejections by field and reason with a few examples", () => {
    const g = groupRejections([1, 2, 3, 4, 5].map((row) => ({ row, field: "price", reason: `"x${row}" is not a plain number` })).concat([{ row: 9, field: "url", reason: "is empty" }]), "csv");
    expect(g.map((x: { count: number; field: string; examples: string[] }) => [x.count, x.field, x.examples.length])).toEqual([
      [5, "price", 3],
      [1, "url", 1],
    ]);
    expect(g[0].examples[0]).toBe('row 1: price "x1" is not a plain number');
  });
});
