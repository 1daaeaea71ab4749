#!/usr/bin/env node
// Wishlist fan-out at scale (issue 15): runs bench/wishlist/wishlist.bench.test.ts inside workerd
// with vitest-pool-workers (one product saved by 100,000 customers, one catalog update lowers its
// price, the Site's alarm fans the news out a batch at a time) and writes bench/results/wishlist.json.
//   node bench/wishlist.mjs
//   BENCH_WISHLIST_SAVERS=10000 node bench/wishlist.mjs
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { logger, root, writeResult } from './lib/common.mjs';

const log = logger('wishlist');

export async function run() {
  const env = { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' };
  const load = loadavg();
  const t0 = Date.now();
  const child = spawn(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'bench/wishlist/vitest.config.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d) => {
    out += d;
    for (const line of d.split('\n')) if (line.includes('[wishlist ')) log(line.replace(/.*\[wishlist /, '['));
  });
  child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
  const exit = await new Promise((r) => child.on('exit', r));
  const line = out.split('\n').find((l) => l.includes('BENCH_RESULT '));
  if (!line) throw new Error(`wishlist benchmark failed (exit ${exit}):\n${out.slice(-3000)}\n${err.slice(-2000)}`);
  const result = {
    command: process.env.BENCH_WISHLIST_SAVERS ? `BENCH_WISHLIST_SAVERS=${process.env.BENCH_WISHLIST_SAVERS} node bench/wishlist.mjs` : 'node bench/wishlist.mjs',
    method:
      'vitest-pool-workers (workerd), the real Site object and webhook outbox: savers filed into the Site index, one PUT /v1/catalog/products, the Site alarm run until every saver has its event in the outbox',
    loadAverageBefore: load.map((x) => Math.round(x * 100) / 100),
    wallSeconds: Math.round((Date.now() - t0) / 100) / 10,
    ...JSON.parse(line.replace(/^.*BENCH_RESULT /, '')),
  };
  log(`wrote ${writeResult('wishlist', result)}`);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await run(), null, 2));
