// Shared helpers for the benchmark suite: machine facts, stats, free ports, the stack, results files.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack } from '../../scripts/lib/stack.mjs';
import { freePort } from '../../scripts/lib/free-port.mjs';

export { freePort };

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const resultsDir = join(root, 'bench/results');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROME_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

/** The machine the numbers came from. */
export function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  let chromium = 'unknown';
  try {
    chromium = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    /* not installed */
  }
  const nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  const memGiB = Math.round(Number(/MemTotal:\s*(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) / 1024 / 1024);
  return { nproc: Number(nproc), cpu: model, memGiB, node: process.version, chromium, os: `${process.platform} ${execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim()}` };
}

export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i];
}
export const median = (v) => percentile(v, 50);
export const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
export const round = (n, d = 2) => (Number.isFinite(n) ? Math.round(n * 10 ** d) / 10 ** d : n);

/**
 * `npm start`'s stack (widget build, wrangler dev, demo seed, storefront) on free ports with a
 * throwaway state folder. The inspector port is the one stack.mjs gives wrangler (api + 10000).
 */
export async function benchStack(log = () => {}) {
  const state = mkdtempSync(join(tmpdir(), 'revisit-bench-'));
  let apiPort = await freePort();
  while (apiPort + 10000 > 65535) apiPort = await freePort();
  const shopPort = await freePort();
  const logs = [];
  const t0 = Date.now();
  // Rate limits off: the edge bench sends hundreds of requests a second from one IP, which the
  // per-IP limit would answer with 429s (cheap answers that would flatter every ratio).
  const stack = await startStack({ apiPort, shopPort, edgePort: await freePort(), persistTo: state, onLog: (l) => logs.push(l), vars: { RATE_LIMITS: 'off' } });
  log(`stack up in ${((Date.now() - t0) / 1000).toFixed(1)} s: api ${stack.apiUrl}, shop ${stack.shopUrl}`);
  return {
    ...stack,
    state,
    logs,
    inspectorPort: apiPort + 10000,
    async stop() {
      await stack.stop();
      rmSync(state, { recursive: true, force: true });
    },
  };
}

/** Runs `fn` with a stack: the one given, or a fresh one stopped afterwards. */
export async function withStack(given, log, fn) {
  if (given) return fn(given);
  const stack = await benchStack(log);
  try {
    return await fn(stack);
  } finally {
    await stack.stop();
  }
}

/**
 * The code a result came from: the commit, and whether the tree had uncommitted changes (a number
 * from a dirty tree cannot be traced to code; the benches' own outputs do not count). BENCH_COMMIT
 * names the commit of an exported tree.
 */
export function source() {
  if (process.env.BENCH_COMMIT) return { commit: process.env.BENCH_COMMIT, dirty: false };
  try {
    const git = (...a) => execFileSync('git', a, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return { commit: git('rev-parse', '--short', 'HEAD'), dirty: git('status', '--porcelain', '--untracked-files=no', '--', '.', ':!bench/results', ':!BENCHMARKS.md') !== '' };
  } catch {
    return { commit: null, dirty: null };
  }
}

export function writeResult(part, data) {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${part}.json`);
  writeFileSync(file, `${JSON.stringify({ part, date: new Date().toISOString(), machine: machine(), ...source(), ...data }, null, 2)}\n`);
  return file;
}

/** Rejects when `promise` takes longer than `ms` (every benchmark is bounded in time). */
export function bounded(promise, ms, what) {
  let t;
  return Promise.race([promise, new Promise((_, reject) => (t = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms)))]).finally(() => clearTimeout(t));
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Demo shop credentials (scripts/lib/demo-shop.mjs). */
export { DEMO } from '../../scripts/lib/demo-shop.mjs';

export const logger = (part) => (msg) => console.log(`[bench:${part}] ${msg}`);
