import { createRoute } from "@hono/zod-openapi";
import { CatalogResult, CatalogUpsert } from "./catalog.schemas";
import { errorResponses } from "../../platform/schemas";

/** PUT /v1/catalog/products: the shop keeps Revisit's product copy in step with its own catalog. */
export const upsertProductsRoute = createRoute({
  method: "put",
  path: "/v1/catalog/products",
  operationId: "upsertProducts",
  tags: ["Server"],
  summary: "Bulk upsert, update and delete catalog products",
  description: [
    "Up to 1,000 operations per call (`products`, `patch`, `delete` together); send larger catalogs in chunks — 100,000 products is 100 calls.",
    "Idempotent: the same body twice gives the same catalog, and products sent unchanged are not rewritten.",
    '`products` replaces whole products; `patch` changes only the fields given (e.g. `{"id":"p1","inStock":false}`); `delete` removes ids.',
    "Out-of-stock products stay in the catalog (saved carts still show them) but are never recommended.",
    '`title` is one string, or one per language (`{"en":"…","ar":"…","fa":"…"}`, English required): shoppers see it in their language, English where it has none. A patch with a new `title` replaces every language.',
  ].join(" "),
  security: [{ secretKey: [] }],
  request: { body: { required: true, content: { "application/json": { schema: CatalogUpsert } } } },
  responses: {
    200: { description: "Applied", content: { "application/json": { schema: CatalogResult } } },
    ...errorResponses(400, 401, 403, 413),
  },
});
