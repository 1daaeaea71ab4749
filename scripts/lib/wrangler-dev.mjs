// One way to run `wrangler dev` from the scripts: the API Worker (stack.mjs) and the edge Worker
// (edge.mjs) start the same way, on a given port with local state, quietly, logging line by line.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** An inspector port next to `port` (wrangler's default one would clash between two instances). */
export const inspectorPortFor = (port) => (port + 10000 > 65535 ? port - 10000 : port + 10000);

/**
 * Spawns `wrangler dev` on `port` with state in `persistTo`; `config` picks a wrangler file,
 * `vars` are Worker variables, `onLog` gets each output line (with `prefix`).
 * `inspectorPort` when the caller profiles the Worker (else one next to `port`).
 * @param {{ port: number, persistTo: string, config?: string, inspectorPort?: number, vars?: Record<string, string>, onLog?: (line: string) => void, prefix?: string }} options
 * @returns {{ child: import('node:child_process').ChildProcess, stop: () => Promise<void> }}
 */
export function wranglerDev({ port, persistTo, config, inspectorPort = inspectorPortFor(port), vars = {}, onLog = () => {}, prefix = '' }) {
  const child = spawn(
    process.execPath,
    [
      `${root}node_modules/wrangler/bin/wrangler.js`,
      'dev',
      ...(config ? ['--config', config] : []),
      '--port',
      String(port),
      '--ip',
      '127.0.0.1',
      '--persist-to',
      persistTo,
      '--inspector-port',
      String(inspectorPort),
      '--show-interactive-dev-session=false',
      '--log-level',
      'warn',
      ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: process.env.CI ?? '' } },
  );
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk) =>
      chunk
        .split('\n')
        .filter((l) => l.trim())
        .forEach((l) => onLog(`${prefix}${l}`)),
    );
  }
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((r) => {
      const t = setTimeout(() => (child.kill('SIGKILL'), r()), 5000);
      child.once('exit', () => (clearTimeout(t), r()));
    });
  };
  return { child, stop };
}
