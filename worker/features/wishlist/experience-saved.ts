import type { Locale, SavedList } from "../../../contract/experience";
import type { ProfileState } from "../customers/profile";
import { itemIn } from "../experience/product-titles";
import type { RecLookup } from "../recommendations";
import { MAX_SAVED, newsSinceSaved } from "./wishlist";

/** Product ids the saved block needs records for (loaded with the cart's, in the same bulk read). */
export const savedIds = (p: ProfileState): string[] => (p.saved ?? []).map((i) => i.productId);

/**
 * The experience's `saved` block: each saved product as the catalog has it now, in the shopper's
 * language, with the line it earns (back in stock, cheaper than when saved). Products gone from
 * the catalog are left out (they stay on the list, and come back if the shop restores them).
 */
export function savedBlock(p: ProfileState, lookup: Pick<RecLookup, "record">, locale: Locale): SavedList {
  const items = (p.saved ?? []).flatMap((s) => {
    const r = lookup.record(s.productId);
    if (!r) return [];
    const { productId, title, url, image, price, currency, inStock } = itemIn(r.item, locale);
    return [{ productId, title, url, image, price, currency, inStock, savedAt: new Date(s.at).toISOString(), savedPrice: s.price, news: newsSinceSaved(s, { price, inStock }) }];
  });
  return { items, limit: MAX_SAVED };
}
