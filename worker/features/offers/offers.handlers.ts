import type { AppRouteHandler } from "../../platform/create-router";
import { ApiError } from "../../platform/errors";
import { siteStub } from "../../platform/stubs";
import type { offerCodesRoute } from "./offers.routes";

/** Adds codes to a pooled offer's pool; 404 for an unknown offer, 409 for one that takes no pooled codes. */
export const offerCodes: AppRouteHandler<typeof offerCodesRoute> = async (c) => {
  const { offerId } = c.req.valid("param");
  const site = c.get("site");
  const offer = (site.config.offers ?? []).find((o) => o.id === offerId);
  if (!offer) throw new ApiError(404, "not_found", `No offer "${offerId}" in the site config.`);
  if (offer.kind === "early_access") throw new ApiError(409, "conflict", `Offer "${offerId}" is early access: it has no codes.`);
  if (offer.delivery === "webhook") throw new ApiError(409, "conflict", `Offer "${offerId}" gets its codes from its webhook, not from a pool.`);
  return c.json(await siteStub(c.env, site.siteId).addOfferCodes(offerId, c.req.valid("json").codes), 200);
};
