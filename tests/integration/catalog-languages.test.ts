import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createSite, json, product, server, visitorHeaders, type ApiError, type Experience, type TestSite } from "./helpers";

/**
 * Issue 15, language: product names per language from the catalog, and quiz answers quoted in the
 * shopper's language. In workerd against the real Site and Profile objects and KV: the title sent
 * per language is what recommendations, the products their reasons name and the saved cart show;
 * plain titles store exactly what they did before; a survey answer is quoted with the option's
 * label in the experience's language ("يناسب إجابتك: بشرة دهنية", never "Oily skin").
 */
let site: TestSite;
const put = (body: unknown) => call("/v1/catalog/products", { method: "PUT", headers: server(site), json: body });
const publish = async () => {
  const stub = env.SITE.get(env.SITE.idFromName(site.siteId));
  const queued = () => runInDurableObject(stub, (_o, state) => state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM rec_dirty").one().n);
  while ((await queued()) > 0) if (!(await runDurableObjectAlarm(stub))) break;
};
const experience = async (visitor: string, query: string) => {
  const res = await call(`/v1/experience${query}`, { headers: visitorHeaders(site, visitor) });
  expect(res.status).toBe(200);
  return json<Experience>(res);
};
const events = (visitor: string, list: unknown[]) => call("/v1/events", { method: "POST", headers: visitorHeaders(site, visitor), json: { events: list } });
const order = (id: string, customerId: string, items: string[]) =>
  call("/v1/orders", {
    method: "POST",
    headers: server(site),
    json: { id, customerId, items: items.map((productId) => ({ productId, quantity: 1, price: 10 })), total: 10 * items.length, currency: "USD", createdAt: "2011-05-01T10:00:00Z" },
  });

const CREAM = { en: "Night cream", ar: "كريم ليلي", fa: "کرم شب" };
const SERUM = { en: "Vitamin serum", ar: "سيروم فيتامين" };

beforeAll(async () => {
  site = await createSite("catalog-languages", {
    surveys: [
      {
        id: "skin",
        questions: [
          {
            id: "type",
            type: "single",
            prompt: { en: "Your skin?", ar: "نوع بشرتك؟", fa: "نوع پوست شما؟" },
            options: [
              { id: "oily", label: { en: "Oily skin", ar: "بشرة دهنية", fa: "پوست چرب" }, tags: ["oily"] },
              { id: "dry", label: { en: "Dry skin" }, tags: ["dry"] },
            ],
          },
        ],
      },
    ],
  });
  const res = await put({
    products: [
      product("cream", { title: CREAM, categories: ["care"] }),
      product("serum", { title: SERUM, categories: ["care"] }),
      product("gel", { title: "Oil-free gel", categories: ["care"], tags: ["oily"] }),
    ],
  });
  expect(res.status).toBe(200);
  for (let i = 0; i < 3; i++) expect((await order(`lang-o-${i}`, `lang-buyer-${i}`, ["cream", "serum"])).status).toBe(201);
  await publish();
});

describe("product names per language", () => {
  it("shows the title in the shopper's language, on the card and in the reason that names a product, English where there is none", async () => {
    const ar = await experience("lang-visitor-00001", "?product=cream&locale=ar");
    expect(ar.recommendations[0]).toMatchObject({ productId: "serum", title: "سيروم فيتامين", reason: { code: "bought_together", ref: "cream", label: "كريم ليلي" } });
    expect(ar.recommendations[0]?.reason.text).toBe("غالباً ما يُشترى مع كريم ليلي");
    const fa = await experience("lang-visitor-00001", "?product=cream&locale=fa");
    expect(fa.recommendations[0]).toMatchObject({ productId: "serum", title: "Vitamin serum", reason: { label: "کرم شب" } }); // no Persian serum title: English
    const en = await experience("lang-visitor-00001", "?product=cream&locale=en");
    expect(en.recommendations[0]).toMatchObject({ title: "Vitamin serum", reason: { label: "Night cream" } });
  });

  it("shows the saved cart's products in the shopper's language", async () => {
    const v = "lang-visitor-00002";
    expect((await events(v, [{ id: "lang-cart-000001", type: "cart", items: [{ productId: "cream", quantity: 2 }] }])).status).toBe(202);
    expect((await experience(v, "?locale=fa")).savedCart?.items[0]).toMatchObject({ productId: "cream", title: "کرم شب", quantity: 2 });
    expect((await experience(v, "?locale=en")).savedCart?.items[0]?.title).toBe("Night cream");
  });

  it("stores plain titles as before (idempotent), and a patched plain title replaces every language", async () => {
    expect(await (await put({ products: [product("gel", { title: "Oil-free gel", categories: ["care"], tags: ["oily"] })] })).json()).toMatchObject({ unchanged: 1 });
    expect(await (await put({ products: [product("cream", { title: CREAM, categories: ["care"] })] })).json()).toMatchObject({ unchanged: 1 });
    expect(await (await put({ patch: [{ id: "serum", title: { en: "Vitamin C serum", ar: "سيروم فيتامين سي", fa: "سرم ویتامین سی" } }] })).json()).toMatchObject({ patched: 1 });
    await publish();
    const fa = await experience("lang-visitor-00003", "?product=cream&locale=fa");
    expect(fa.recommendations.find((r) => r.productId === "serum")?.title).toBe("سرم ویتامین سی");
    expect(await (await put({ patch: [{ id: "serum", title: "Serum" }] })).json()).toMatchObject({ patched: 1 });
    await publish();
    const ar = await experience("lang-visitor-00003", "?product=cream&locale=ar");
    expect(ar.recommendations.find((r) => r.productId === "serum")?.title).toBe("Serum");
  });

  it("refuses a title without English, an unknown language or an empty one, with a 400 naming the field", async () => {
    for (const title of [{ ar: "كريم" }, { en: "Cream", de: "Creme" }, { en: "" }, ""]) {
      const res = await put({ products: [product("bad", { title })] });
      expect(res.status).toBe(400);
      expect(JSON.stringify(await json<ApiError>(res))).toContain("title");
    }
  });
});

describe("quiz answers quoted in the shopper's language", () => {
  it("says which answer a product matches with the option's label in ar and fa, English where the shop wrote no translation", async () => {
    const v = "lang-visitor-00004";
    const answer = (answers: string[]) => call("/v1/surveys/skin/responses", { method: "POST", headers: visitorHeaders(site, v), json: { questionId: "type", answers } });
    expect((await answer(["oily"])).status).toBeLessThan(300);
    const reason = async (locale: string) => (await experience(v, `?locale=${locale}`)).recommendations.find((r) => r.reason.code === "survey_match")?.reason;
    expect(await reason("ar")).toMatchObject({ label: "بشرة دهنية", text: "يناسب إجابتك: بشرة دهنية" });
    expect(await reason("fa")).toMatchObject({ label: "پوست چرب", text: "مطابق پاسخ شما: پوست چرب" });
    expect((await reason("en"))?.text).toBe("Matches your answer: Oily skin");
  });
});
