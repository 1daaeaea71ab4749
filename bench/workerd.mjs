#!/usr/bin/env node
// Parts 4 (CPU per request) and 5 (growth): runs bench/workerd/server.bench.test.ts inside workerd
// with vitest-pool-workers and turns its BENCH_RESULT line into bench/results/{cpu,growth}.json.
//   node bench/workerd.mjs          both parts (1k/10k/100k catalogs; 100/1,000/10,000 events)
//   node bench/workerd.mjs cpu      the 10,000-event shopper and the three catalogs
//   node bench/workerd.mjs growth   100/1,000/10,000 events on a 1k catalog
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { bounded, logger, root, writeResult } from './lib/common.mjs';

const log = logger('workerd');
const TIME_LIMIT_MS = 9 * 60_000;

export async function run(which = 'both') {
  const env = { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' };
  if (which === 'cpu') env.BENCH_GROWTH ??= '10000';
  if (which === 'growth') env.BENCH_SIZES ??= '1000';
  // Growth now reports storage bytes only (its in-process timings measured the harness); a few
  // experience samples per point keep the run short.
  if (which === 'growth') env.BENCH_SAMPLES ??= '10';
  const load = loadavg();
  const child = spawn(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'bench/workerd/vitest.config.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d) => {
    out += d;
    for (const line of d.split('\n')) if (/\[workerd /.test(line)) log(line.replace(/.*\[workerd /, '['));
  });
  child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
  let stopped = null;
  const code = await bounded(new Promise((r) => child.on('exit', r)), TIME_LIMIT_MS, 'the workerd benchmark').catch((e) => {
    child.kill('SIGKILL');
    stopped = e.message;
    return null;
  });
  // The full result, or else the last partial one (every finished point), marked incomplete.
  const lines = out.split('\n');
  const line = lines.find((l) => l.includes('BENCH_RESULT ')) ?? lines.filter((l) => l.includes('BENCH_PARTIAL ')).at(-1);
  if (!line) throw new Error(`workerd benchmark failed (exit ${code}${stopped ? `, ${stopped}` : ''}):\n${out.slice(-3000)}\n${err.slice(-2000)}`);
  const r = JSON.parse(line.replace(/^.*BENCH_(RESULT|PARTIAL) /, ''));
  r.incomplete = line.includes('BENCH_PARTIAL ') ? (stopped ?? `exited with code ${code} before the end`) : null;
  r.healthzMs ??= null;
  const common = {
    incomplete: r.incomplete,
    method: 'vitest-pool-workers (workerd), in-process Worker handler, sequential requests, wall time with a 1 ms clock',
    loadAverageBefore: load.map((x) => Math.round(x * 100) / 100),
    samples: r.samples,
  };
  const results = {};
  if (which !== 'growth') results.cpu = writeResult('cpu', { ...common, cpu: r.cpu, healthzMs: r.healthzMs, target: { p99Ms: 5 } }) && { cpu: r.cpu, healthzMs: r.healthzMs };
  if (which !== 'cpu') results.growth = writeResult('growth', { ...common, growth: r.growth, eventsOneMs: r.eventsOneMs, healthzMs: r.healthzMs }) && { growth: r.growth };
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) await run(process.argv[2] ?? 'both');
