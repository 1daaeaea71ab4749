// npm run chaos: crash durability. Runs the Worker on local persistent storage (wrangler dev),
// drives a mixed load (identified browser events, orders, trait updates), SIGKILLs the whole
// process group (wrangler and workerd) at random moments several times, restarts it on the same
// storage, re-sends every write whose outcome was unknown (all writes are idempotent by id), and
// then checks that every write acknowledged with 2xx is there and nothing was applied twice.
//
//   npm run chaos                      # 5 crashes, 8 concurrent clients
//   CHAOS_CRASHES=10 CHAOS_CLIENTS=16 npm run chaos
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './lib/free-port.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const CRASHES = Number(process.env.CHAOS_CRASHES ?? 5);
const CLIENTS = Number(process.env.CHAOS_CLIENTS ?? 8);
const CUSTOMERS = 12;
const ADMIN = 'admin_chaos_token';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rand = (n) => Math.floor(Math.random() * n);

const port = await freePort();
const api = `http://127.0.0.1:${port}`;
const state = mkdtempSync(join(tmpdir(), 'revisit-chaos-'));
let worker = null;

function start() {
  // detached: its own process group, so one kill reaches wrangler and the workerd it runs.
  worker = spawn(
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
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], detached: true, env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  );
  worker.stderr.on('data', () => {});
}

