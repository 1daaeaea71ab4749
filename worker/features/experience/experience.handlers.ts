import { shopperRef } from "../../app-env";
import type { AppRouteHandler } from "../../platform/create-router";
import { kvRecSource, topList } from "../../platform/store";
import { profileStub } from "../../platform/stubs";
import { loyaltyBlock } from "../loyalty/loyalty.service";
import { shopperOffers } from "../offers/offers.service";
import { recommend, referenceTime, shopperOf } from "../recommendations";
import { answerTags } from "../surveys/survey";
import { buildExperience, memberAccess, recommendationContext } from "./experience";
import type { experienceRoute } from "./experience.routes";

/**
 * GET /v1/experience: one profile read (and visit count), then recommendations from a few bulk
 * KV reads (the seeds' product records and candidate lists, then the finalists), never the whole catalog.
 */
export const experience: AppRouteHandler<typeof experienceRoute> = async (c) => {
  const { locale, product, placement } = c.req.valid("query");
  const site = c.get("site");
  const shopper = c.get("shopper");
  const now = Date.now();
  const ref = shopperRef(site.siteId, shopper);
  const shown = locale ?? site.config.locale;
  // One call to the shopper's object counts the visit and, for a customer, reads the loyalty facts.
  const [visited, top] = await Promise.all([
    profileStub(c.env, ref).visitWithLoyalty(ref, now, site.config.visitIdleMinutes * 60_000, shopper.customerId ? site.config.loyalty : null),
    topList(c.env, site.siteId),
  ]);
  const profile = visited.profile;
  const loyalty = shopper.customerId && visited.loyalty ? await loyaltyBlock(c.env, site, shopper.customerId, visited.loyalty, shown, visited.referral) : null;
  const identified = shopper.customerId !== null;
  const where = placement ?? (product ? "product" : "home");
  const ctx = recommendationContext(site.config, shown, where, product ?? null, referenceTime(now, top.latestAt, profile.lastOrderAt));
  const src = kvRecSource(c.env, site.siteId, top);
  // Offers need a round trip only when a coded occasion applies; it overlaps the recommendation reads.
  const [recommendations, offers] = await Promise.all([
    recommend(shopperOf(profile, answerTags(profile.answers), memberAccess(site.config, identified, loyalty)), ctx, src),
    shopperOffers(c.env, site, ref, profile, shown, now),
  ]);
  const cartIds = profile.cart?.items.map((i) => i.productId) ?? [];
  await src.load(cartIds, []);
  const cartItems = cartIds.flatMap((id) => {
    const r = src.lookup.record(id);
    return r ? [r.item] : [];
  });
  const body = buildExperience({
    profile,
    identified,
    loyalty,
    config: site.config,
    catalog: cartItems,
    recommendations,
    placement: where,
    locale: shown,
    productId: product ?? null,
    now,
    offers,
  });
  c.header("Cache-Control", "no-store");
  return c.json(body, 200);
};
