import type { Locale, ReasonCode, Recommendation } from "../../../contract/experience";
import { titleIn, type Titles } from "../catalog/catalog.schemas";
import type { CatalogItem, RecLookup } from "../recommendations";

/**
 * Product names in the shopper's language (issue 15): the catalog may carry a title per language
 * (`PUT /v1/catalog/products`, stored as `title` + `titles`); recommendations, the products their
 * reasons name ("Because you viewed …") and the saved cart show it, English where there is none.
 * Pure: reads only the product records the request has already loaded.
 */

/** Reasons whose `ref` is a product id and whose label is that product's title. */
const PRODUCT_REASONS: ReadonlySet<ReasonCode> = new Set(["recently_viewed", "bought_together", "because_you_bought", "buy_again", "complete_the_set", "because_you_saved"]);

type Titled = { title: string; titles?: Titles | undefined };

/** A catalog item with its title in `locale` (the same object when nothing changes). */
export function itemIn<T extends CatalogItem>(item: T, locale: Locale): T {
  const title = titleIn(item as T & Titled, locale);
  return title === item.title ? item : { ...item, title };
}

/** Recommendations with their titles, and the product names their reasons quote, in `locale`. */
export function recommendationsIn(recs: readonly Recommendation[], lookup: Pick<RecLookup, "record">, locale: Locale): Recommendation[] {
  if (locale === "en") return [...recs];
  const title = (id: string | null) => {
    const item = id ? lookup.record(id)?.item : undefined;
    return item ? titleIn(item as CatalogItem & Titled, locale) : null;
  };
  return recs.map((r) => {
    const own = title(r.productId) ?? r.title;
    const label = PRODUCT_REASONS.has(r.reason.code) && r.reason.label !== null ? (title(r.reason.ref) ?? r.reason.label) : r.reason.label;
    return { ...r, title: own, reason: { ...r.reason, label } };
  });
}
