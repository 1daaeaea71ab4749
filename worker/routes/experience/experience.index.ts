import { shopperRef } from "../../app-env";
import { buildExperience } from "../../domain/experience";
import { createRouter } from "../../lib/create-router";
import { catalog, popular, profileStub } from "../../services/store";
import { experienceRoute } from "./experience.routes";

/** GET /v1/experience: one profile read (and visit count) plus cached shop data from KV. */
export const experience = createRouter().openapi(experienceRoute, async (c) => {
  const { locale, product } = c.req.valid("query");
  const site = c.get("site");
  const shopper = c.get("shopper");
  const now = Date.now();
  const ref = shopperRef(site.siteId, shopper);
  const [profile, products, top] = await Promise.all([
    profileStub(c.env, ref).visit(ref, now, site.config.visitIdleMinutes * 60_000),
    catalog(c.env, site.siteId),
    popular(c.env, site.siteId),
  ]);
  const body = buildExperience({
    profile,
    identified: shopper.customerId !== null,
    config: site.config,
    catalog: products,
    popular: top,
    locale: locale ?? site.config.locale,
    productId: product ?? null,
    now,
  });
  c.header("Cache-Control", "no-store");
  return c.json(body, 200);
});
