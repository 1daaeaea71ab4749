// npm run bench:load: a bounded load test on localhost. Starts the Worker (wrangler dev, throwaway
// local storage, rate limits off since every request comes from one IP), creates a shop with a
// catalog, then 10,000 simulated shoppers send a realistic mix for LOAD_SECONDS (default 30):
// page loads (GET /v1/experience), browser event batches, logins (POST /v1/identify) and orders
// from the shop's backend. Reports throughput, p50/p99 latency per kind and the error count, and
// writes them to bench/load/RESULTS.md and into BENCHMARKS.md's Load section (appended if absent).
//
//   npm run bench:load
//   LOAD_SECONDS=60 LOAD_CONCURRENCY=64 npm run bench:load
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../scripts/lib/free-port.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const SECONDS = Number(process.env.LOAD_SECONDS ?? 30);
const CONCURRENCY = Number(process.env.LOAD_CONCURRENCY ?? 32);
const SHOPPERS = Number(process.env.LOAD_SHOPPERS ?? 10_000);
const CUSTOMER_SHARE = 0.3; // shoppers who have an account and log in
const ADMIN = 'admin_load_token';
const MIX = [
  ['experience', 0.45],
  ['events', 0.35],
  ['identify', 0.1],
  ['order', 0.1],
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rand = (n) => Math.floor(Math.random() * n);

if (!existsSync(join(root, 'dist/public/widget.js'))) {
  console.log('building the widget first (the Worker serves it)…');
  await new Promise((res, rej) =>
    spawn(process.execPath, [join(root, 'scripts/build-widget.mjs')], { cwd: root, stdio: 'ignore' }).on('exit', (c) => (c === 0 ? res() : rej(new Error('build failed')))),
  );
}

const port = await freePort();
const api = `http://127.0.0.1:${port}`;
const state = mkdtempSync(join(tmpdir(), 'revisit-load-'));
const worker = spawn(
  process.execPath,
  [
    `${root}node_modules/wrangler/bin/wrangler.js`,
    'dev',
    '--port',
    String(port),
    '--ip',
    '127.0.0.1',
    '--persist-to',
    state,
    '--var',
    `ADMIN_TOKEN:${ADMIN}`,
    '--var',
    'RATE_LIMITS:off',
    '--inspector-port',
    String(port + 1 > 65535 ? port - 1 : port + 1),
    '--show-interactive-dev-session=false',
    '--log-level',
    'error',
  ],
  { cwd: root, stdio: ['ignore', 'ignore', 'ignore'], detached: true, env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
);
const stop = () => {
  try {
    process.kill(-worker.pid, 'SIGTERM');
  } catch {}
};
process.on('exit', stop);
process.on('SIGINT', () => process.exit(130));

for (let until = Date.now() + 90_000; ; ) {
  try {
    if ((await fetch(`${api}/healthz`)).ok) break;
  } catch {}
  if (Date.now() > until) throw new Error('worker did not come up');
  await sleep(200);
}

async function call(method, path, headers, json) {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: json === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  const body = await res.text();
  return { status: res.status, body };
}

// ---- the shop --------------------------------------------------------------------------------
const created = await call('POST', '/v1/admin/sites', { Authorization: `Bearer ${ADMIN}` }, { id: 'load', name: 'Load shop', allowedOrigins: [] });
if (created.status !== 201) throw new Error(`create site: ${created.status} ${created.body}`);
const site = JSON.parse(created.body);
const sk = { Authorization: `Bearer ${site.secretKey}` };
const products = Array.from({ length: 200 }, (_, i) => ({
  id: `p-${i}`,
  title: `Product ${i}`,
  url: `https://shop.example/p/${i}`,
  price: 5 + (i % 50),
  currency: 'USD',
  categories: [`c-${i % 12}`],
  tags: [`t-${i % 7}`],
}));
const put = await call('PUT', '/v1/catalog/products', sk, { products });
if (put.status !== 200) throw new Error(`catalog: ${put.status} ${put.body}`);

const shoppers = Array.from({ length: SHOPPERS }, (_, i) => ({
  visitor: `load-${i.toString().padStart(6, '0')}-${randomBytes(6).toString('hex')}`,
  customer: i < SHOPPERS * CUSTOMER_SHARE ? `cust-${i}` : null,
}));
const hash = (c) => createHmac('sha256', site.identitySecret).update(c).digest('hex');
const visitorHeaders = (s, identified) => ({
  'X-Revisit-Key': site.publishableKey,
  'X-Revisit-Visitor': s.visitor,
  ...(identified && s.customer ? { 'X-Revisit-Customer': s.customer, 'X-Revisit-Customer-Hash': hash(s.customer) } : {}),
});

let n = 0;
function pick() {
  let r = Math.random();
  for (const [kind, share] of MIX) if ((r -= share) <= 0) return kind;
  return MIX[0][0];
}

function request(kind) {
  const s = shoppers[rand(SHOPPERS)];
  const i = n++;
  switch (kind) {
    case 'experience':
      return ['GET', `/v1/experience?locale=${['en', 'ar', 'fa'][i % 3]}&product=p-${rand(200)}`, visitorHeaders(s, rand(2) === 0), undefined, 200];
    case 'events':
      return [
        'POST',
        '/v1/events',
        visitorHeaders(s, rand(2) === 0),
        {
          events: [
            { id: `e-${i}-a-${randomBytes(4).toString('hex')}`, type: 'product_view', productId: `p-${rand(200)}` },
            { id: `e-${i}-b-${randomBytes(4).toString('hex')}`, type: 'add_to_cart', productId: `p-${rand(200)}`, quantity: 1 + rand(3) },
            { id: `e-${i}-c-${randomBytes(4).toString('hex')}`, type: 'page_view', url: `/p/${rand(200)}` },
          ],
        },
        202,
      ];
    case 'identify': {
      const c = s.customer ?? `cust-${rand(Math.floor(SHOPPERS * CUSTOMER_SHARE))}`;
      return ['POST', '/v1/identify', visitorHeaders(s, false), { customerId: c, hash: hash(c), firstName: 'Load' }, 200];
    }
    case 'order': {
      const c = s.customer ?? `cust-${rand(Math.floor(SHOPPERS * CUSTOMER_SHARE))}`;
      const items = Array.from({ length: 1 + rand(3) }, () => ({ productId: `p-${rand(200)}`, quantity: 1 + rand(2), price: 5 + rand(50) }));
      return [
        'POST',
        '/v1/orders',
        sk,
        { id: `o-${i}-${randomBytes(3).toString('hex')}`, customerId: c, items, total: items.reduce((t, x) => t + x.quantity * x.price, 0), currency: 'USD', createdAt: new Date().toISOString() },
        201,
      ];
    }
  }
}

// ---- run ---------------------------------------------------------------------------------------
const lat = Object.fromEntries(MIX.map(([k]) => [k, []]));
const errors = [];
const load0 = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
console.log(`load: ${SHOPPERS} shoppers, ${CONCURRENCY} concurrent, ${SECONDS} s against ${api}`);
// Warm-up (first-time object creation and JIT), not counted.
await Promise.all(Array.from({ length: 50 }, () => call(...request('experience').slice(0, 4))));
const t0 = performance.now();
const deadline = t0 + SECONDS * 1000;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < deadline) {
      const kind = pick();
      const [method, path, headers, json, expected] = request(kind);
      const t = performance.now();
      try {
        const res = await call(method, path, headers, json);
        lat[kind].push(performance.now() - t);
        if (res.status !== expected && !(kind === 'order' && res.status === 200)) errors.push(`${kind} ${res.status} ${res.body.slice(0, 120)}`);
      } catch (err) {
        errors.push(`${kind} ${err}`);
      }
    }
  }),
);
const wall = (performance.now() - t0) / 1000;
stop();
rmSync(state, { recursive: true, force: true });

