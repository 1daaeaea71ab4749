#!/usr/bin/env node
// `npm run bench:experience` (also `npm run bench:cpu` and part 4 of `npm run bench`): CPU time
// and latency per request of the real Worker on `wrangler dev`, one request at a time.
//
// CPU per request = the on-CPU time of the workerd process that runs the Worker and its Durable
// Objects (every thread, from /proc/<pid>/task/*/schedstat, nanoseconds), read before a request
// and again after its response plus a short idle gap. Requests are serial, so each window holds
// one request's work; idle windows of the same length measure what the process burns with no
// request at all. A method check first runs a Worker that burns a known amount of CPU.
//
//   npm run bench:experience                       1k, 10k and 100k products
//   BENCH_SIZES=1000,10000 npm run bench:experience
//   BENCH_STATE=/tmp/x npm run bench:experience     keep the seeded state there (default: a fixed
//                                                    folder under the OS temp dir, reused)
//   BENCH_SAMPLES=300 (requests per route and size)  BENCH_PROFILE=1 (also a V8 CPU profile of the
//                                                    experience on the largest catalog: top functions)
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { logger, machine, percentile, root, round, sleep, writeResult } from '../lib/common.mjs';
import { processCpuNs, startFrozenWorker } from '../lib/frozen-worker.mjs';
import { ADMIN, ensureSite, pid, shopperHeaders } from './fixtures.mjs';
import { profileTop } from './profile.mjs';
import { burn } from './burn-worker.js';

const log = logger('experience');
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const SAMPLES = Number(process.env.BENCH_SAMPLES) || 300;
const EVENTS = 10_000;
const ORDERS = Number(process.env.BENCH_ORDERS) || 200;
const HISTORIES = [100, 1000, EVENTS];
const GAP_MS = 5;
const STATE = process.env.BENCH_STATE || join(tmpdir(), 'revisit-bench-state');
const load = () => loadavg().map((x) => round(x, 2));

const stats = (xs) => ({
  n: xs.length,
  mean: round(xs.reduce((a, b) => a + b, 0) / xs.length, 3),
  p50: round(percentile(xs, 50), 3),
  p90: round(percentile(xs, 90), 3),
  p99: round(percentile(xs, 99), 3),
  max: round(Math.max(...xs), 3),
});

/** Run-queue wait (ns) of the runtime's main thread: time it was ready to run but had no core. */
const mainWaitNs = (pid) => Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[1]);
/** Windows where the runtime's main thread waited less than this for a core count as quiet. */
const QUIET_WAIT_MS = 0.5;

/** One request in its own CPU window: runtime and proxy CPU (ms), wall time (ms) and run-queue wait (ms). */
async function measured(w, send) {
  const rt = w.runtimePid();
  const px = w.proxyPid();
  await sleep(GAP_MS);
  const c0 = processCpuNs(rt);
  const q0 = mainWaitNs(rt);
  const p0 = px ? processCpuNs(px) : 0;
  const t0 = performance.now();
  await send();
  const wall = performance.now() - t0;
  await sleep(GAP_MS);
  return { cpu: (processCpuNs(rt) - c0) / 1e6, wait: (mainWaitNs(rt) - q0) / 1e6, proxy: px ? (processCpuNs(px) - p0) / 1e6 : null, wall };
}

/**
 * CPU of the windows in which the runtime never queued for a core. On a shared machine the other
 * windows carry the cost of being preempted mid-request (cold caches, a busy sibling hyperthread),
 * which is the machine's, not the Worker's; both are reported.
 */
const quiet = (xs) => {
  const q = xs.filter((x) => x.wait < QUIET_WAIT_MS).map((x) => x.cpu);
  return q.length >= 20 ? { ...stats(q), share: round(q.length / xs.length, 2) } : null;
};

async function request(url, init, want) {
  const r = await fetch(url, init);
  const body = await r.arrayBuffer();
  if (r.status !== want) throw new Error(`${init?.method ?? 'GET'} ${url}: ${r.status} ${Buffer.from(body).toString().slice(0, 300)}`);
  return body;
}

/**
 * Method check: a Worker burning n iterations of a loop per request, against the same loop timed
 * in this Node process (same V8). The CPU the harness reads for n minus that for n = 0 should be
 * the loop's own time.
 */
