#!/usr/bin/env node
// Insights at scale (issue 11): runs bench/insights/insights.bench.test.ts inside workerd with
// vitest-pool-workers and turns its BENCH_RESULT line into bench/results/insights.json.
//   node bench/insights.mjs                 1,000 and 1,000,000 customers (about 5M orders)
//   BENCH_INSIGHTS_SIZES=1000,100000 node bench/insights.mjs
// Run alone it renders BENCHMARKS.md afterwards (bench/report.mjs), as `npm run bench -- insights` does.
// Knobs: BENCH_INSIGHTS_BATCH (customers per recordCustomers call, default 1000),
// BENCH_INSIGHTS_READS (reads per query, default 20), BENCH_INSIGHTS_MINUTES (time limit, default 60).
import { execFileSync, spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { bounded, logger, root, writeResult } from './lib/common.mjs';

const log = logger('insights');

/** The commit measured (and whether the worker had uncommitted changes), recorded with the result. */
function commit() {
  if (process.env.BENCH_COMMIT) return { commit: process.env.BENCH_COMMIT, dirty: false };
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'worker', 'bench/insights'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return { commit: head, dirty };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

export async function run() {
  const limitMs = Number(process.env.BENCH_INSIGHTS_MINUTES ?? 60) * 60_000;
  const env = { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' };
  const load = loadavg();
  const code = commit();
  const t0 = Date.now();
  const child = spawn(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'bench/insights/vitest.config.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let pending = '';
  child.stdout.setEncoding('utf8').on('data', (d) => {
    out += d;
    pending += d;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (/\[insights /.test(line) && !line.includes('profile: ')) log(line.replace(/.*\[insights /, '['));
  });
  child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
  let stopped = null;
  const exit = await bounded(new Promise((r) => child.on('exit', r)), limitMs, 'the insights benchmark').catch((e) => {
    child.kill('SIGKILL');
    stopped = e.message;
    return null;
  });
  // The full result, or else the last partial one (every finished size), marked incomplete.
  const lines = out.split('\n');
  const line = lines.find((l) => l.includes('BENCH_RESULT ')) ?? lines.filter((l) => l.includes('BENCH_PARTIAL ')).at(-1);
  if (!line) throw new Error(`insights benchmark failed (exit ${exit}${stopped ? `, ${stopped}` : ''}):\n${out.slice(-3000)}\n${err.slice(-2000)}`);
  const r = JSON.parse(line.replace(/^.*BENCH_(RESULT|PARTIAL) /, ''));
  const result = {
    command: process.env.BENCH_INSIGHTS_SIZES ? `BENCH_INSIGHTS_SIZES=${process.env.BENCH_INSIGHTS_SIZES} npm run bench:insights` : 'npm run bench:insights',
    ...code,
    incomplete: line.includes('BENCH_PARTIAL ') ? (stopped ?? `exited with code ${exit} before the end`) : null,
    method:
      'vitest-pool-workers (workerd), the real InsightsObject: writes through recordCustomers over RPC, reads through read() over RPC; wall time with a 1 ms clock that moves only on I/O (includes RPC)',
    loadAverageBefore: load.map((x) => Math.round(x * 100) / 100),
    wallSeconds: Math.round((Date.now() - t0) / 100) / 10,
    ...r,
  };
  const file = writeResult('insights', result);
  log(`wrote ${file}`);
  return result;
}

// Alone (`npm run bench:insights`), like the other `bench:*` scripts: the result, then BENCHMARKS.md again.
if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run();
  const { writeReport } = await import('./report.mjs');
  await writeReport({ timings: { insights: r.wallSeconds }, total: r.wallSeconds, command: 'npm run bench:insights' });
  log('BENCHMARKS.md written');
}
