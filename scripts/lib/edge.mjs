// Edge mode locally (issue 16): `wrangler dev` of worker/edge (wrangler.edge.toml) in front of the
// demo storefront, so the same shop can be opened through edge mode beside the script-tag version.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Starts the edge Worker on `port`, in front of `origin`, asking Revisit at `api`; its own state
 * (the edge cache) in `persistTo`. Resolves once it answers.
 * @param {{ port: number, origin: string, api: string, persistTo: string, onLog?: (line: string) => void, vars?: Record<string, string> }} options
 *   `vars`: overrides (e.g. `BUDGET_MS`)
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export async function startEdge({ port, origin, api, persistTo, onLog = () => {}, vars = {} }) {
  const url = `http://localhost:${port}`;
  const all = { ORIGIN: origin, REVISIT_API: api, ...vars };
  const child = spawn(
    process.execPath,
    [
      `${root}node_modules/wrangler/bin/wrangler.js`,
      'dev',
      '--config',
      'wrangler.edge.toml',
      '--port',
      String(port),
      '--ip',
      '127.0.0.1',
      '--persist-to',
      persistTo,
      '--inspector-port',
      String(port + 10000 > 65535 ? port - 10000 : port + 10000),
      '--show-interactive-dev-session=false',
      '--log-level',
      'warn',
      ...Object.entries(all).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: process.env.CI ?? '' } },
  );
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk) =>
      chunk
        .split('\n')
        .filter((l) => l.trim())
        .forEach((l) => onLog(`[edge] ${l}`)),
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
  const until = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the edge Worker exited with code ${child.exitCode}`);
    try {
      // Any answer will do: it comes from the Worker (the storefront behind it may still be starting).
      await fetch(`${url}/favicon.svg`);
      return { url, stop };
    } catch {
      if (Date.now() > until) {
        await stop();
        throw new Error(`${url} did not answer within 90 s`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