async function methodCheck(bundleDir) {
  const script = join(root, 'bench/experience/burn-worker.js');
  const w = await startFrozenWorker({ bundleDir, persistTo: join(bundleDir, 'state'), script, log });
  try {
    const ns = [0, 100_000, 400_000, 2_000_000];
    const out = [];
    for (const n of ns) {
      burn(n);
      const node = [];
      for (let i = 0; i < 15; i++) {
        const t = process.cpuUsage();
        burn(n);
        const d = process.cpuUsage(t);
        node.push((d.user + d.system) / 1000);
      }
      for (let i = 0; i < 10; i++) await request(`${w.url}/?n=${n}`, undefined, 200);
      const got = [];
      for (let i = 0; i < 40; i++) got.push(await measured(w, () => request(`${w.url}/?n=${n}`, undefined, 200)));
      out.push({ iterations: n, nodeCpuMs: round(percentile(node, 50), 3), cpuMs: stats(got.map((g) => g.cpu)), wallMs: stats(got.map((g) => g.wall)) });
    }
    const base = out[0].cpuMs.p50;
    for (const o of out) o.addedCpuMs = round(o.cpuMs.p50 - base, 3);
    log(`method check: ${out.map((o) => `n=${o.iterations}: node ${o.nodeCpuMs} ms, workerd +${o.addedCpuMs} ms (p50 ${o.cpuMs.p50})`).join('; ')}`);
    return out;
  } finally {
    await w.stop();
  }
}

