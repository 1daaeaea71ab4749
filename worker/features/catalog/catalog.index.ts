import { createRoute } from "@hono/zod-openapi";
import { createRouter } from "../../platform/create-router";
import { CatalogResult, CatalogUpsert } from "./catalog.schemas";
import { errorResponses } from "../../platform/schemas";
import { forgetSite } from "../../platform/store";
import { siteStub } from "../../platform/stubs";

export const upsertProductsRoute = createRoute({
  method: "put",
  path: "/v1/catalog/products",
  tags: ["Server"],
  summary: "Bulk upsert, update and delete catalog products",
  description: [
    "Up to 1,000 operations per call (`products`, `patch`, `delete` together); send larger catalogs in chunks — 100,000 products is 100 calls.",
    "Idempotent: the same body twice gives the same catalog, and products sent unchanged are not rewritten.",
    "`products` replaces whole products; `patch` changes only the fields given (e.g. `{\"id\":\"p1\",\"inStock\":false}`); `delete` removes ids.",
    "Out-of-stock products stay in the catalog (saved carts still show them) but are never recommended.",
  ].join(" "),
  security: [{ secretKey: [] }],
  request: { body: { required: true, content: { "application/json": { schema: CatalogUpsert } } } },
  responses: {
    200: { description: "Applied", content: { "application/json": { schema: CatalogResult } } },
    ...errorResponses(400, 401, 403, 413),
  },
});

export const catalog = createRouter().openapi(upsertProductsRoute, async (c) => {
  const { products, patch, delete: deletes } = c.req.valid("json");
  const siteId = c.get("site").siteId;
  const result = await siteStub(c.env, siteId).upsertProducts(products, deletes, patch);
  forgetSite(siteId, [...products.map((p) => p.id), ...patch.map((p) => p.id), ...deletes]);
  return c.json(result ?? { upserted: 0, patched: 0, unchanged: 0, deleted: 0, missing: [], total: 0, publishing: 0 }, 200);
});
