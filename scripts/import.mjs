#!/usr/bin/env node
// `npm run import -- <file> --site <id> [--url http://localhost:8787] [--key sk_…]`
// Loads a catalog file into a Revisit site through `PUT /v1/catalog/products`.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { chunk, detectFormat, progress, readCatalog, sendCatalog, summaryLines } from './lib/importers/index.mjs';
import { ID_STYLES } from './lib/importers/shopify.mjs';

const usage = `usage: npm run import -- <file> --site <id> [--key sk_…] [--url http://localhost:8787] [options]

  <file>            a Shopify products.json (storefront listing: { "products": [ … ] }) or a CSV file;
                    the format comes from the extension (.json / .csv), else from the content
  --site <id>       the site to write to; "demo" uses the local demo's key sk_test_demo, any other
                    site needs --key (or REVISIT_KEY). The API picks the site from the key.
  --key <sk_…>      the site's secret key
  --url <url>       Revisit (default REVISIT_URL or http://localhost:8787)
  --shop <origin>   the shop's origin, e.g. https://shop.example: required for products.json
                    (product URLs are <shop>/products/<handle>); for CSV, resolves relative URLs
  --currency <ISO>  currency of the prices (default: the site's currency)
  --id <style>      products.json ids: numeric (default; the id Shopify order webhooks carry),
                    prefixed (shopify-<id>) or handle
  --dry-run         check every row and print the summary without sending anything

CSV: a header row with Product field names (id, title, url, image, price, currency, categories,
tags, inStock, membersOnly, replenishDays; any case, "_"/"-"/spaces ignored); id, title, url and
price are required; several categories or tags are separated by "|" or ";"; booleans are
true/false, yes/no or 1/0; empty cells take the API defaults.`;

function fail(message, code = 2) {
  console.error(`error: ${message}`);
  process.exit(code);
}

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      site: { type: 'string' },
      key: { type: 'string' },
      url: { type: 'string' },
      shop: { type: 'string' },
      currency: { type: 'string' },
      id: { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
} catch (e) {
  fail(`${e.message}\n\n${usage}`);
}
const { values: o, positionals } = args;
if (o.help) console.log(usage), process.exit(0);
if (positionals.length !== 1) fail(`give exactly one file\n\n${usage}`);
if (!o.site) fail(`--site is required\n\n${usage}`);
const file = positionals[0];
const url = (o.url ?? process.env.REVISIT_URL ?? 'http://localhost:8787').replace(/\/+$/, '');
const DEMO_KEYS = { demo: 'sk_test_demo' };
const key = o.key ?? process.env.REVISIT_KEY ?? DEMO_KEYS[o.site];
if (!key) fail(`--key is required for site "${o.site}" (only the local demo site has a default key)`);
if (!/^sk_/.test(key)) fail('--key must be a secret key (sk_…); publishable keys cannot write the catalog');
const idStyle = o.id ?? 'numeric';
if (!ID_STYLES.includes(idStyle)) fail(`--id must be one of ${ID_STYLES.join(', ')}`);
let shop = null;
if (o.shop) {
  try {
    const u = new URL(o.shop);
    if (!/^https?:$/.test(u.protocol)) throw new Error();
    shop = u.origin;
  } catch {
    fail(`--shop must be an http(s) origin like https://shop.example (got "${o.shop}")`);
  }
}
if (o.currency && !/^[A-Z]{3}$/.test(o.currency)) fail(`--currency must be a 3-letter ISO code in capitals, e.g. EUR`);

let text;
try {
  text = readFileSync(file, 'utf8');
} catch (e) {
  fail(`cannot read ${file}: ${e.code ?? e.message}`);
}
const format = detectFormat(file, text);
if (format === 'shopify' && !shop) fail('--shop https://your-shop.example is required for a Shopify products.json (product URLs are built from it)');

// The site: its name and default currency, read with the same key (also checks the key before any row is sent).
let siteName = null;
let currency = o.currency ?? null;
try {
  const res = await fetch(`${url}/v1/site/config`, { headers: { Authorization: `Bearer ${key}` } });
  const body = await res.json().catch(() => null);
  if (res.status === 401 || res.status === 403) fail(`${url} refused the key for site "${o.site}" (${res.status} ${body?.error?.code ?? ''})`, 1);
  if (res.ok) {
    siteName = body?.name ?? null;
    currency ??= body?.currency ?? null;
  } else if (!o['dry-run']) fail(`${url}/v1/site/config answered ${res.status} ${body?.error?.message ?? ''}`, 1);
} catch (e) {
  if (!o['dry-run']) fail(`cannot reach ${url} (${e.cause?.code ?? e.message}); is Revisit running? (npm start)`, 1);
}
currency ??= 'USD';

const t0 = Date.now();
const cat = readCatalog(text, { format, currency, shop, idStyle, file });
for (const w of cat.warnings.slice(0, 10)) console.log(`warning: ${w}`);
if (cat.warnings.length > 10) console.log(`warning: … and ${cat.warnings.length - 10} more`);
console.log(
  `${basename(file)}: ${cat.rows.toLocaleString('en')} ${format === 'shopify' ? 'products' : 'rows'} read, ${cat.items.length.toLocaleString('en')} valid, ${cat.errors.length ? `${new Set(cat.errors.map((e) => e.row)).size.toLocaleString('en')} with problems` : 'none with problems'}; writing to site "${o.site}"${siteName ? ` ("${siteName}")` : ''} at ${url}${o['dry-run'] ? ' (dry run: nothing is sent)' : ''}`,
);

// One entry per rejected row (its first problem is the reason counted; the rest are listed with it).
const byRow = new Map();
for (const e of cat.errors) {
  const prev = byRow.get(e.row);
  if (prev) prev.more.push(`${e.field} ${e.reason}`);
  else byRow.set(e.row, { ...e, more: [] });
}
const local = [...byRow.values()].map((e) => ({ row: e.row, field: e.field, reason: `${e.reason}${e.more.length ? `; also ${e.more.join('; ')}` : ''}` }));

let sent = { sent: 0, accepted: 0, upserted: 0, unchanged: 0, rejected: [], fatal: null, total: null, requests: 0, retries: 0 };
if (!o['dry-run'] && cat.items.length) {
  const bar = progress(cat.items.length);
  bar.update(0);
  sent = await sendCatalog(cat.items, { url, key, onProgress: (n) => bar.update(n) });
  bar.end();
}
const summary = {
  site: o.site,
  siteName,
  url,
  file,
  format,
  rows: cat.rows,
  ...sent,
  rejected: [...local, ...sent.rejected].sort((a, b) => a.row - b.row),
  dryRun: !!o['dry-run'],
  valid: cat.items.length,
  chunks: chunk(cat.items).length,
  seconds: (Date.now() - t0) / 1000,
};
console.log('');
for (const l of summaryLines(summary)) console.log(l);
if (sent.fatal) console.error(`error: ${sent.fatal}; stopped after ${sent.sent.toLocaleString('en')} products`);
if (o['dry-run']) process.exit(cat.items.length > 0 ? 0 : 1);
if (summary.accepted === 0) {
  console.error(`error: nothing was imported${cat.rows === 0 ? ' (no rows in the file)' : ''}`);
  process.exit(1);
}
if (sent.fatal) process.exit(1);
