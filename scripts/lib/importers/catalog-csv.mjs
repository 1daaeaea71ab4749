// CSV catalog files → products. Rules (also in the usage text of scripts/import.mjs):
// - the first record is the header; column names are the Product fields (id, title, url, image,
//   price, currency, categories, tags, inStock, membersOnly, replenishDays), matched without regard
//   to case, spaces, "_" or "-" (so in_stock, "In Stock" and instock all work); unknown columns are
//   ignored with a warning; id, title, url and price are required columns;
// - empty cells take the API's defaults (image none, currency the site's, no categories or tags,
//   in stock, not members-only, no replenish interval);
// - categories and tags: several values separated by "|" or ";" (not ",": it is the delimiter);
// - booleans: true/false, yes/no, y/n, 1/0 (any case);
// - price: a plain number with "." for decimals ("19.90"); a currency sign or thousands separator
//   is an error, not a guess;
// - relative url/image ("/products/x") are resolved against --shop when it is given.
import { parseCsv } from './csv.mjs';
import { validateProduct } from './validate.mjs';

const FIELDS = ['id', 'title', 'url', 'image', 'price', 'currency', 'categories', 'tags', 'inStock', 'membersOnly', 'replenishDays'];
const norm = (s) => s.toLowerCase().replace(/[\s_-]+/g, '');
const BY_NORM = new Map(FIELDS.map((f) => [norm(f), f]));
const REQUIRED = ['id', 'title', 'url', 'price'];

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

export const list = (s) =>
  s
    .split(/[|;]/)
    .map((x) => x.trim())
    .filter(Boolean);

function bool(s) {
  const v = s.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return undefined;
}

function absolute(v, shop) {
  if (!shop || !v.startsWith('/') || v.startsWith('//')) return v;
  return new URL(v, shop).href;
}

/**
 * @param {string} text the file
 * @param {{ currency: string, shop?: string|null }} opts
 * @returns {{ items: Array<{ row: number, product: object }>, errors: Array<{ row: number, field: string, reason: string }>, warnings: string[], rows: number }}
 */
export function csvToProducts(text, { currency, shop = null }) {
  const { records, problems } = parseCsv(text);
  const items = [];
  const errors = problems.map((p) => ({ row: p.line, field: '(file)', reason: p.reason }));
  const warnings = [];
  if (records.length === 0) return { items, errors: [...errors, { row: 1, field: '(file)', reason: 'the file is empty' }], warnings, rows: 0 };
  const header = records[0].fields.map((h) => h.trim());
  const cols = new Map();
  header.forEach((h, i) => {
    const f = BY_NORM.get(norm(h));
    if (!f) warnings.push(`column "${h}" is not a product field; ignored`);
    else if (cols.has(f)) warnings.push(`column "${h}" appears twice; the first one is used`);
    else cols.set(f, i);
  });
  const missing = REQUIRED.filter((f) => !cols.has(f));
  if (missing.length)
    return {
      items,
      errors: [...errors, { row: records[0].line, field: '(header)', reason: `missing required column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')} (header: ${header.join(', ')})` }],
      warnings,
      rows: records.length - 1,
    };

  for (const { line, fields } of records.slice(1)) {
    const rowErrors = [];
    const cell = (f) => (cols.has(f) ? (fields[cols.get(f)] ?? '').trim() : '');
    if (fields.length > header.length && fields.slice(header.length).some((x) => x.trim() !== ''))
      rowErrors.push({ field: '(row)', reason: `${fields.length} cells but the header has ${header.length} (an unquoted comma?)` });
    const p = {
      id: cell('id'),
      title: cell('title'),
      url: absolute(cell('url'), shop),
      image: cell('image') ? absolute(cell('image'), shop) : null,
      price: NaN,
      currency: cell('currency') ? cell('currency').toUpperCase() : currency,
      categories: list(cell('categories')),
      tags: list(cell('tags')),
      inStock: true,
      membersOnly: false,
      replenishDays: null,
    };
    const price = cell('price');
    if (price === '') rowErrors.push({ field: 'price', reason: 'is empty' });
    else if (!/^\d+(\.\d+)?$/.test(price)) rowErrors.push({ field: 'price', reason: `"${price}" is not a plain number like 19.90 (no currency sign or thousands separator)` });
    else p.price = Number(price);
    for (const f of ['inStock', 'membersOnly']) {
      const v = cell(f);
      if (v === '') continue;
      const b = bool(v);
      if (b === undefined) rowErrors.push({ field: f, reason: `"${v}" is not true/false, yes/no or 1/0` });
      else p[f] = b;
    }
    const r = cell('replenishDays');
    if (r !== '') {
      if (!/^\d+$/.test(r)) rowErrors.push({ field: 'replenishDays', reason: `"${r}" is not a whole number of days` });
      else p.replenishDays = Number(r);
    }
    for (const e of validateProduct(p)) if (!(e.field === 'price' && rowErrors.some((x) => x.field === 'price'))) rowErrors.push(e);
    if (rowErrors.length) for (const e of rowErrors) errors.push({ row: line, ...e });
    else items.push({ row: line, product: p });
  }
  return { items, errors, warnings, rows: records.length - 1 };
}