export async function run() {
  const started = Date.now();
  const loadBefore = load();
  mkdirSync(STATE, { recursive: true });
  // BENCH_BUNDLE_DIR with BENCH_PREBUILT=1 measures a bundle already there (e.g. an older build, for a before/after).
  const bundleDir = process.env.BENCH_BUNDLE_DIR || mkdtempSync(join(tmpdir(), 'revisit-bench-bundle-'));
  const result = { command: 'npm run bench:experience', date: new Date(started).toISOString(), loadAverageBefore: loadBefore, samples: SAMPLES, gapMs: GAP_MS, state: STATE, points: [], growth: [] };
  try {
    result.methodCheck = process.env.BENCH_SKIP_CHECK ? null : await methodCheck(join(bundleDir, 'check'));
    const w = await startFrozenWorker({ bundleDir: join(bundleDir, 'worker'), persistTo: join(STATE, 'wrangler'), vars: { ADMIN_TOKEN: ADMIN, RATE_LIMITS: 'off' }, log });
    try {
      const tSeed = Date.now();
      const sites = [];
      for (const size of SIZES) sites.push(await ensureSite(w.url, STATE, size, { histories: size === Math.min(...SIZES) ? HISTORIES : [EVENTS], orders: ORDERS, log }));
      result.seedSeconds = round((Date.now() - tSeed) / 1000, 1);
      result.fixtures = sites.map((s) => ({ size: s.size, timings: s.timings, shoppers: s.shoppers }));
      log(`fixtures ready in ${result.seedSeconds} s (load average ${load().join(' ')})`);
      // Idle windows: what the runtime burns with no request in a window as long as a request's.
      const idle = [];
      for (let i = 0; i < 60; i++) idle.push(await measured(w, () => sleep(10)));
      result.idleCpuMs = stats(idle.map((x) => x.cpu));

      for (const s of sites) {
        const long = s.shoppers[EVENTS];
        const headers = shopperHeaders(s, long.customerId);
        const routes = {
          healthz: () => request(`${w.url}/healthz`, undefined, 200),
          home: () => request(`${w.url}/v1/experience?locale=en`, { headers }, 200),
          product: () => request(`${w.url}/v1/experience?locale=en&placement=product&product=${pid(17)}`, { headers }, 200),
          events: (() => {
            let k = 0;
            const run = `${Date.now().toString(36)}`;
            return () =>
              request(
                `${w.url}/v1/events`,
                {
                  method: 'POST',
                  headers: { ...headers, 'Content-Type': 'application/json' },
                  body: JSON.stringify({
                    events: [
                      { id: `bench-${run}-${k++}`, type: 'product_view', productId: pid(k % 1000) },
                      { id: `bench-${run}-${k++}`, type: 'page_view', url: 'https://shop.bench.example/' },
                    ],
                  }),
                },
                202,
              );
          })(),
        };
        const sample = JSON.parse(Buffer.from(await routes.home()).toString());
        for (const f of Object.values(routes)) for (let i = 0; i < 20; i++) await f();
        const got = Object.fromEntries(Object.keys(routes).map((k) => [k, []]));
        for (let i = 0; i < SAMPLES; i++) for (const [k, f] of Object.entries(routes)) got[k].push(await measured(w, f));
        const point = {
          products: s.size,
          history: { events: long.events, orders: long.orders },
          recommendations: Array.isArray(sample.recommendations) ? sample.recommendations.length : (sample.recommendations?.items?.length ?? null),
          loyalty: sample.loyalty ? { tier: sample.loyalty.tier?.current?.id ?? sample.loyalty.tier ?? null } : null,
          cpuMs: Object.fromEntries(Object.entries(got).map(([k, v]) => [k, stats(v.map((x) => x.cpu))])),
          quietCpuMs: Object.fromEntries(Object.entries(got).map(([k, v]) => [k, quiet(v)])),
          proxyCpuMs: Object.fromEntries(Object.entries(got).map(([k, v]) => [k, v[0].proxy == null ? null : stats(v.map((x) => x.proxy))])),
          wallMs: Object.fromEntries(Object.entries(got).map(([k, v]) => [k, stats(v.map((x) => x.wall))])),
          loadAverage: load(),
        };
        result.points.push(point);
        log(
          `${s.size} products: cpu p50/p99 ms healthz ${point.cpuMs.healthz.p50}/${point.cpuMs.healthz.p99}, home ${point.cpuMs.home.p50}/${point.cpuMs.home.p99}, product ${point.cpuMs.product.p50}/${point.cpuMs.product.p99}, events ${point.cpuMs.events.p50}/${point.cpuMs.events.p99}; wall p50/p99 healthz ${point.wallMs.healthz.p50}/${point.wallMs.healthz.p99}, home ${point.wallMs.home.p50}/${point.wallMs.home.p99}, events ${point.wallMs.events.p50}/${point.wallMs.events.p99}`,
        );
      }

      // Growth: the same experience for shoppers with 100, 1,000 and 10,000 events (smallest site).
      const small = sites.find((s) => s.size === Math.min(...SIZES));
      const shoppers = HISTORIES.map((n) => small.shoppers[n]);
      const hz = () => request(`${w.url}/healthz`, undefined, 200);
      const exps = shoppers.map((sh) => () => request(`${w.url}/v1/experience?locale=en`, { headers: shopperHeaders(small, sh.customerId) }, 200));
      for (const f of [hz, ...exps]) for (let i = 0; i < 10; i++) await f();
      const g = [[], ...shoppers.map(() => [])];
      const n = Math.max(60, Math.round(SAMPLES / 2));
      for (let i = 0; i < n; i++) for (const [j, f] of [hz, ...exps].entries()) g[j].push(await measured(w, f));
      result.growthHealthz = { cpuMs: stats(g[0].map((x) => x.cpu)), wallMs: stats(g[0].map((x) => x.wall)) };
      result.growth = shoppers.map((sh, j) => ({
        events: sh.events,
        orders: sh.orders,
        cpuMs: stats(g[j + 1].map((x) => x.cpu)),
        quietCpuMs: quiet(g[j + 1]),
        wallMs: stats(g[j + 1].map((x) => x.wall)),
      }));
      log(`growth: ${result.growth.map((x) => `${x.events} events (${x.orders} orders): cpu p50 ${x.cpuMs.p50} ms, wall p50 ${x.wallMs.p50} ms`).join('; ')}`);

      if (process.env.BENCH_PROFILE) {
        const big = sites.at(-1);
        const headers = shopperHeaders(big, big.shoppers[EVENTS].customerId);
        result.profile = await profileTop(w.inspectorPort, () => request(`${w.url}/v1/experience?locale=en`, { headers }, 200), 200);
        log(
          `profile (self time, top): ${result.profile.top
            .slice(0, 12)
            .map((t) => `${t.fn} ${t.ms} ms`)
            .join(', ')}`,
        );
      }
    } catch (err) {
      log(`wrangler dev said (last lines):\n${w.logs.slice(-20).join('\n')}`);
      throw err;
    } finally {
      await w.stop();
    }
  } finally {
    if (!process.env.BENCH_BUNDLE_DIR) rmSync(bundleDir, { recursive: true, force: true });
  }
  result.seconds = round((Date.now() - started) / 1000, 1);
  result.loadAverageAfter = load();
  result.machine = machine();
  writeResult('experience', result);
  writeFileSync(join(root, 'bench/experience/RESULTS.md'), `${render(result)}\n`);
  log(`done in ${result.seconds} s; bench/experience/RESULTS.md written (node bench/report.mjs puts it into BENCHMARKS.md)`);
  return result;
}

const f = (x, d = 2) => (x == null || Number.isNaN(x) ? '–' : Number(x).toFixed(d));
const ratio = (a, b) => (a == null || !b ? '–' : `${(a / b).toFixed(2)}×`);
const table = (head, rows) => [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((x) => `| ${x.join(' | ')} |`)].join('\n');

