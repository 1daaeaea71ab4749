// Fixtures for the CPU benchmark, made through the public API only: one site per catalog size
// (1k / 10k / 100k products via chunked `PUT /v1/catalog/products`), a long-history customer on
// each (trusted orders + 10,000 product views), and on the smallest site customers with shorter
// histories for the growth series. What was made is recorded in <state>/fixtures.json, so a
// persisted state folder is seeded once and reused by later runs (and a stopped seeding resumes).
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ADMIN = 'admin_bench_token';
export const ORIGIN = 'https://shop.bench.example';
/** Bump when the fixture's shape changes: an older state folder is then seeded afresh. */
export const FIXTURE_VERSION = 2;
const CHUNK = 1000; // the API's cap per call (CATALOG_CHUNK); fewer calls beat smaller bodies here
const CATEGORIES = Array.from({ length: 40 }, (_, i) => `cat-${i}`);
const TAGS = Array.from({ length: 60 }, (_, i) => `tag-${i}`);
const DAY = 86_400_000;

export const pid = (i) => `p-${String(i).padStart(6, '0')}`;

/** A product shaped like a real shop's feed entry (about 350 bytes of JSON). */
export const product = (i) => ({
  id: pid(i),
  title: `Product ${i} – hand-made ${['cream', 'candle', 'tea', 'mug', 'scarf'][i % 5]} in ${['rose', 'cedar', 'matcha', 'oat', 'sand'][(i >> 3) % 5]}`,
  url: `${ORIGIN}/products/${pid(i)}`,
  image: `${ORIGIN}/images/${pid(i)}.webp`,
  price: 5 + (i % 95),
  currency: 'USD',
  categories: [CATEGORIES[i % 40], CATEGORIES[(i * 7) % 40]],
  tags: [TAGS[i % 60], TAGS[(i * 11) % 60], TAGS[(i * 17) % 60]],
  inStock: i % 13 !== 0,
  membersOnly: i % 50 === 0,
  replenishDays: i % 5 === 2 ? 60 : null,
});

