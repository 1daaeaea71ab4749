// Edge mode locally (issue 16): `wrangler dev` of worker/edge (wrangler.edge.toml) in front of the
// demo storefront, so the same shop can be opened through edge mode beside the script-tag version.
import { wranglerDev } from './wrangler-dev.mjs';

/**
 * Starts the edge Worker on `port`, in front of `origin`, asking Revisit at `api`; its own state
 * (the edge cache) in `persistTo`. Resolves once it answers.
 * @param {{ port: number, origin: string, api: string, persistTo: string, onLog?: (line: string) => void, vars?: Record<string, string> }} options
 *   `vars`: overrides (e.g. `BUDGET_MS`)
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export async function startEdge({ port, origin, api, persistTo, onLog = () => {}, vars = {} }) {
  const url = `http://localhost:${port}`;
  const { child, stop } = wranglerDev({ port, persistTo, config: 'wrangler.edge.toml', vars: { ORIGIN: origin, REVISIT_API: api, ...vars }, onLog, prefix: '[edge] ' });
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