/** The BENCHMARKS.md section (bench/experience/RESULTS.md). */
export function render(r) {
  const m = r.machine;
  const L = ['## Experience CPU per request and latency (`npm run bench:experience`, also `bench:cpu`)', ''];
  L.push(
    `Run ${r.date} with \`${r.command}\` (${r.seconds} s end to end, of which fixtures ${r.seedSeconds} s), ${m.nproc} cores, ${m.cpu}, ${m.memGiB} GiB, ${m.os}, Node ${m.node}; load average before ${r.loadAverageBefore.join(' ')}, after ${r.loadAverageAfter.join(' ')} (a shared machine: other helpers' test runs use the same cores; every ratio below is within one run).`,
  );
  L.push(
    '',
    `The real Worker bundle on \`wrangler dev\`, requests sent one at a time over HTTP. **CPU** is the on-CPU time of the workerd process that runs the Worker, its Durable Objects and the local KV/SQLite (all threads, \`/proc/<pid>/task/*/schedstat\`, nanosecond resolution) between just before a request and ${r.gapMs} ms after its response; wrangler's own proxy process is not included. Locally the Durable Objects run in that same process, so their CPU (profile and Site objects, SQLite) is in the figure, as is the local KV simulator: in production part of that is billed to the objects, not to the request. ${r.samples} requests per route and catalog, routes interleaved, after 20 warm-up requests each. The shopper is an identified customer with ${r.points[0]?.history.orders ?? '?'} orders over two years, ${r.points[0]?.history.events?.toLocaleString('en') ?? '?'} product views and a 2-line cart; \`events\` posts two events per request for the same customer.`,
  );
  L.push('', `Idle windows (no request, same length): CPU p50 ${f(r.idleCpuMs?.p50, 3)} ms, p99 ${f(r.idleCpuMs?.p99, 3)} ms: the background the figures below carry.`);
  if (r.methodCheck) {
    L.push(
      '',
      '**Method check** (a separate Worker that burns a fixed loop per request; the same loop timed in Node on the same V8): ' +
        r.methodCheck
          .map(
            (c) =>
              `${c.iterations.toLocaleString('en')} iterations: Node ${f(c.nodeCpuMs)} ms, measured here +${f(c.addedCpuMs)} ms over the empty request (p50 ${f(c.cpuMs.p50)} / p99 ${f(c.cpuMs.p99)} ms)`,
          )
          .join('; ') +
        '.',
    );
  }
  L.push('', '**CPU per request, ms** (p50 / p99):', '');
  L.push(
    table(
      ['products', 'GET /healthz', 'GET /v1/experience (home)', 'experience (product page)', 'POST /v1/events', 'home − healthz (p50)'],
      r.points.map((p) => [
        p.products.toLocaleString('en'),
        `${f(p.cpuMs.healthz.p50)} / ${f(p.cpuMs.healthz.p99)}`,
        `${f(p.cpuMs.home.p50)} / **${f(p.cpuMs.home.p99)}**`,
        `${f(p.cpuMs.product.p50)} / **${f(p.cpuMs.product.p99)}**`,
        `${f(p.cpuMs.events.p50)} / ${f(p.cpuMs.events.p99)}`,
        f(p.cpuMs.home.p50 - p.cpuMs.healthz.p50),
      ]),
    ),
  );
  if (r.points.some((p) => p.quietCpuMs)) {
    const q = (x) => (x ? `${f(x.p50)} / ${f(x.p99)} (${Math.round(x.share * 100)} %)` : '–');
    L.push(
      '',
      `**CPU per request in quiet windows, ms** (p50 / p99, and the share of requests kept): only the requests during which the runtime's main thread never waited ${QUIET_WAIT_MS} ms or more for a core (\`schedstat\` run-queue time). On this shared machine the other requests were preempted mid-way and pay for cold caches and a busy sibling core; \`/healthz\` shows the same tail in the table above.`,
      '',
    );
    L.push(
      table(
        ['products', 'GET /healthz', 'home', 'product page', 'events'],
        r.points.map((p) => [p.products.toLocaleString('en'), q(p.quietCpuMs?.healthz), q(p.quietCpuMs?.home), q(p.quietCpuMs?.product), q(p.quietCpuMs?.events)]),
      ),
    );
  }
  L.push('', "**Wall latency per request, ms** (p50 / p99, client-side, through wrangler's proxy) and as a ratio to `/healthz` in the same run:", '');
  L.push(
    table(
      ['products', 'GET /healthz', 'home', 'product page', 'events', 'home ÷ healthz (p50 / p99)', 'product ÷ healthz', 'events ÷ healthz'],
      r.points.map((p) => {
        const w = p.wallMs;
        return [
          p.products.toLocaleString('en'),
          `${f(w.healthz.p50)} / ${f(w.healthz.p99)}`,
          `${f(w.home.p50)} / ${f(w.home.p99)}`,
          `${f(w.product.p50)} / ${f(w.product.p99)}`,
          `${f(w.events.p50)} / ${f(w.events.p99)}`,
          `${ratio(w.home.p50, w.healthz.p50)} / ${ratio(w.home.p99, w.healthz.p99)}`,
          `${ratio(w.product.p50, w.healthz.p50)} / ${ratio(w.product.p99, w.healthz.p99)}`,
          `${ratio(w.events.p50, w.healthz.p50)} / ${ratio(w.events.p99, w.healthz.p99)}`,
        ];
      }),
    ),
  );
  if (r.growth?.length) {
    L.push(
      '',
      `**Growth**: the home experience for customers with longer histories (${r.points[0]?.products.toLocaleString('en')}-product site; \`/healthz\` in the same loop: CPU p50 ${f(r.growthHealthz.cpuMs.p50)} ms, wall p50 ${f(r.growthHealthz.wallMs.p50)} ms):`,
      '',
    );
    L.push(
      table(
        ['events', 'orders', 'CPU p50 / p99 ms', 'wall p50 / p99 ms'],
        r.growth.map((g) => [g.events.toLocaleString('en'), g.orders, `${f(g.cpuMs.p50)} / ${f(g.cpuMs.p99)}`, `${f(g.wallMs.p50)} / ${f(g.wallMs.p99)}`]),
      ),
    );
  }
  if (r.profile)
    L.push(
      '',
      `**Where the experience's JavaScript time goes** (V8 sampling profile over the inspector, ${r.profile.requests} requests, sampled self time per request; the profiler undercounts short requests, see the notes, so read these as shares, not amounts): ${r.profile.top
        .slice(0, 12)
        .map((t) => `\`${t.fn}\` ${f(t.ms, 3)} ms`)
        .join(', ')}.`,
    );
  const big = r.points.find((p) => p.products === 100_000);
  L.push('', '**Targets** (issues 3 and 7):', '');
  if (!big) L.push('- 100k-product point not measured in this run.');
  else {
    const worst = Math.max(big.cpuMs.home.p99, big.cpuMs.product.p99);
    L.push(
      `- CPU p99 < 5 ms at 100,000 products: home ${f(big.cpuMs.home.p99)} ms, product page ${f(big.cpuMs.product.p99)} ms over all requests (whole runtime process, Durable Objects and local storage included) → ${worst < 5 ? '**met**' : '**not met**'}.`,
    );
    const qh = big.quietCpuMs?.home;
    const qp = big.quietCpuMs?.product;
    if (qh && qp)
      L.push(
        `- The same over quiet windows only (${Math.round(qh.share * 100)} % / ${Math.round(qp.share * 100)} % of requests): home ${f(qh.p99)} ms, product page ${f(qp.p99)} ms → ${Math.max(qh.p99, qp.p99) < 5 ? '**met**' : '**not met**'}.`,
      );
    const rp50 = Math.max(big.wallMs.home.p50, big.wallMs.product.p50) / big.wallMs.healthz.p50;
    const rp99 = Math.max(big.wallMs.home.p99, big.wallMs.product.p99) / big.wallMs.healthz.p99;
    L.push(
      `- Latency ≤ 2× \`/healthz\` at 100,000 products (worst of home and product page): p50 ${rp50.toFixed(2)}×, p99 ${rp99.toFixed(2)}× → ${rp50 <= 2 && rp99 <= 2 ? '**met**' : '**not met**'}.`,
    );
  }
  if (r.growth?.length >= 2) {
    const a = r.growth[0];
    const b = r.growth.at(-1);
    L.push(
      `- Experience flat as history grows: CPU p50 ${f(a.cpuMs.p50)} → ${f(b.cpuMs.p50)} ms, wall p50 ${f(a.wallMs.p50)} → ${f(b.wallMs.p50)} ms from ${a.events} to ${b.events.toLocaleString('en')} events → ${b.cpuMs.p50 <= a.cpuMs.p50 * 1.25 + 0.2 ? '**met**' : '**not met**'}.`,
    );
  }
  const notes = join(root, 'bench/experience/NOTES.md');
  if (existsSync(notes)) L.push('', readFileSync(notes, 'utf8').trim());
  return L.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