async function ready(timeoutMs = 90_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${api}/healthz`)).ok) return;
    } catch {}
    await sleep(200);
  }
  throw new Error('worker did not come up');
}

function crash() {
  try {
    process.kill(-worker.pid, 'SIGKILL');
  } catch {}
  worker = null;
}

process.on('exit', () => worker && crash());
process.on('SIGINT', () => process.exit(130));

async function req(method, path, { headers = {}, json } = {}) {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { ...headers, ...(json === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: json === undefined ? undefined : JSON.stringify(json),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, body: await res.text() };
}

// ---- setup -------------------------------------------------------------------------------
console.log(`chaos: ${CRASHES} crashes, ${CLIENTS} clients, state in ${state}`);
start();
await ready();
const created = await req('POST', '/v1/admin/sites', { headers: { Authorization: `Bearer ${ADMIN}` }, json: { id: 'chaos', name: 'Chaos shop', allowedOrigins: [] } });
if (created.status !== 201) throw new Error(`create site: ${created.status} ${created.body}`);
const site = JSON.parse(created.body);
const sk = { Authorization: `Bearer ${site.secretKey}` };
const products = Array.from({ length: 20 }, (_, i) => ({ id: `p-${i}`, title: `Product ${i}`, url: `https://shop.example/p/${i}`, price: 5 + i, currency: 'USD', categories: [`c-${i % 4}`] }));
await req('PUT', '/v1/catalog/products', { headers: sk, json: { products } });

const customers = Array.from({ length: CUSTOMERS }, (_, i) => `chaos-cust-${i}`);
const hash = (c) => createHmac('sha256', site.identitySecret).update(c).digest('hex');

/** Every write, with what we know of its outcome: acked (2xx), or unknown (no answer: crash). */
const writes = [];
let seq = 0;

function nextWrite() {
  const customer = customers[rand(CUSTOMERS)];
  const n = seq++;
  const r = rand(10);
  if (r < 6) {
    const events = Array.from({ length: 1 + rand(3) }, (_, k) => ({
      id: `ev-${n}-${k}-${randomBytes(3).toString('hex')}`,
      type: rand(2) ? 'product_view' : 'search',
      productId: `p-${rand(20)}`,
      query: `q${rand(9)}`,
    })).map((e) => (e.type === 'search' ? { id: e.id, type: e.type, query: e.query } : { id: e.id, type: e.type, productId: e.productId }));
    return {
      kind: 'events',
      customer,
      events,
      send: () =>
        req('POST', '/v1/events', {
          headers: { 'X-Revisit-Key': site.publishableKey, 'X-Revisit-Visitor': `chaos-visitor-${customer}`, 'X-Revisit-Customer': customer, 'X-Revisit-Customer-Hash': hash(customer) },
          json: { events },
        }),
    };
  }
  if (r < 9) {
    const qty = 1 + rand(3);
    const price = 10 + rand(40);
    const order = { id: `order-${n}`, customerId: customer, items: [{ productId: `p-${rand(20)}`, quantity: qty, price }], total: qty * price, currency: 'USD', createdAt: new Date().toISOString() };
    return { kind: 'order', customer, order, send: () => req('POST', '/v1/orders', { headers: sk, json: order }) };
  }
  return { kind: 'traits', customer, send: () => req('PATCH', `/v1/customers/${customer}`, { headers: sk, json: { locale: ['en', 'ar', 'fa'][rand(3)] } }) };
}

let running = true;
let acked = 0;
let unknown = 0;
async function client() {
  while (running) {
    const w = nextWrite();
    writes.push(w);
    try {
      const res = await w.send();
      if (res.status >= 200 && res.status < 300) {
        w.outcome = 'acked';
        acked++;
      } else if (res.status >= 500 || res.status === 503) w.outcome = 'unknown';
      else throw new Error(`${w.kind} refused: ${res.status} ${res.body.slice(0, 200)}`);
    } catch (err) {
      if (String(err).includes('refused')) throw err;
      w.outcome = 'unknown';
      unknown++;
      await sleep(100);
    }
  }
}

// ---- load with crashes ---------------------------------------------------------------------
for (let round = 0; round <= CRASHES; round++) {
  running = true;
  const clients = Array.from({ length: CLIENTS }, client);
  await sleep(round === CRASHES ? 1500 : 800 + rand(2500));
  if (round < CRASHES) {
    crash();
    console.log(`  crash ${round + 1}: SIGKILL after ${writes.length} writes (${acked} acked, ${unknown} unknown so far)`);
  }
  running = false;
  await Promise.all(clients);
  if (round < CRASHES) {
    start();
    await ready();
  }
}

// Unknown outcomes: send again (idempotent by id), until each is acknowledged.
const retried = writes.filter((w) => w.outcome !== 'acked');
for (const w of retried) {
  const res = await w.send();
  if (res.status >= 300) throw new Error(`retry of ${w.kind} failed: ${res.status} ${res.body}`);
  w.outcome = 'acked-after-retry';
}
await sleep(500);

// ---- verify ----------------------------------------------------------------------------------
const problems = [];
for (const customer of customers) {
  const mine = writes.filter((w) => w.customer === customer);
  if (!mine.length) continue;
  const res = await req('GET', `/v1/customers/${customer}/export`, { headers: sk });
  if (res.status !== 200) {
    problems.push(`${customer}: export ${res.status}`);
    continue;
  }
  const x = JSON.parse(res.body);
  const eventIds = new Set(x.events.map((e) => e.id));
  const orderIds = x.orders.map((o) => o.id);
  for (const w of mine) {
    if (w.kind === 'events') for (const e of w.events) if (!eventIds.has(e.id)) problems.push(`${customer}: ${w.outcome} event ${e.id} missing`);
    if (w.kind === 'order' && !orderIds.includes(w.order.id)) problems.push(`${customer}: ${w.outcome} order ${w.order.id} missing`);
  }
  if (new Set(orderIds).size !== orderIds.length) problems.push(`${customer}: an order is stored twice`);
  const sentOrders = mine.filter((w) => w.kind === 'order');
  if (x.profile.orders !== sentOrders.length) problems.push(`${customer}: profile counts ${x.profile.orders} orders, ${sentOrders.length} were sent (each once acknowledged)`);
  const spend = Math.round(sentOrders.reduce((s, w) => s + w.order.total, 0) * 100) / 100;
  if (Math.abs(x.profile.spend - spend) > 0.001) problems.push(`${customer}: spend ${x.profile.spend}, expected ${spend}`);
  const sentEvents = mine.filter((w) => w.kind === 'events').flatMap((w) => w.events);
  for (const type of ['product_view', 'search']) {
    const expected = sentEvents.filter((e) => e.type === type).length;
    const counted = x.profile.eventCounts?.[type] ?? 0;
    if (counted !== expected) problems.push(`${customer}: eventCounts.${type} = ${counted}, ${expected} distinct events were sent`);
  }
  const sources = x.ledger.map((l) => l.source);
  if (new Set(sources).size !== sources.length) problems.push(`${customer}: a ledger entry is applied twice`);
}

crash();
rmSync(state, { recursive: true, force: true });
const byOutcome = writes.reduce((m, w) => ((m[w.outcome] = (m[w.outcome] ?? 0) + 1), m), {});
console.log(`chaos: ${writes.length} writes (${JSON.stringify(byOutcome)}), ${CRASHES} SIGKILLs, ${customers.length} customers checked`);
if (problems.length) {
  console.error(`FAILED: ${problems.length} problems\n  ${problems.slice(0, 50).join('\n  ')}`);
  process.exit(1);
}
console.log('OK: every acknowledged write survived, nothing was applied twice.');
process.exit(0);
