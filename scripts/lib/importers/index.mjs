// Catalog import: read a file, map and check every row locally, send what is valid through
// `PUT /v1/catalog/products` in chunks, and account for every row (accepted or rejected, and why).
import { csvToProducts } from './catalog-csv.mjs';
import { shopifyToProducts } from './shopify.mjs';
import { CHUNK } from './validate.mjs';

/** "shopify" or "csv": by extension first, then by content (a JSON object or array is Shopify's listing). */
export function detectFormat(file, text) {
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return 'shopify';
  if (lower.endsWith('.csv') || lower.endsWith('.tsv') || lower.endsWith('.txt')) return 'csv';
  const head = text.replace(/^\uFEFF/, '').trimStart()[0];
  return head === '{' || head === '[' ? 'shopify' : 'csv';
}

/**
 * Maps a file's text to products, with every row either in `items` or in `errors`.
 * Duplicate ids: the first row keeps the id; later rows with it are rejected (naming the first).
 */
export function readCatalog(text, { format, currency, shop = null, idStyle = 'numeric', file = '' }) {
  let r;
  if (format === 'shopify') {
    let json;
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (e) {
      return { format, items: [], errors: [{ row: 0, field: '(file)', reason: `not valid JSON: ${e.message}` }], warnings: [], rows: 0 };
    }
    r = shopifyToProducts(json, { shop, currency, idStyle });
  } else r = csvToProducts(text, { currency, shop });
  const first = new Map();
  const items = [];
  for (const it of r.items) {
    const prev = first.get(it.product.id);
    if (prev !== undefined) r.errors.push({ row: it.row, field: 'id', reason: `duplicate id "${it.product.id}" (first at ${rowName(format, prev)}; that one is kept)` });
    else first.set(it.product.id, it.row), items.push(it);
  }
  r.errors.sort((a, b) => a.row - b.row);
  return { format, ...r, items, file };
}

export const rowName = (format, row) => (format === 'shopify' ? `product ${row}` : `row ${row}`);

/**
 * Chunks of at most 1,000 products and at most `maxBytes` of JSON (the API refuses bodies over
 * 1 MiB; a thousand products with long URLs and many tags can pass that).
 */
export function chunk(items, { size = CHUNK, maxBytes = 900_000 } = {}) {
  const out = [];
  let cur = [];
  let bytes = 20;
  for (const it of items) {
    const b = JSON.stringify(it.product).length + 1;
    if (cur.length && (cur.length >= size || bytes + b > maxBytes)) out.push(cur), (cur = []), (bytes = 20);
    cur.push(it);
    bytes += b;
  }
  if (cur.length) out.push(cur);
  return out;
}

/** Seconds to wait from a Retry-After header (seconds or an HTTP date), else null. */
export function retryAfterMs(value, now = Date.now()) {
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : Math.max(0, t - now);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends the items. Retries 429 and 5xx and network errors (Retry-After first, else exponential
 * backoff), splits a chunk on 413, and on 400 drops the products the API named and resends the rest.
 * @returns {Promise<{ sent: number, accepted: number, upserted: number, unchanged: number, rejected: Array<{row:number, field:string, reason:string}>, fatal: string|null, total: number|null, requests: number, retries: number }>}
 */
export async function sendCatalog(items, { url, key, onProgress = () => {}, retries = 6, baseDelayMs = 500, fetchImpl = fetch, sleepImpl = sleep }) {
  const out = { sent: 0, accepted: 0, upserted: 0, unchanged: 0, rejected: [], fatal: null, total: null, requests: 0, retries: 0, publishing: 0 };
  const queue = chunk(items);
  let done = 0;
  while (queue.length && !out.fatal) {
    const part = queue.shift();
    let attempt = 0;
    for (;;) {
      let res = null;
      let err = null;
      out.requests++;
      try {
        res = await fetchImpl(`${url}/v1/catalog/products`, {
          method: 'PUT',
          headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ products: part.map((it) => it.product) }),
        });
      } catch (e) {
        err = e.cause?.code ?? e.message;
      }
      if (res?.ok) {
        const body = await res.json();
        out.sent += part.length;
        out.upserted += body.upserted ?? 0;
        out.unchanged += body.unchanged ?? 0;
        out.accepted += part.length;
        out.total = body.total ?? out.total;
        out.publishing = body.publishing ?? 0;
        break;
      }
      const status = res?.status ?? 0;
      const body = res ? await res.json().catch(() => null) : null;
      if (status === 400 && Array.isArray(body?.error?.details)) {
        // The API names the products it refused (path ["products", i, field]); drop them, resend the rest.
        const bad = new Map();
        for (const d of body.error.details) {
          const [top, i, ...field] = d.path ?? [];
          if (top === 'products' && Number.isInteger(i) && part[i] && !bad.has(i)) bad.set(i, { row: part[i].row, field: field.join('.') || '(product)', reason: `refused by the API: ${d.message}` });
        }
        if (bad.size > 0) {
          out.sent += bad.size;
          out.rejected.push(...bad.values());
          const rest = part.filter((_, i) => !bad.has(i));
          done += bad.size;
          onProgress(done);
          if (rest.length) queue.unshift(rest);
          break;
        }
      }
      if (status === 413 && part.length > 1) {
        queue.unshift(part.slice(0, part.length >> 1), part.slice(part.length >> 1));
        break;
      }
      const retryable = !res || status === 429 || status >= 500;
      if (!retryable || attempt >= retries) {
        const why = res ? `${status} ${body?.error?.code ?? ''}: ${body?.error?.message ?? res.statusText}`.trim() : `network error: ${err}`;
        if (status === 401 || status === 403) {
          out.fatal = `the API refused the key (${why})`;
          break;
        }
        out.sent += part.length;
        for (const it of part) out.rejected.push({ row: it.row, field: '(request)', reason: `${why}${retryable ? ` after ${attempt + 1} attempts` : ''}` });
        break;
      }
      attempt++;
      out.retries++;
      const wait = retryAfterMs(res?.headers.get('Retry-After')) ?? Math.min(30_000, baseDelayMs * 2 ** (attempt - 1));
      await sleepImpl(wait);
    }
    if (out.fatal) break;
    done = out.sent;
    onProgress(done);
  }
  return out;
}

