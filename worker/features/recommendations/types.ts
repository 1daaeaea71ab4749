import type { Placement, ProductCard } from "../../../contract/experience";

export type { Placement };

/** The catalog fields scoring needs (a subset of the Product schema). */
export interface CatalogItem extends ProductCard {
  categories: string[];
  tags: string[];
  inStock: boolean;
  membersOnly: boolean;
  replenishDays: number | null;
}

/** One precomputed neighbour: a product often bought by the same shoppers, with its similarity (0..1]. */
export type Neighbour = [productId: string, score: number];

/** What the shop's own orders say about buying a product again. */
export interface RebuyStats {
  /** Identified customers who bought it. */
  buyers: number;
  /** Of those, how many bought it again on a later day. */
  repeaters: number;
  /** Typical (median) days between two purchases by the same customer; null until seen. */
  days: number | null;
}

/**
 * Everything the engine knows about one product, stored per product at the edge
 * (KV `site:{id}:p:{productId}`): its catalog entry, its bounded neighbour list and re-buy stats.
 */
export interface ProductRecord {
  item: CatalogItem;
  nb: Neighbour[];
  rebuy: RebuyStats | null;
}

/** What the engine reads about a shopper (a projection of ProfileState plus the cart). */
export interface Shopper {
  /** Most recent first. */
  recentlyViewed: string[];
  categoryViews: Record<string, number>;
  /** Tags from survey answers, with the answer label that produced each. */
  answerTags: { tag: string; label: string }[];
  /** Per product bought: how many orders and when last (ms). */
  purchases: Record<string, { orders: number; units: number; lastAt: number }>;
  /** Product ids of the latest paid order. */
  lastOrderItems: string[];
  lastOrderAt: number | null;
  /** Product ids in the saved cart. */
  cart: string[];
  /** Product ids saved for later, newest first (features/wishlist); absent where nobody saves (the benchmark replay). */
  saved?: string[];
  isMember: boolean;
}

export interface RecContext {
  placement: Placement;
  /** The product on the current page: never recommended, its neighbours and category lead. */
  productId: string | null;
  /** "Now" for recency, relative to the shop's data (see referenceTime). */
  ref: number;
  limit: number;
  /** Only products the shopper has never bought (discovery, "complete the set"). */
  novelOnly?: boolean;
  /** Localised name of a category id. */
  categoryName: (id: string) => string;
}

/**
 * Where the engine reads precomputed data from. The Worker fills one from KV in a couple of bulk
 * reads; the benchmark and tests fill one from memory. Both run the very same scoring code.
 */
export interface RecLookup {
  record(productId: string): ProductRecord | null | undefined;
  /** A candidate list: `top` (popular), `c:{category}` or `t:{tag}` (popular within a facet). */
  list(key: string): string[] | null | undefined;
}
