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
const TIME_LIMIT_MS = 10 * 60_000;

export async function run(which = 'both') {
  const env = { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' };
  if (which === 'cpu') env.BENCH_GROWTH ??= '10000';
  if (which === 'growth') env.BENCH_SIZES ??= '1000';
  const load = loadavg();
  const child = spawn(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'bench/workerd/vitest.config.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d) => {
    out += d;
    for (const line of d.split('\n')) if (/\[workerd /.test(line)) log(line.replace(/.*\[workerd /, '['));
  });
  child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
  const code = await bounded(new Promise((r) => child.on('exit', r)), TIME_LIMIT_MS, 'the workerd benchmark').catch((e) => {
    child.kill('SIGKILL');
    throw e;
  });
  const line = out.split('\n').find((l) => l.includes('BENCH_RESULT '));
  if (!line) throw new Error(`workerd benchmark failed (exit ${code}):\n${out.slice(-3000)}\n${err.slice(-2000)}`);
  const r = JSON.parse(line.slice(line.indexOf('BENCH_RESULT ') + 13));
  const common = { method: 'vitest-pool-workers (workerd), in-process Worker handler, sequential requests, wall time with a 1 ms clock', loadAverageBefore: load.map((x) => Math.round(x * 100) / 100), samples: r.samples };
  const results = {};
  if (which !== 'growth') results.cpu = writeResult('cpu', { ...common, cpu: r.cpu, healthzMs: r.healthzMs, target: { p99Ms: 5 } }) && { cpu: r.cpu, healthzMs: r.healthzMs };
  if (which !== 'cpu') results.growth = writeResult('growth', { ...common, growth: r.growth, eventsOneMs: r.eventsOneMs, healthzMs: r.healthzMs }) && { growth: r.growth };
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) await run(process.argv[2] ?? 'both');
