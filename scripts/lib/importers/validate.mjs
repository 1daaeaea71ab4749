// Local checks of one product against the API's rules (worker/features/catalog/catalog.schemas.ts `Product`), so a
// bad row is reported with its row number and field before anything is sent. The unit tests check
// that these rules agree with the zod schema.

export const ID_RE = /^[A-Za-z0-9._@+-]+$/;
const CURRENCY_RE = /^[A-Z]{3}$/;
export const CHUNK = 1000;

function httpUrl(v) {
  if (typeof v !== 'string' || v === '') return 'is empty';
  if (v.length > 2048) return 'is longer than 2,048 characters';
  if (!/^https?:\/\//i.test(v)) return `must be an http(s) URL (got "${clip(v)}")`;
  try {
    new URL(v);
  } catch {
    return `is not a valid URL ("${clip(v)}")`;
  }
  return null;
}

const clip = (s, n = 40) => (String(s).length > n ? `${String(s).slice(0, n)}…` : String(s));

function id(v) {
  if (typeof v !== 'string' || v === '') return 'is empty';
  if (v.length > 128) return 'is longer than 128 characters';
  if (!ID_RE.test(v)) return `"${clip(v)}" may only use letters, digits and . _ @ + -`;
  return null;
}

/**
 * @param {object} p a product as it would be sent
 * @returns {Array<{ field: string, reason: string }>} empty when the API would accept it
 */
export function validateProduct(p) {
  const out = [];
  const bad = (field, reason) => reason && out.push({ field, reason });
  bad('id', id(p.id));
  if (typeof p.title !== 'string' || p.title.trim() === '') bad('title', 'is empty');
  else if (p.title.length > 300) bad('title', 'is longer than 300 characters');
  bad('url', httpUrl(p.url));
  if (p.image != null) bad('image', httpUrl(p.image));
  if (typeof p.price !== 'number' || !Number.isFinite(p.price)) bad('price', 'is not a number');
  else if (p.price < 0) bad('price', 'is negative');
  else if (p.price > 1e9) bad('price', 'is over 1,000,000,000');
  if (typeof p.currency !== 'string' || !CURRENCY_RE.test(p.currency)) bad('currency', `must be a 3-letter ISO 4217 code in capitals, e.g. USD (got "${clip(p.currency ?? '')}")`);
  const cats = p.categories ?? [];
  if (!Array.isArray(cats)) bad('categories', 'is not a list');
  else {
    if (cats.length > 20) bad('categories', `has ${cats.length} entries; at most 20`);
    for (const c of cats) bad('categories', id(c) && `category ${id(c)}`);
  }
  const tags = p.tags ?? [];
  if (!Array.isArray(tags)) bad('tags', 'is not a list');
  else {
    if (tags.length > 50) bad('tags', `has ${tags.length} entries; at most 50`);
    for (const t of tags) if (typeof t !== 'string' || t.length < 1 || t.length > 64) bad('tags', `tag "${clip(t)}" must be 1–64 characters`);
  }
  for (const f of ['inStock', 'membersOnly']) if (p[f] !== undefined && typeof p[f] !== 'boolean') bad(f, 'is not true or false');
  const r = p.replenishDays;
  if (r != null && !(Number.isInteger(r) && r >= 1 && r <= 3650)) bad('replenishDays', `must be a whole number of days from 1 to 3650 (got ${clip(r)})`);
  return out;
}

/** A slug for ids and tags: lower case, accents dropped, anything else becomes "-". */
export function slug(s, max = 64) {
  return String(s)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._@+]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, max)
    .replace(/[-.]+$/g, '');
}
