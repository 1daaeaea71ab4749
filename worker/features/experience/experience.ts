import type { Experience, ExperimentArm, Locale, LoyaltySummary, Offer, Placement, Recommendation, SavedCart } from "../../../contract/experience";
import { chooseContent, type ContentConfig } from "./content";
import { shopperSegments } from "../segments/membership";
import { chooseGreeting } from "./greeting";
import { localize, type LocalText } from "../../platform/localize";
import type { ProfileState } from "../customers/profile";
import { reasonSentence } from "../recommendations/reason-text";
import type { CatalogItem, RecContext } from "../recommendations";
import { nextQuestion, type SurveyDef } from "../surveys/survey";
import { inHoldout } from "../experiments/assignment";
import { NEUTRAL_GREETING } from "./neutral";

/** The slice of site configuration the experience reads. */
export interface ExperienceConfig {
  currency: string;
  lapsedAfterDays: number;
  cartUrlTemplate: string | null;
  categories: { id: string; name: LocalText }[];
  loyalty: { tiers: { earlyAccess: boolean }[] };
  surveys: SurveyDef[];
  recommendations: { limit: number };
  widget: Experience["settings"];
  /** Segment-targeted content slots (features/experience/content.ts). */
  content: ContentConfig;
}

export interface ExperienceInput {
  profile: ProfileState;
  identified: boolean;
  /** The customer's loyalty block (worker/features/loyalty/view.ts); null for anonymous visitors. */
  loyalty: LoyaltySummary | null;
  config: ExperienceConfig;
  /** Catalog entries the experience shows outside recommendations (at least the saved cart's). */
  catalog: CatalogItem[];
  /** From the recommendation engine (features/recommendations), already filtered and ranked. */
  recommendations: Recommendation[];
  placement: Placement;
  locale: Locale;
  productId: string | null;
  now: number;
  /** The shopper's offers now, from their profile (features/offers/offers.service.ts). */
  offers: Offer[];
  /** The shopper's arms in the experiments the site lists (features/experiments/assignment.ts `listedArms`). */
  arms: ExperimentArm[];
}

/**
 * Composes everything the widget shows from one profile snapshot and the shop's data. No I/O.
 * A shopper in a holdout gets the neutral experience (neutral.ts): no reason texts, the plain
 * greeting, slot defaults instead of segment-targeted content, no offers, no survey. Loyalty and
 * the saved cart (the shopper's own, not targeting) stay: points are money and are never withheld.
 */
export function buildExperience(x: ExperienceInput): Experience {
  const { profile: p, config, locale } = x;
  const loyalty = x.identified ? x.loyalty : null;
  const tier = loyalty?.tier?.name ?? null;
  const neutral = inHoldout(x.arms);
  const offers = neutral ? [] : x.offers;

  return {
    locale,
    currency: config.currency,
    visitor: { returning: p.visits > 1, visits: p.visits, firstName: p.traits.firstName, tier, identified: x.identified },
    greeting: neutral
      ? { ...NEUTRAL_GREETING }
      : {
          kind: chooseGreeting({
            identified: x.identified,
            visits: p.visits,
            orders: p.orders,
            firstName: p.traits.firstName,
            previousVisitAt: p.previousVisitAt,
            lastOrderAt: p.lastOrderAt,
            now: x.now,
            lapsedAfterDays: config.lapsedAfterDays,
          }),
          firstName: p.traits.firstName,
          tier,
        },
    placement: x.placement,
    recommendations: x.recommendations.map((r) => ({
      ...r,
      reason: neutral ? { code: r.reason.code, ref: r.reason.ref, label: r.reason.label } : { ...r.reason, text: reasonSentence(locale, r.reason) },
    })),
    savedCart: savedCart(p, x.catalog, config),
    loyalty,
    survey: neutral ? null : nextQuestion(config.surveys, p, locale, x.now),
    offers,
    content: chooseContent(config.content, neutral ? new Set<string>() : shopperSegments(p), offers, locale),
    settings: config.widget,
    experiments: x.arms,
  };
}

/** Members-only products: for tiers with early access when the program names any, else for every customer. */
export function memberAccess(config: Pick<ExperienceConfig, "loyalty">, identified: boolean, loyalty: LoyaltySummary | null): boolean {
  const gated = config.loyalty.tiers.some((t) => t.earlyAccess);
  return identified && (!gated || (loyalty?.benefits.earlyAccess ?? false));
}

/** The recommendation engine's context for this request (placement, page product, shop-relative time). */
export function recommendationContext(config: Pick<ExperienceConfig, "categories" | "recommendations">, locale: Locale, placement: Placement, productId: string | null, ref: number): RecContext {
  const names = new Map(config.categories.map((c) => [c.id, c.name]));
  return {
    placement,
    productId,
    ref,
    limit: config.recommendations.limit,
    novelOnly: placement === "cart",
    categoryName: (id) => {
      const n = names.get(id);
      return n ? localize(n, locale) : id;
    },
  };
}

/** The saved cart with catalog details; products no longer sold drop out, an empty cart is null. */
export function savedCart(p: ProfileState, catalog: CatalogItem[], config: Pick<ExperienceConfig, "currency" | "cartUrlTemplate">): SavedCart | null {
  if (!p.cart || p.cart.items.length === 0) return null;
  const byId = new Map(catalog.map((c) => [c.productId, c]));
  const items = p.cart.items.flatMap((line) => {
    const item = byId.get(line.productId);
    if (!item) return [];
    const { productId, title, url, image, price, currency } = item;
    return [{ productId, title, url, image, price, currency, quantity: line.quantity }];
  });
  if (items.length === 0) return null;
  const total = Math.round(items.reduce((s, i) => s + i.price * i.quantity, 0) * 100) / 100;
  const restore = items.map((i) => `${i.productId}:${i.quantity}`).join(",");
  return {
    items,
    total,
    currency: items[0]?.currency ?? config.currency,
    updatedAt: new Date(p.cart.updatedAt).toISOString(),
    restoreUrl: config.cartUrlTemplate ? config.cartUrlTemplate.replace("{items}", encodeURIComponent(restore)) : null,
  };
}
