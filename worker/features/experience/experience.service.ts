import { shopperRef, type Shopper } from "../../app-env";
import type { Env } from "../../env";
import type { SiteRuntime } from "../../platform/kv-layout";
import type { z } from "@hono/zod-openapi";
import type { ExperienceQuery } from "./experience.routes";
import type { Experience } from "./experience.schemas";
import { kvRecSource, topList } from "../../platform/store";
import { insightsStub, profileObjectId, profileStub } from "../../platform/stubs";
import { bestEffort } from "../../platform/best-effort";
import { loyaltyBlock } from "../loyalty/loyalty.service";
import { shopperOffers } from "../offers/offers.service";
import { recommend, referenceTime, shopperOf } from "../recommendations";
import { answerTags } from "../surveys/survey";
import { buildExperience, memberAccess, recommendationContext } from "./experience";
import { inHoldout, listedArms } from "../experiments/assignment";
import { neutralRecommendations } from "./neutral";
import { itemIn, recommendationsIn } from "./product-titles";
import { savedBlock, savedIds } from "../wishlist/experience-saved";

/** The query that steers an experience (locale, page, product, placement). */
export type ExperienceQueryInput = z.infer<typeof ExperienceQuery>;
/** The experience as the API answers it. */
export type ExperienceBody = z.infer<typeof Experience>;

/**
 * What the shopper sees now (GET /v1/experience and its rendered form, /v1/experience/html): one
 * profile read (and visit count), then recommendations from a few bulk
 * KV reads (the seeds' product records and candidate lists, then the finalists), never the whole catalog.
 */
export async function shopperExperience(env: Env, site: SiteRuntime, shopper: Shopper, { locale, product, placement }: ExperienceQueryInput, now: number): Promise<ExperienceBody> {
  const ref = shopperRef(site.siteId, shopper);
  const shown = locale ?? site.config.locale;
  const experiments = site.config.experiments ?? [];
  // One call to the shopper's object counts the visit, gives experiment arms and, for a customer, reads the loyalty facts.
  const [visited, top] = await Promise.all([
    profileStub(env, ref).visitWithLoyalty(ref, now, site.config.visitIdleMinutes * 60_000, shopper.customerId ? site.config.loyalty : null, experiments),
    topList(env, site.siteId),
  ]);
  const profile = visited.profile;
  const arms = listedArms(profile, experiments);
  // The holdout's neutral experience (neutral.ts): popular picks, and no offer is even looked up.
  const neutral = inHoldout(arms);
  const loyalty = shopper.customerId && visited.loyalty ? await loyaltyBlock(env, site, shopper.customerId, visited.loyalty, shown, visited.referral) : null;
  const identified = shopper.customerId !== null;
  const where = placement ?? (product ? "product" : "home");
  const ctx = recommendationContext(site.config, shown, where, product ?? null, referenceTime(now, top.latestAt, profile.lastOrderAt));
  const src = kvRecSource(env, site.siteId, top);
  // Offers need a round trip only when a coded occasion applies; it overlaps the recommendation reads.
  const member = memberAccess(site.config, identified, loyalty);
  const [recommendations, offers] = await Promise.all([
    neutral ? neutralRecommendations(ctx, src, member) : recommend(shopperOf(profile, answerTags(profile.answers, site.config.surveys, shown), member), ctx, src),
    neutral ? [] : shopperOffers(env, site, ref, profile, shown, now),
  ]);
  const cartIds = profile.cart?.items.map((i) => i.productId) ?? [];
  await src.load([...cartIds, ...savedIds(profile)], []);
  const cartItems = cartIds.flatMap((id) => {
    const r = src.lookup.record(id);
    return r ? [itemIn(r.item, shown)] : [];
  });
  const body = buildExperience({
    profile,
    identified,
    loyalty,
    config: site.config,
    catalog: cartItems,
    recommendations: recommendationsIn(recommendations, src.lookup, shown),
    placement: where,
    locale: shown,
    productId: product ?? null,
    now,
    offers,
    arms,
  });
  body.saved = savedBlock(profile, src.lookup, shown);
  // Survey response rates: a survey offered counts once per shopper (the Insights object dedupes).
  const survey = body.survey;
  if (survey) await bestEffort("insights survey count", () => insightsStub(env, site.siteId).recordSurvey(survey.surveyId, 0, now, null, profileObjectId(env, ref)));
  return body;
}
