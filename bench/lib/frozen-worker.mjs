// The Worker under measurement: bundled once (`wrangler deploy --dry-run`) and served by
// `wrangler dev --no-bundle` from that bundle, so edits other people make to worker/ while a
// benchmark runs never hot-reload the code being measured. Also finds the workerd process that
// runs the Worker and its Durable Objects, whose CPU time the benchmarks read from /proc.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../scripts/lib/free-port.mjs';
import { wranglerDev } from '../../scripts/lib/wrangler-dev.mjs';
import { root, sleep } from './common.mjs';

const wranglerJs = join(root, 'node_modules/wrangler/bin/wrangler.js');

/** Bundles worker/ into `dir` (retried: a neighbour may be mid-edit); returns the bundle's path. */
export async function bundleWorker(dir, log = () => {}) {
  mkdirSync(dir, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    try {
      execFileSync(process.execPath, [wranglerJs, 'deploy', '--dry-run', '--outdir', dir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } });
      const main = join(dir, 'index.js');
      if (existsSync(main)) return main;
      throw new Error('no index.js in the bundle');
    } catch (err) {
      if (attempt >= 6) throw new Error(`could not bundle the Worker: ${String(err.stderr ?? err.message).slice(-1500)}`);
      log(`bundle attempt ${attempt} failed (a file may be mid-edit); retrying in 20 s`);
      await sleep(20_000);
    }
  }
}

/** wrangler.toml pointed at a prebuilt bundle (paths made absolute; everything else unchanged). */
function frozenConfig(dir, main) {
  const toml = readFileSync(join(root, 'wrangler.toml'), 'utf8')
    .replace(/^main\s*=.*$/m, `main = ${JSON.stringify(main)}\nno_bundle = true\nrules = [{ type = "ESModule", globs = ["**/*.js"] }]`)
    // A copy of the assets too: wrangler dev watches that folder and restarts the Worker (losing
    // in-flight requests) whenever a neighbour's widget build rewrites it.
    .replace(/^directory\s*=\s*"\.\/(.*)"$/m, (_, d) => {
      const copy = join(dir, 'assets');
      cpSync(join(root, d), copy, { recursive: true });
      return `directory = ${JSON.stringify(copy)}`;
    });
  const file = join(dir, 'wrangler.toml');
  writeFileSync(file, toml);
  return file;
}

/** Every thread's on-CPU time of a process in nanoseconds (/proc/<pid>/task/<tid>/schedstat, field 1). */
export function processCpuNs(pid) {
  let ns = 0;
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      /* thread ended between listing and reading */
    }
  }
  return ns;
}

const childrenOf = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
};
const cmdline = (pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');

/**
 * Starts `wrangler dev` on the frozen bundle. wrangler runs two workerd processes: its proxy (the
 * one listening on `port`) and the runtime holding this Worker, its Durable Objects and the local
 * KV/SQLite; `runtimePid()` is the latter, `proxyPid()` the former.
 */
export async function startFrozenWorker({ bundleDir, persistTo, vars = {}, script = null, log = () => {} }) {
  mkdirSync(bundleDir, { recursive: true });
  // BENCH_PREBUILT=1 reuses a bundle already in bundleDir (for trying a change on a copy).
  const prebuilt = process.env.BENCH_PREBUILT && existsSync(join(bundleDir, 'index.js')) ? join(bundleDir, 'index.js') : null;
  const config = script ? join(bundleDir, 'wrangler.toml') : frozenConfig(bundleDir, prebuilt ?? (await bundleWorker(bundleDir, log)));
  // A standalone script (the method check's CPU burner) gets a minimal config of its own.
  if (script) writeFileSync(config, `name = "bench-script"\nmain = ${JSON.stringify(script)}\ncompatibility_date = "2026-04-01"\n`);
  const port = await freePort();
  const inspectorPort = await freePort();
  const logs = [];
  const { child, stop } = wranglerDev({ port, persistTo, config, inspectorPort, vars, onLog: (l) => logs.push(l) });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${logs.slice(-30).join('\n')}`);
    if (Date.now() > until) throw new Error(`wrangler dev did not answer in 90 s:\n${logs.slice(-30).join('\n')}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not yet */
    }
    await sleep(250);
  }
  const descendants = (pid) => childrenOf(pid).flatMap((c) => [c, ...descendants(c)]);
  const workerds = () => descendants(child.pid).filter((p) => existsSync(`/proc/${p}`) && /workerd/.test(cmdline(p)));
  const proxyPid = () => workerds().find((p) => cmdline(p).includes(`:${port} `) || cmdline(p).includes(`:${port}\0`) || cmdline(p).includes(`127.0.0.1:${port}`)) ?? null;
  const runtimePid = () => workerds().find((p) => p !== proxyPid()) ?? null;
  if (!runtimePid()) throw new Error(`no workerd runtime process under wrangler (${workerds().join(',')})`);
  return {
    url,
    inspectorPort,
    logs,
    runtimePid,
    proxyPid,
    stop,
  };
}
