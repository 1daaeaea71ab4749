#!/usr/bin/env node
// `npm run bench:experience`: runs bench/experience/experience.bench.test.ts inside workerd
// (vitest-pool-workers, like bench/workerd.mjs), serves it the CPU time of its own process tree,
// and writes bench/results/experience.json, bench/experience/RESULTS.md and that section of
// BENCHMARKS.md (bench/report.mjs appends RESULTS.md when it regenerates the whole file).
//   BENCH_SIZES=1000,10000 npm run bench:experience     fewer catalog sizes
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { bounded, logger, machine, root, writeResult } from '../lib/common.mjs';

const log = logger('experience');
const TIME_LIMIT_MS = 8 * 60_000;
const TICK_MS = 1000 / 100; // USER_HZ: /proc reports CPU time in 10 ms ticks

/** utime+stime (ms) of `pid` and every descendant, from /proc. */
function treeCpuMs(pid) {
  const procs = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {}
  }
  const want = new Set([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [p, x] of procs) if (!want.has(p) && want.has(x.ppid)) want.add(p), (grew = true);
  }
  let ticks = 0;
  for (const p of want) ticks += procs.get(p)?.ticks ?? 0;
  return ticks * TICK_MS;
}

export async function run() {
  const started = Date.now();
  let childPid = null;
  const cpuServer = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ms: childPid ? treeCpuMs(childPid) : null }));
  });
  await new Promise((r) => cpuServer.listen(0, '127.0.0.1', r));
  const env = { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true', BENCH_CPU_URL: `http://127.0.0.1:${cpuServer.address().port}/cpu` };
  const load = loadavg().map((x) => Math.round(x * 100) / 100);
  const child = spawn(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'bench/experience/vitest.config.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  childPid = child.pid;
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d) => {
    out += d;
    for (const line of d.split('\n')) if (/\[experience /.test(line)) log(line.replace(/.*\[experience /, '['));
  });
  child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
  let stopped = null;
  const code = await bounded(new Promise((r) => child.on('exit', r)), TIME_LIMIT_MS, 'the experience benchmark').catch((e) => {
    child.kill('SIGKILL');
    stopped = e.message;
    return null;
  });
  cpuServer.close();
  const lines = out.split('\n');
  const line = lines.find((l) => l.includes('BENCH_RESULT ')) ?? lines.filter((l) => l.includes('BENCH_PARTIAL ')).at(-1);
  if (!line) throw new Error(`experience benchmark failed (exit ${code}${stopped ? `, ${stopped}` : ''}):\n${out.slice(-3000)}\n${err.slice(-2000)}`);
  const r = JSON.parse(line.replace(/^.*BENCH_(RESULT|PARTIAL) /, ''));
  r.incomplete = line.includes('BENCH_PARTIAL ') ? (stopped ?? `exited with code ${code} before the end`) : null;
  const result = { ...r, date: new Date(started).toISOString(), command: 'npm run bench:experience', seconds: Math.round((Date.now() - started) / 100) / 10, loadAverageBefore: load, loadAverageAfter: loadavg().map((x) => Math.round(x * 100) / 100), machine: machine() };
  writeResult('experience', result);
  const md = render(result);
  writeFileSync(join(root, 'bench/experience/RESULTS.md'), md + '\n');
  const file = join(root, 'BENCHMARKS.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const re = /<!-- experience:start[\s\S]*?<!-- experience:end -->/;
  writeFileSync(file, re.test(current) ? current.replace(re, md) : `${current.trimEnd()}\n\n${md}\n`);
  log(`done in ${result.seconds} s; BENCHMARKS.md and bench/experience/RESULTS.md updated`);
  return result;
}

const f = (x, d = 2) => (x == null ? '–' : Number(x).toFixed(d));
const ratio = (a, b) => (a == null || !b ? '–' : `${(a / b).toFixed(2)}×`);
const table = (head, rows) => [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((x) => `| ${x.join(' | ')} |`)].join('\n');

export function render(r) {
  const m = r.machine;
  const L = ['<!-- experience:start (written by bench/experience/run.mjs; bench/report.mjs appends bench/experience/RESULTS.md) -->', '## Experience by catalog size (`npm run bench:experience`)', ''];
  L.push(`\`GET /v1/experience\` through the Worker's real handler inside workerd (vitest-pool-workers: routing, auth, zod, Durable Object RPC, SQLite, KV), for one identified customer with ${r.history?.orders ?? r.orders} orders over two years, ${r.history?.productViews ?? r.views} product views and a 2-line cart, on catalogs of ${r.points.map((p) => p.products.toLocaleString('en')).join(', ')} products seeded through \`PUT /v1/catalog/products\` in chunks of 1,000 (the Site object's KV publishing driven to completion before measuring; what was left is shown). \`home\` is the default placement, \`product\` a product page (\`placement=product&product=…\`). \`GET /healthz\` is measured in the same run, interleaved request by request with the two experience calls.`);
  L.push('');
  L.push(`Run ${r.date} with \`${r.command}\` (${r.seconds} s end to end), ${m.nproc} cores, ${m.cpu}, ${m.memGiB} GiB, ${m.os}, Node ${m.node}; load average before ${r.loadAverageBefore.join(' ')}, after ${r.loadAverageAfter.join(' ')} (a shared machine: other agents' work runs on the same cores). One run.${r.incomplete ? ` **Incomplete:** ${r.incomplete}; the rows below are the points that finished.` : ''}`);
  L.push('', '**Wall time per request** (sequential, in-process; an upper bound on CPU: it includes waiting on the local SQLite/KV and any time the thread was not scheduled; workerd\'s clock steps in whole milliseconds here):', '');
  const rows = [];
  for (const p of r.points) {
    const w = p.wallMs;
    const seeded = p.seeded.ok ? `${f(p.seeded.seconds, 1)} s` : `**stopped at ${p.seeded.reached.toLocaleString('en')}**: ${String(p.seeded.error).replace(/\|/g, '/').slice(0, 120)}`;
    const pub = p.published.left > 0 ? `${p.published.left.toLocaleString('en')} not yet in KV` : 'all';
    rows.push([`${p.catalog.toLocaleString('en')}`, seeded, pub, w.healthz.n, `${f(w.healthz.p50)} / ${f(w.healthz.p99)}`, `${f(w.home.p50)} / **${f(w.home.p99)}**`, `${f(w.product.p50)} / **${f(w.product.p99)}**`, `${ratio(w.home.p50, w.healthz.p50)} / ${ratio(w.home.p99, w.healthz.p99)}`, `${ratio(w.product.p50, w.healthz.p50)} / ${ratio(w.product.p99, w.healthz.p99)}`]);
  }
  L.push(table(['products', 'seeding', 'published', 'n per route', 'healthz p50 / p99 ms', 'experience home p50 / p99 ms', 'product page p50 / p99 ms', 'home ÷ healthz (p50 / p99)', 'product ÷ healthz (p50 / p99)'], rows));
  const hasCpu = r.points.some((p) => p.cpu?.home);
  for (const p of r.points) p.cpu ??= {};
  L.push('', `**CPU time per request** (${hasCpu ? 'mean over a batch of sequential requests of one route: user+system CPU of the whole bench process tree, workerd plus its idle vitest host, read from `/proc/<pid>/stat` before and after the batch; 10 ms ticks over ≥ 50 requests. A real CPU measure, not inflated by other processes, but a mean (no percentile) and it includes the harness\'s own loop and the local SQLite/KV work the platform would do outside the isolate' : 'not available in this run'}):`, '');
  if (hasCpu)
    L.push(table(['products', 'healthz ms', 'experience home ms', 'product page ms', 'home − healthz ms', 'wall ms per request in the batch (healthz / home / product)'], r.points.map((p) => {
      const c = p.cpu;
      return [p.catalog.toLocaleString('en'), f(c.healthz?.cpuMsPerRequest), `**${f(c.home?.cpuMsPerRequest)}**`, `**${f(c.product?.cpuMsPerRequest)}**`, f(c.home && c.healthz ? c.home.cpuMsPerRequest - c.healthz.cpuMsPerRequest : null), `${f(c.healthz?.wallMsPerRequest)} / ${f(c.home?.wallMsPerRequest)} / ${f(c.product?.wallMsPerRequest)}`];
    })));
  const big = r.points.find((p) => p.products === 100_000) ?? null;
  L.push('', '**Targets** (issue: p99 under 5 ms CPU at 100k products; latency within 2× the trivial route):', '');
  if (!big) L.push('- 100k point not measured in this run.');
  else {
    const worstP99 = Math.max(big.wallMs.home.p99, big.wallMs.product.p99);
    const worstCpu = Math.max(big.cpu?.home?.cpuMsPerRequest ?? NaN, big.cpu?.product?.cpuMsPerRequest ?? NaN);
    const cpuVerdict = !big.seeded.ok ? '**not met** (the catalog could not be stored)' : worstP99 < 5 ? '**met** (even the wall-time upper bound is under 5 ms)' : Number.isFinite(worstCpu) && worstCpu >= 5 ? '**not met** (the mean CPU alone is over 5 ms)' : `**not shown**: wall p99 is over 5 ms, but wall time is an upper bound; mean CPU ${f(worstCpu)} ms is under 5 ms, and a CPU p99 cannot be read locally`;
    L.push(`- CPU p99 < 5 ms at ${big.catalog.toLocaleString('en')} products: wall p99 ${f(big.wallMs.home.p99)} ms (home), ${f(big.wallMs.product.p99)} ms (product page); mean CPU ${f(big.cpu?.home?.cpuMsPerRequest)} / ${f(big.cpu?.product?.cpuMsPerRequest)} ms → ${cpuVerdict}.`);
    const rp50 = Math.max(big.wallMs.home.p50 / big.wallMs.healthz.p50, big.wallMs.product.p50 / big.wallMs.healthz.p50);
    const rp99 = Math.max(big.wallMs.home.p99 / big.wallMs.healthz.p99, big.wallMs.product.p99 / big.wallMs.healthz.p99);
    L.push(`- Latency ≤ 2× \`/healthz\` at ${big.catalog.toLocaleString('en')} products (worst of home and product page): p50 ${rp50.toFixed(2)}×, p99 ${rp99.toFixed(2)}× → ${rp50 <= 2 && rp99 <= 2 ? '**met**' : '**not met**'}.`);
  }
  const notes = join(root, 'bench/experience/NOTES.md');
  if (existsSync(notes)) L.push('', readFileSync(notes, 'utf8').trim());
  L.push('<!-- experience:end -->');
  return L.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
