import type { AppRouteHandler } from "../../platform/create-router";
import { forgetSite } from "../../platform/store";
import { siteStub } from "../../platform/stubs";
import type { upsertProductsRoute } from "./catalog.routes";
import { storedPatch, storedProduct } from "./catalog.schemas";

/**
 * Applies one chunk of catalog changes in the site object, then drops the cached product records it
 * touched. Titles sent per language are stored as the English `title` plus `titles` (catalog.schemas.ts).
 */
export const upsertProducts: AppRouteHandler<typeof upsertProductsRoute> = async (c) => {
  const { products, patch, delete: deletes } = c.req.valid("json");
  const siteId = c.get("site").siteId;
  const result = await siteStub(c.env, siteId).upsertProducts(products.map(storedProduct), deletes, patch.map(storedPatch));
  forgetSite(siteId, [...products.map((p) => p.id), ...patch.map((p) => p.id), ...deletes]);
  return c.json(result ?? { upserted: 0, patched: 0, unchanged: 0, deleted: 0, missing: [], total: 0, publishing: 0 }, 200);
};