async function api(base, path, { method = 'GET', headers = {}, json } = {}, attempt = 1) {
  const res = await fetch(base + path, { method, headers: { ...(json ? { 'Content-Type': 'application/json' } : {}), ...headers }, body: json ? JSON.stringify(json) : undefined });
  const text = await res.text();
  // wrangler dev answers 503 when the runtime restarted under a request; every call here is
  // idempotent (ids on orders and events, whole products), so sending it again is safe.
  if (res.status === 503 && attempt < 4) {
    await new Promise((r) => setTimeout(r, 2000 * attempt));
    return api(base, path, { method, headers, json }, attempt + 1);
  }
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON (e.g. the dev server's own error page): `must` reports the text */
  }
  return { status: res.status, body, text };
}
const must = (r, status, what) => {
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${r.text.slice(0, 300)}`);
  return r.body;
};

/** Browser-side headers of an identified customer (publishable key, visitor id, HMAC of the customer id). */
export function shopperHeaders(site, customerId) {
  const hash = createHmac('sha256', site.identitySecret).update(customerId).digest('hex');
  const visitor = `bv${createHmac('sha256', 'v').update(customerId).digest('hex').slice(0, 22)}`;
  return { 'X-Revisit-Key': site.publishableKey, 'X-Revisit-Visitor': visitor, 'X-Revisit-Customer': customerId, 'X-Revisit-Customer-Hash': hash, Origin: ORIGIN };
}

export function loadFixtures(stateDir) {
  const f = join(stateDir, 'fixtures.json');
  const x = existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null;
  return x?.version === FIXTURE_VERSION ? x : { version: FIXTURE_VERSION, sites: {} };
}
const saveFixtures = (stateDir, x) => writeFileSync(join(stateDir, 'fixtures.json'), JSON.stringify(x, null, 2));

/**
 * Makes (or resumes) the site with `size` products and its shoppers. `histories` are the event
 * counts of the shoppers to have (the longest also gets `orders` orders). Returns the site record
 * with timings of whatever was done in this call.
 */
export async function ensureSite(base, stateDir, size, { histories, orders, log }) {
  const fx = loadFixtures(stateDir);
  const key = String(size);
  let s = fx.sites[key];
  const save = () => ((fx.sites[key] = s), saveFixtures(stateDir, fx));
  if (!s) {
    const id = `bench-${size}`;
    const created = must(
      await api(base, '/v1/admin/sites', { method: 'POST', headers: { Authorization: `Bearer ${ADMIN}` }, json: { id, name: `Bench ${size}`, allowedOrigins: [ORIGIN] } }),
      201,
      'create site',
    );
    s = {
      size,
      siteId: created.siteId,
      publishableKey: created.publishableKey,
      secretKey: created.secretKey,
      identitySecret: created.identitySecret,
      seeded: 0,
      published: false,
      shoppers: {},
      timings: {},
    };
    const server = { Authorization: `Bearer ${s.secretKey}` };
    must(
      await api(base, '/v1/site/config', {
        method: 'PUT',
        headers: server,
        json: {
          name: `Bench ${size}`,
          allowedOrigins: [ORIGIN],
          categories: CATEGORIES.map((c) => ({ id: c, name: { en: c } })),
          loyalty: {
            pointsPerUnit: 1,
            tierBasis: 'points',
            tiers: [
              { id: 'silver', name: { en: 'Silver' }, threshold: 200 },
              { id: 'gold', name: { en: 'Gold' }, threshold: 500 },
            ],
          },
        },
      }),
      200,
      'site config',
    );
    save();
  }
  const server = { Authorization: `Bearer ${s.secretKey}` };
  if (s.seeded < size) {
    const t0 = Date.now();
    while (s.seeded < size) {
      const products = Array.from({ length: Math.min(CHUNK, size - s.seeded) }, (_, k) => product(s.seeded + k));
      must(await api(base, '/v1/catalog/products', { method: 'PUT', headers: server, json: { products } }), 200, 'catalog chunk');
      s.seeded += products.length;
      if (s.seeded % 10_000 === 0 || s.seeded === size) log(`site ${size}: ${s.seeded} products sent`), save();
    }
    s.timings.catalogSeconds = (s.timings.catalogSeconds ?? 0) + (Date.now() - t0) / 1000;
    save();
  }
  if (!s.published) {
    // The Site object copies changed products and lists to KV, a batch per call and per alarm
    // (1 s apart). Re-sending one unchanged product is a no-op write that flushes one more batch,
    // so this drives publishing as fast as the object goes, through the public API only.
    const t0 = Date.now();
    for (let i = 0; ; i++) {
      const r = must(await api(base, '/v1/catalog/products', { method: 'PUT', headers: server, json: { products: [product(0)] } }), 200, 'publish');
      if (r.publishing === 0) break;
      if (i % 40 === 0) log(`site ${size}: ${r.publishing} keys left to publish`);
    }
    s.published = true;
    s.timings.publishSeconds = (Date.now() - t0) / 1000;
    save();
  }
  const longest = Math.max(...histories);
  for (const events of histories) {
    const customerId = `bench-shopper-${events}`;
    if (s.shoppers[events]?.done) continue;
    const t0 = Date.now();
    const headers = shopperHeaders(s, customerId);
    const withOrders = events === longest ? orders : 0;
    for (let i = s.shoppers[events]?.orders ?? 0; i < withOrders; i++) {
      // Two years of orders, 1-3 lines each, from the first 1,000 products (some re-bought often).
      const lines = 1 + (i % 3);
      const items = Array.from({ length: lines }, (_, k) => {
        const p = (i * 37 + k * 101) % (i % 4 === 0 ? 40 : 1000);
        return { productId: pid(p), quantity: 1 + (k % 2), price: 5 + (p % 95) };
      });
      const total = items.reduce((a, x) => a + x.price * x.quantity, 0);
      const createdAt = new Date(Date.now() - (withOrders - i) * (730 / withOrders) * DAY).toISOString();
      const r = await api(base, '/v1/orders', { method: 'POST', headers: server, json: { id: `${customerId}-order-${i}`, customerId, items, total, currency: 'USD', createdAt } });
      if (!(r.status === 201 || (r.status === 200 && r.body?.result === 'duplicate'))) must(r, 201, `order ${i}`); // a resumed run may resend one
      s.shoppers[events] = { ...s.shoppers[events], orders: i + 1 };
      if (i % 20 === 0) save();
    }
    for (let sent = s.shoppers[events]?.events ?? 0; sent < events; sent += 50) {
      const batch = Array.from({ length: Math.min(50, events - sent) }, (_, k) => {
        const i = sent + k;
        return { id: `view-${String(i).padStart(6, '0')}`, at: new Date(Date.now() - (events - i) * 60_000).toISOString(), type: 'product_view', productId: pid((i * 53) % Math.min(size, 1000)) };
      });
      must(await api(base, '/v1/events', { method: 'POST', headers, json: { events: batch } }), 202, 'events');
      s.shoppers[events] = { ...s.shoppers[events], events: sent + batch.length };
      if ((sent / 50) % 40 === 0) save();
    }
    must(
      await api(base, '/v1/events', {
        method: 'POST',
        headers,
        json: {
          events: [
            {
              id: 'cart-000001',
              type: 'cart',
              items: [
                { productId: pid(3), quantity: 1 },
                { productId: pid(17), quantity: 2 },
              ],
            },
          ],
        },
      }),
      202,
      'cart',
    );
    s.shoppers[events] = { ...s.shoppers[events], customerId, done: true, orders: withOrders, events, seconds: (Date.now() - t0) / 1000 };
    log(`site ${size}: shopper with ${events} events and ${withOrders} orders in ${s.shoppers[events].seconds.toFixed(1)} s`);
    save();
  }
  return s;
}
