import { shopperRef } from "../../app-env";
import type { AppRouteHandler } from "../../platform/create-router";
import { ApiError } from "../../platform/errors";
import { productRecords } from "../../platform/store";
import { profileStub } from "../../platform/stubs";
import type { SavedListResult } from "./profile-wishlist";
import type { saveRoute, unsaveRoute } from "./wishlist.routes";
import { MAX_SAVED } from "./wishlist";
import type { SavedListAnswer } from "./wishlist.schemas";

const present = (r: SavedListResult, status: SavedListAnswer["status"]): SavedListAnswer => ({
  status,
  items: r.saved.map((i) => ({ productId: i.productId, savedAt: new Date(i.at).toISOString() })),
  limit: MAX_SAVED,
});

/**
 * Saves a catalog product on the calling shopper's profile, with the price and stock they see now
 * (the experience tells them later when it got cheaper or came back). Unknown products are refused,
 * so a list only ever names real products and the Site's savers index cannot be filled with junk.
 */
export const save: AppRouteHandler<typeof saveRoute> = async (c) => {
  const { productId } = c.req.valid("json");
  const site = c.get("site");
  const record = (await productRecords(c.env, site.siteId, [productId])).get(productId);
  if (!record) throw new ApiError(404, "not_found", `No product "${productId}" in this shop's catalog.`);
  const now = Date.now();
  const ref = shopperRef(site.siteId, c.get("shopper"));
  const r = await profileStub(c.env, ref).saveProduct(ref, { productId, at: now, price: record.item.price, inStock: record.item.inStock }, now);
  if (r.outcome === "full") throw new ApiError(409, "conflict", `The saved list is full (${MAX_SAVED} products): remove one before saving another.`, { limit: MAX_SAVED });
  return r.outcome === "saved" ? c.json(present(r, "saved"), 201) : c.json(present(r, "already_saved"), 200);
};

/** Removes a product from the calling shopper's saved list. */
export const unsave: AppRouteHandler<typeof unsaveRoute> = async (c) => {
  const { productId } = c.req.valid("param");
  const site = c.get("site");
  const ref = shopperRef(site.siteId, c.get("shopper"));
  const r = await profileStub(c.env, ref).unsaveProduct(ref, productId, Date.now());
  return c.json(present(r, r.outcome === "removed" ? "removed" : "not_saved"), 200);
};
