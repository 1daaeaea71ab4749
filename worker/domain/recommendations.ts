import type { ProductCard, Reason, Recommendation } from "./experience-types";

/** The catalog fields scoring needs (a subset of the Product schema). */
export interface CatalogItem extends ProductCard {
  categories: string[];
  tags: string[];
  inStock: boolean;
  membersOnly: boolean;
  replenishDays: number | null;
}

export interface ShopperSignals {
  /** Most recent first. */
  recentlyViewed: string[];
  categoryViews: Record<string, number>;
  /** Tags from survey answers, with the answer label that produced each. */
  answerTags: { tag: string; label: string }[];
  purchased: string[];
  isMember: boolean;
}

export interface RecommendInput {
  catalog: CatalogItem[];
  signals: ShopperSignals;
  /** Product ids by recent popularity, best first (the fallback for brand-new visitors). */
  popular: string[];
  /** The product on the current page: never recommended, and its category counts as interest. */
  currentProductId: string | null;
  categoryName: (id: string) => string;
  limit: number;
}

/** At most this many items from one category, so the list is not ten near-identical items. */
const PER_CATEGORY = 3;

/**
 * First-depth recommendations: survey answers, recently viewed, same category, popular.
 * Each signal adds to a product's score and the strongest one becomes its reason.
 * Filters: out of stock, the current product, members-only for non-members, durables already bought.
 */
export function recommend(input: RecommendInput): Recommendation[] {
  const { catalog, signals, popular, currentProductId, limit } = input;
  const byId = new Map(catalog.map((p) => [p.productId, p]));
  const purchased = new Set(signals.purchased);
  const current = currentProductId ? byId.get(currentProductId) : undefined;

  const interest = new Map<string, number>(Object.entries(signals.categoryViews));
  for (const c of current?.categories ?? []) interest.set(c, (interest.get(c) ?? 0) + 5);
  const topInterest = Math.max(1, ...interest.values());

  const scored: { item: CatalogItem; score: number; reason: Reason }[] = [];
  for (const item of catalog) {
    if (!item.inStock || item.productId === currentProductId) continue;
    if (item.membersOnly && !signals.isMember) continue;
    if (purchased.has(item.productId) && item.replenishDays === null) continue;

    let best: { score: number; reason: Reason } | null = null;
    const offer = (score: number, reason: Reason) => {
      if (!best || score > best.score) best = { score, reason };
      return score;
    };
    let score = 0;
    const match = signals.answerTags.find((a) => item.tags.includes(a.tag));
    if (match) score += offer(4, { code: "survey_match", ref: match.tag, label: match.label });
    const seen = signals.recentlyViewed.indexOf(item.productId);
    if (seen >= 0) score += offer(2.5 - seen * 0.05, { code: "recently_viewed", ref: item.productId, label: item.title });
    const cat = strongestCategory(item.categories, interest);
    if (cat) score += offer((2 * cat.weight) / topInterest, { code: "same_category", ref: cat.id, label: input.categoryName(cat.id) });
    const rank = popular.indexOf(item.productId);
    score += offer(rank >= 0 ? 1 - rank / (popular.length + 1) : 0.1, { code: "popular", ref: null, label: null });
    scored.push({ item, score, reason: (best as { reason: Reason } | null)?.reason ?? { code: "popular", ref: null, label: null } });
  }

  scored.sort((a, b) => b.score - a.score || a.item.productId.localeCompare(b.item.productId));
  const perCategory = new Map<string, number>();
  const out: Recommendation[] = [];
  for (const { item, reason } of scored) {
    const c = item.categories[0] ?? "";
    if ((perCategory.get(c) ?? 0) >= PER_CATEGORY && reason.code !== "survey_match") continue;
    perCategory.set(c, (perCategory.get(c) ?? 0) + 1);
    out.push({ productId: item.productId, title: item.title, url: item.url, image: item.image, price: item.price, currency: item.currency, reason });
    if (out.length >= limit) break;
  }
  return out;
}

function strongestCategory(categories: string[], interest: Map<string, number>) {
  let best: { id: string; weight: number } | null = null;
  for (const id of categories) {
    const weight = interest.get(id) ?? 0;
    if (weight > 0 && (!best || weight > best.weight)) best = { id, weight };
  }
  return best;
}
