#!/usr/bin/env node
// `npm run bench`: every part in one run, then BENCHMARKS.md from the results.
//   node bench/run.mjs                     all parts (weight, cpu + growth, page, edge)
//   node bench/run.mjs weight|page|edge|firstpaint|cpu|growth|insights   one part, then the report again
// `insights` (1M customers, 5M orders written into the InsightsObject: about 20 minutes on 2
// cores) runs only when asked for (`npm run bench -- insights` or `npm run bench:insights`).
// Each part writes bench/results/<part>.json; bench/report.mjs renders them into BENCHMARKS.md.
import { loadavg } from 'node:os';
import { benchStack, bounded, logger, round } from './lib/common.mjs';
import { writeReport } from './report.mjs';

const log = logger('run');
const PARTS = ['weight', 'cpu', 'growth', 'page', 'edge', 'firstpaint'];
/** Parts run only when named: too long for every `npm run bench`. */
const ON_REQUEST = ['insights'];
const asked = process.argv.slice(2);
for (const p of asked) if (!PARTS.includes(p) && !ON_REQUEST.includes(p)) throw new Error(`unknown part "${p}"; parts: ${[...PARTS, ...ON_REQUEST].join(', ')}`);
const want = (p) => (asked.length === 0 ? PARTS.includes(p) : asked.includes(p));
const started = Date.now();
const timings = {};
const time = async (name, fn, limitMs) => {
  const t0 = Date.now();
  try {
    return await bounded(fn(), limitMs, name);
  } finally {
    timings[name] = round((Date.now() - t0) / 1000, 1);
    log(
      `${name} took ${timings[name]} s (load average now ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')})`,
    );
  }
};
const failures = [];
const attempt = async (name, fn, limitMs) => {
  try {
    await time(name, fn, limitMs);
  } catch (err) {
    failures.push(`${name}: ${err.message}`);
    log(`FAILED ${name}: ${err.stack ?? err}`);
  }
};

log(
  `load average at start: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
if (want('weight')) await attempt('weight', async () => (await import('./weight.mjs')).run(), 2 * 60_000);
// Part 4 (and the experience's growth with history): per-request CPU over HTTP on wrangler dev.
// The first run on a machine seeds a 100k-product catalog into a reused state folder (minutes).
if (want('cpu')) await attempt('cpu', async () => (await import('./experience/run.mjs')).run(), 25 * 60_000);
// Part 5's storage bytes, read inside workerd.
if (want('growth')) await attempt('growth', async () => (await import('./workerd.mjs')).run('growth'), 10 * 60_000);
// Insights at scale: a 1M-customer shop written into the InsightsObject inside workerd, then read.
if (want('insights')) await attempt('insights', async () => (await import('./insights.mjs')).run(), 65 * 60_000);
if (want('page') || want('edge') || want('firstpaint')) {
  const stack = await benchStack(log);
  try {
    if (want('page')) await attempt('page', async () => (await import('./page.mjs')).run(stack), 7 * 60_000);
    if (want('edge')) await attempt('edge', async () => (await import('./edge.mjs')).run(stack), 3 * 60_000);
    // Issue 16: the script path against edge mode, first personalized paint, TTFB, Lighthouse.
    if (want('firstpaint')) await attempt('firstpaint', async () => (await import('./first-paint.mjs')).run(stack), 15 * 60_000);
  } finally {
    await stack.stop();
  }
}
const total = round((Date.now() - started) / 1000, 1);
log(`all asked parts took ${total} s`);
const written = await writeReport({ timings, total, command: `npm run bench${asked.length ? ` -- ${asked.join(' ')}` : ''}`, failures });
if (written) log('BENCHMARKS.md written');
else failures.push('BENCHMARKS.md not written (a dirty tree: see above)');
if (failures.length) {
  for (const f of failures) console.error(`[bench] failed: ${f}`);
  process.exit(1);
}
