// Shopify's public storefront listing (`https://<shop>/products.json`, also `collections/<x>/products.json`)
// → products. The file is `{ "products": [ … ] }` (one page; Shopify pages with ?limit=250&page=N),
// or a list of such pages, or a bare array of products.
//
// Product ids: the numeric Shopify product id as a string ("632910392"), by default. That is the id
// Revisit's Shopify order webhook (/v1/integrations/shopify/orders) records for each line item
// (`String(line_item.product_id)`), so orders and imported products meet on the same id; a
// `shopify-` prefix or the handle would leave every webhook purchase pointing at an unknown product.
// `--id handle` (readable, stable across stores) or `--id prefixed` (`shopify-<id>`, for a catalog
// shared with another source) are there for shops that send orders with their own ids.
import { slug, validateProduct } from './validate.mjs';

export const ID_STYLES = ['numeric', 'prefixed', 'handle'];

/** Normalises the file's shape to a flat list of Shopify products. */
export function shopifyProductsOf(json) {
  if (Array.isArray(json)) return json.flatMap((x) => (x && Array.isArray(x.products) ? x.products : [x]));
  if (json && Array.isArray(json.products)) return json.products;
  if (json?.product && typeof json.product === 'object') return [json.product];
  return null;
}

const tagsOf = (t) => (Array.isArray(t) ? t : typeof t === 'string' ? t.split(',') : []).map((x) => String(x).trim()).filter(Boolean);

/** One Shopify product → a Revisit product (no validation). */
export function mapShopifyProduct(s, { shop, currency, idStyle = 'numeric' }) {
  const variants = Array.isArray(s.variants) ? s.variants : [];
  const prices = variants.map((v) => Number(v?.price)).filter((n) => Number.isFinite(n) && n >= 0);
  const id = idStyle === 'handle' ? String(s.handle ?? '') : idStyle === 'prefixed' ? `shopify-${s.id ?? ''}` : String(s.id ?? '');
  const category = s.product_type ? slug(s.product_type, 128) : '';
  const tags = [...new Set(tagsOf(s.tags).map((t) => slug(t) || t.toLowerCase().slice(0, 64)))].slice(0, 50);
  return {
    id,
    title: String(s.title ?? '').trim(),
    url: s.handle ? `${shop.replace(/\/+$/, '')}/products/${encodeURIComponent(s.handle)}` : '',
    image: (Array.isArray(s.images) && s.images[0]?.src) || s.image?.src || null,
    price: prices.length ? Math.min(...prices) : NaN,
    currency,
    categories: category ? [category] : [],
    tags,
    inStock: variants.some((v) => v?.available === true),
    membersOnly: false,
    replenishDays: null,
  };
}

/**
 * @returns {{ items: Array<{ row: number, product: object }>, errors: Array<{ row: number, field: string, reason: string }>, warnings: string[], rows: number }}
 */
export function shopifyToProducts(json, { shop, currency, idStyle = 'numeric' }) {
  const list = shopifyProductsOf(json);
  if (!list) return { items: [], errors: [{ row: 0, field: '(file)', reason: 'not a Shopify products.json: expected { "products": [ … ] }' }], warnings: [], rows: 0 };
  const items = [];
  const errors = [];
  const warnings = [];
  list.forEach((s, i) => {
    const row = i + 1;
    if (!s || typeof s !== 'object') return errors.push({ row, field: '(product)', reason: 'is not an object' });
    const p = mapShopifyProduct(s, { shop, currency, idStyle });
    const errs = validateProduct(p);
    if (!s.handle) errs.push({ field: 'handle', reason: 'is missing (the product URL is built from it)' });
    if (!Array.isArray(s.variants) || s.variants.length === 0) errs.push({ field: 'variants', reason: 'none, so no price' });
    if (s.product_type && p.categories.length === 0) warnings.push(`product ${row}: product_type "${s.product_type}" has no letters or digits a category id can use; left without a category`);
    for (const e of errs) errors.push({ row, ...(e.field === 'price' && errs.some((x) => x.field === 'variants') ? { field: 'variants', reason: 'none, so no price' } : e) });
    if (errs.length === 0) items.push({ row, product: p });
  });
  // One error per field and row is enough (a missing variants list also makes the price fail).
  const seen = new Set();
  return { items, errors: errors.filter((e) => !seen.has(`${e.row}|${e.field}|${e.reason}`) && seen.add(`${e.row}|${e.field}|${e.reason}`)), warnings, rows: list.length };
}
