import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../lib/create-router";
import { CatalogUpsert } from "../../schemas/catalog";
import { errorResponses } from "../../schemas/common";
import { forgetSite, siteStub } from "../../services/store";

export const upsertProductsRoute = createRoute({
  method: "put",
  path: "/v1/catalog/products",
  tags: ["Server"],
  summary: "Bulk upsert (and delete) catalog products",
  description: "Up to 1,000 products per call; send larger catalogs in chunks. Idempotent: the same body twice gives the same catalog.",
  security: [{ secretKey: [] }],
  request: { body: { required: true, content: { "application/json": { schema: CatalogUpsert } } } },
  responses: {
    200: { description: "Applied", content: { "application/json": { schema: z.object({ upserted: z.number().int(), deleted: z.number().int(), total: z.number().int() }) } } },
    ...errorResponses(400, 401, 403, 413),
  },
});

export const catalog = createRouter().openapi(upsertProductsRoute, async (c) => {
  const { products, delete: deletes } = c.req.valid("json");
  const siteId = c.get("site").siteId;
  const result = await siteStub(c.env, siteId).upsertProducts(products, deletes);
  forgetSite(siteId);
  return c.json(result ?? { upserted: 0, deleted: 0, total: 0 }, 200);
});
