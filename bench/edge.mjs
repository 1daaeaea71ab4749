#!/usr/bin/env node
// Part 3, edge latency: /v1/experience and /v1/events p50 / p99 under concurrency on `wrangler dev`,
// as a ratio to the trivial route (GET /healthz) on the same Worker in the same run.
import http from 'node:http';
import { DEMO, logger, percentile, round, withStack, writeResult } from './lib/common.mjs';

const log = logger('edge');
const CONCURRENCY = Number(process.env.BENCH_EDGE_CONCURRENCY) || 16;
const SECONDS = Number(process.env.BENCH_EDGE_SECONDS) || 8;
const WARMUP_SECONDS = 2;
const VISITORS = 200;

/**
 * A closed-loop load generator: `concurrency` keep-alive connections, each sending its next
 * request as soon as the previous answer is read, for `seconds`. Every latency is kept (hrtime, µs).
 */
async function load(url, makeRequest, { concurrency, seconds }) {
  const u = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = [];
  const statuses = {};
  const until = performance.now() + seconds * 1000;
  let seq = 0;
  const one = () =>
    new Promise((resolve) => {
      const { path, method = 'GET', headers = {}, body } = makeRequest(seq++);
      const t0 = process.hrtime.bigint();
      const req = http.request({ host: u.hostname, port: u.port, path, method, headers: body ? { ...headers, 'Content-Length': Buffer.byteLength(body) } : headers, agent }, (res) => {
        res.on('data', () => {});
        res.on('end', () => {
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          resolve();
        });
      });
      req.on('error', (e) => {
        statuses[e.code ?? 'error'] = (statuses[e.code ?? 'error'] ?? 0) + 1;
        resolve();
      });
      if (body) req.write(body);
      req.end();
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) await one();
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  return {
    requests: latencies.length,
    rps: round(latencies.length / elapsed, 1),
    p50: round(percentile(latencies, 50), 2),
    p90: round(percentile(latencies, 90), 2),
    p99: round(percentile(latencies, 99), 2),
    max: round(Math.max(...latencies), 2),
    statuses,
  };
}

export async function run(stack) {
  return withStack(stack, log, async ({ apiUrl, shopUrl }) => {
    const visitors = Array.from({ length: VISITORS }, (_, i) => `benchedge${String(i).padStart(12, '0')}`);
    const vh = (i) => ({ 'X-Revisit-Key': DEMO.publishableKey, 'X-Revisit-Visitor': visitors[i % VISITORS], Origin: shopUrl });
    const routes = {
      healthz: () => ({ path: '/healthz' }),
      experience: (i) => ({ path: '/v1/experience?locale=en&page=%2F', headers: vh(i) }),
      events: (i) => ({
        path: '/v1/events',
        method: 'POST',
        headers: { ...vh(i), 'Content-Type': 'application/json' },
        body: JSON.stringify({
          events: [
            { id: `edge-${process.pid}-${i}-a`, type: 'page_view', url: `${shopUrl}/` },
            { id: `edge-${process.pid}-${i}-b`, type: 'product_view', productId: 'p-rose-cream' },
          ],
        }),
      }),
    };
    // Every visitor's profile object exists before timing starts (first-visit creation is not what we time).
    log(`warming ${VISITORS} visitor profiles`);
    for (let i = 0; i < VISITORS; i++) await fetch(`${apiUrl}${routes.experience(i).path}`, { headers: vh(i) }).then((r) => r.arrayBuffer());
    const results = {};
    for (const [name, make] of Object.entries(routes)) {
      await load(apiUrl, make, { concurrency: CONCURRENCY, seconds: WARMUP_SECONDS });
      results[name] = await load(apiUrl, make, { concurrency: CONCURRENCY, seconds: SECONDS });
      log(`${name}: ${JSON.stringify(results[name])}`);
    }
    for (const [name, r] of Object.entries(results)) {
      const bad = Object.entries(r.statuses).filter(([s]) => !/^2/.test(s));
      if (bad.length) throw new Error(`${name} answered ${bad.map(([s, n]) => `${s}×${n}`).join(', ')}: the ratios would compare different work`);
    }
    const ratio = (name, q) => round(results[name][q] / results.healthz[q], 2);
    const ratios = Object.fromEntries(['experience', 'events'].map((n) => [n, { p50: ratio(n, 'p50'), p99: ratio(n, 'p99') }]));
    log(`ratios to /healthz: ${JSON.stringify(ratios)}`);
    const out = { concurrency: CONCURRENCY, seconds: SECONDS, visitors: VISITORS, results, ratios, target: 2 };
    writeResult('edge', out);
    return out;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
