import type { Greeting, Recommendation } from "../../../contract/experience";
import { recommend, type RecContext, type RecSource, type Shopper } from "../recommendations";

/**
 * The neutral experience of the personalization holdout (issue 11): what a shopper gets when
 * nothing is personalized, so the shop can compare them with everyone else. What it hides and
 * keeps is decided in experience.ts; the recommendations and greeting it needs live here.
 */

/** The greeting everyone could get: the plain welcome, with no name, tier, lapse or visit history. */
export const NEUTRAL_GREETING: Greeting = { kind: "first_visit", firstName: null, tier: null };

/**
 * The shop's popular picks, the same for every holdout shopper: the engine scores an empty shopper
 * with no page product (so neither history, cart, answers nor "goes with this" steer it), then the
 * page's own product is left out. `isMember` stays: members-only products are a loyalty benefit,
 * and loyalty is never withheld.
 */
export async function neutralRecommendations(ctx: RecContext, src: RecSource, isMember: boolean): Promise<Recommendation[]> {
  const nobody: Shopper = { recentlyViewed: [], categoryViews: {}, answerTags: [], purchases: {}, lastOrderItems: [], lastOrderAt: null, cart: [], isMember };
  const picks = await recommend(nobody, { ...ctx, productId: null, novelOnly: false, limit: ctx.limit + 1 }, src);
  return picks.filter((r) => r.productId !== ctx.productId).slice(0, ctx.limit);
}
