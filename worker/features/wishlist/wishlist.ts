/**
 * Save for later (issue 15): the rules of a shopper's saved list and of the news a catalog
 * update brings its savers. Pure: no I/O, no clock (callers pass `now`), so tests drive every
 * branch directly. The list lives on the profile like the cart (customers/profile.ts `saved`);
 * the Site keeps a product → savers index of customers for the fan-out (saver-book.ts).
 */

/** Products one shopper may keep saved: enough for any real wish list, small enough for a profile. */
export const MAX_SAVED = 100;

/**
 * One saved product. `price` and `inStock` are the catalog's when it was saved (null when the
 * edge did not know them), so the experience can tell the shopper what changed since.
 */
export interface SavedItem {
  productId: string;
  at: number;
  price: number | null;
  inStock: boolean | null;
}

/** What saving did: added, already there (nothing changed), or refused because the list is full. */
export type SaveOutcome = "saved" | "already_saved" | "full";

/** Saves a product (newest first). Saving it again changes nothing, so a double tap is harmless. */
export function saveItem(list: readonly SavedItem[], item: SavedItem): { list: SavedItem[]; outcome: SaveOutcome } {
  if (list.some((i) => i.productId === item.productId)) return { list: [...list], outcome: "already_saved" };
  if (list.length >= MAX_SAVED) return { list: [...list], outcome: "full" };
  return { list: [item, ...list], outcome: "saved" };
}

/** Removes a product; `removed` is false when it was not saved (unsaving twice is harmless). */
export function unsaveItem(list: readonly SavedItem[], productId: string): { list: SavedItem[]; removed: boolean } {
  const next = list.filter((i) => i.productId !== productId);
  return { list: next, removed: next.length !== list.length };
}

/**
 * The lists of a visitor and the customer they turn out to be, as one (on identify): every
 * product either saved, once, keeping the earlier save (its price is the one the shopper
 * first saw), newest first, bounded by MAX_SAVED (the oldest make room).
 */
export function mergeSaved(customer: readonly SavedItem[], visitor: readonly SavedItem[]): SavedItem[] {
  const byId = new Map<string, SavedItem>();
  for (const i of [...customer, ...visitor]) {
    const seen = byId.get(i.productId);
    if (!seen || i.at < seen.at) byId.set(i.productId, i);
  }
  return [...byId.values()].sort((a, b) => b.at - a.at || (a.productId < b.productId ? -1 : 1)).slice(0, MAX_SAVED);
}

/** A catalog change a saver hears about. */
export type WishlistNewsKind = "back_in_stock" | "price_drop";

/** The catalog fields the news depends on. */
export interface StockAndPrice {
  price: number;
  inStock: boolean;
}

/**
 * What a catalog update means to the product's savers: back in stock (it was out, now it is in),
 * a price drop (in stock at a lower price than before), both, or nothing. A product that is new
 * or unchanged brings no news, so replaying the same update notifies nobody twice.
 */
export function catalogNews(before: StockAndPrice | null, after: StockAndPrice | null): WishlistNewsKind[] {
  if (!before || !after?.inStock) return [];
  const out: WishlistNewsKind[] = [];
  if (!before.inStock) out.push("back_in_stock");
  if (after.price < before.price) out.push("price_drop");
  return out;
}

/**
 * The line a saved product earns in the shopper's experience: back in stock when it was out of
 * stock when they saved it and is in stock now; a price drop when it is cheaper now than when
 * they saved it. Derived from the catalog on each read, so no saver's profile is written when the
 * catalog changes (the fan-out writes only the shop's webhooks).
 */
export function newsSinceSaved(item: Pick<SavedItem, "price" | "inStock">, now: StockAndPrice): WishlistNewsKind | null {
  if (!now.inStock) return null;
  if (item.inStock === false) return "back_in_stock";
  if (item.price !== null && now.price < item.price) return "price_drop";
  return null;
}

/** The webhook event a kind of news goes out as (features/webhooks/webhooks.ts). */
export const NEWS_EVENT = { back_in_stock: "wishlist.back_in_stock", price_drop: "wishlist.price_drop" } as const;