/** A progress reporter: a redrawn bar on a terminal, a plain line per step otherwise. */
export function progress(total, { stream = process.stdout, label = 'importing' } = {}) {
  const t0 = Date.now();
  const tty = !!stream.isTTY;
  let last = -1;
  const fmt = (n) => n.toLocaleString('en');
  return {
    update(n) {
      if (n === last) return;
      last = n;
      const s = (Date.now() - t0) / 1000;
      const rate = s > 0 ? Math.round(n / s) : 0;
      const pct = total ? Math.floor((n / total) * 100) : 100;
      if (tty) {
        const w = 30;
        const fill = Math.round((pct / 100) * w);
        stream.write(`\r${label} [${'#'.repeat(fill)}${'.'.repeat(w - fill)}] ${fmt(n)}/${fmt(total)} ${pct}% ${fmt(rate)}/s `);
      } else stream.write(`${label}: ${fmt(n)}/${fmt(total)} (${pct}%)\n`);
    },
    end() {
      if (tty && last >= 0) stream.write('\n');
    },
  };
}

/** Rejections grouped by field and reason (row-specific quoted values folded), with the first few rows of each. */
export function groupRejections(rejected, format, examples = 3) {
  const groups = new Map();
  for (const r of rejected) {
    const first = r.reason.split('; also ')[0];
    const pattern = first
      .replace(/"[^"]*"/g, '"…"')
      .replace(/\(got [^)]*\)/g, '')
      .replace(/\b(row|product) \d+/g, '$1 …')
      .trim();
    const key = `${r.field}: ${pattern}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { field: r.field, reason: pattern, count: 0, examples: [] }));
    g.count++;
    if (g.examples.length < examples) g.examples.push(`${rowName(format, r.row)}: ${r.field} ${r.reason}`);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

/** The final summary as text lines. */
export function summaryLines(s) {
  const fmt = (n) => n.toLocaleString('en');
  const rejected = s.rejected.length;
  const L = [];
  L.push(`site:      ${s.site}${s.siteName ? ` ("${s.siteName}")` : ''} at ${s.url}`);
  L.push(`file:      ${s.file} (${s.format === 'shopify' ? 'Shopify products.json' : 'CSV'}, ${fmt(s.rows)} ${s.format === 'shopify' ? 'products' : 'rows'})`);
  if (s.dryRun) L.push(`dry run:   ${fmt(s.valid)} valid products would be sent in ${fmt(s.chunks)} request${s.chunks === 1 ? '' : 's'}`);
  else L.push(`sent:      ${fmt(s.sent)} in ${fmt(s.requests)} request${s.requests === 1 ? '' : 's'}${s.retries ? ` (${fmt(s.retries)} retried)` : ''}`);
  if (!s.dryRun) L.push(`accepted:  ${fmt(s.accepted)} (${fmt(s.upserted)} new or changed, ${fmt(s.unchanged)} unchanged)${s.total != null ? `; the catalog now holds ${fmt(s.total)} products` : ''}`);
  L.push(`rejected:  ${fmt(rejected)}`);
  for (const g of groupRejections(s.rejected, s.format)) {
    L.push(`  ${fmt(g.count)} × ${g.field}: ${g.reason}`);
    for (const e of g.examples) L.push(`      ${e}`);
    if (g.count > g.examples.length) L.push(`      … and ${fmt(g.count - g.examples.length)} more`);
  }
  L.push(`time:      ${s.seconds.toFixed(1)} s${s.dryRun ? '' : `, ${fmt(Math.round(s.accepted / Math.max(s.seconds, 0.001)))} products/s`}`);
  return L;
}