const pct = (xs, p) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const all = Object.values(lat).flat();
const rows = [...MIX.map(([k]) => [k, lat[k]]), ['all', all]].map(([k, xs]) => ({
  kind: k,
  requests: xs.length,
  rps: xs.length / wall,
  p50: pct(xs, 50),
  p99: pct(xs, 99),
  max: xs.length ? Math.max(...xs) : 0,
}));
const result = {
  date: new Date().toISOString(),
  seconds: wall,
  concurrency: CONCURRENCY,
  shoppers: SHOPPERS,
  errors: errors.length,
  errorSamples: [...new Set(errors)].slice(0, 10),
  rows,
  cpus: cpus().length,
  loadBefore: load0,
  node: process.version,
};

const fmt = (x) => x.toFixed(1);
const table = [
  '| kind | requests | req/s | p50 ms | p99 ms | max ms |',
  '| --- | --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.kind === 'all' ? '**all**' : r.kind} | ${r.requests} | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} |`),
].join('\n');
console.log(table);
console.log(`errors: ${errors.length}${errors.length ? `\n  ${result.errorSamples.join('\n  ')}` : ''}`);

mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/load.json'), JSON.stringify(result, null, 2));
const section = `## Load (\`npm run bench:load\`)

${SHOPPERS.toLocaleString('en')} simulated shoppers (${Math.round(CUSTOMER_SHARE * 100)}% with accounts) against \`wrangler dev\` on localhost (local SQLite Durable Objects and KV, rate limits off because every request comes from one IP), ${CONCURRENCY} requests in flight for ${fmt(wall)} s. Mix: ${MIX.map(([k, s]) => `${Math.round(s * 100)}% ${k}`).join(', ')} (experience with a product page and locale; event batches of a product view, an add-to-cart and a page view; identify with a valid HMAC, merging the visitor; trusted orders of 1-3 items with the secret key). Latency is client-side, including Node's fetch. Run ${result.date}, ${result.cpus} cores, load average before ${load0} (a shared machine: other work slows every number), Node ${process.version}.

${table}

Errors: **${errors.length}** (target 0)${errors.length ? `; samples: ${result.errorSamples.map((e) => `\`${e}\``).join(', ')}` : ''}. One \`wrangler dev\` process serves everything here, on the same 2 cores as the load generator; on Cloudflare each shopper's Durable Object runs where the shopper is, so these numbers are a floor for one machine, not a capacity estimate.`;
// bench/load/RESULTS.md is what bench/report.mjs carries into a regenerated BENCHMARKS.md; the
// section in BENCHMARKS.md itself is replaced in place (or appended) so it is current right away.
mkdirSync(join(root, 'bench/load'), { recursive: true });
writeFileSync(join(root, 'bench/load/RESULTS.md'), `${section}\n`);
const file = join(root, 'BENCHMARKS.md');
const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
const at = current.indexOf('## Load (`npm run bench:load`)');
const end = at < 0 ? -1 : current.indexOf('\n## ', at + 1);
const next = at < 0 ? `${current.trimEnd()}\n\n${section}\n` : `${current.slice(0, at)}${section}\n${end < 0 ? '' : current.slice(end)}`;
writeFileSync(file, next);
console.log('BENCHMARKS.md updated (load section).');
process.exit(errors.length ? 1 : 0);
