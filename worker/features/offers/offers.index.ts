import { createRouter } from "../../platform/create-router";
import { ApiError } from "../../platform/errors";
import { offerCodesRoute } from "./offers.routes";
import { siteStub } from "../../platform/stubs";

/** Server-side offers: code pools the shop uploads (the same pools loyalty rewards use). */
export const offers = createRouter().openapi(offerCodesRoute, async (c) => {
  const { offerId } = c.req.valid("param");
  const site = c.get("site");
  const offer = (site.config.offers ?? []).find((o) => o.id === offerId);
  if (!offer) throw new ApiError(404, "not_found", `No offer "${offerId}" in the site config.`);
  if (offer.kind === "early_access") throw new ApiError(409, "conflict", `Offer "${offerId}" is early access: it has no codes.`);
  if (offer.delivery === "webhook") throw new ApiError(409, "conflict", `Offer "${offerId}" gets its codes from its webhook, not from a pool.`);
  return c.json(await siteStub(c.env, site.siteId).addOfferCodes(offerId, c.req.valid("json").codes), 200);
});
