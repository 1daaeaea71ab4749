// Starts Revisit the way `npm start` does: the widget and console builds, `wrangler dev` with local persistent
// storage, the demo seed through the API, and the demo storefront on another origin.
// The end-to-end tests call the same function on other ports with a throwaway state folder.
import { spawn } from 'node:child_process';
import { wranglerDev } from './wrangler-dev.mjs';
import { fileURLToPath } from 'node:url';
import { DEMO, seedDemo } from './demo-shop.mjs';
import { startEdge } from './edge.mjs';
import { startStorefront } from '../../demo/server.mjs';
import { startContractProxy } from './contract-proxy.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs one build script (each enforces its size budgets); the Worker serves their output. */
function runBuild(script, what) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${root}scripts/${script}`], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${what} build failed (exit ${code})\n${out}`))));
  });
}
/** The widget, then the merchant console (one after the other: the machine may have two cores). */
const buildAssets = async () => (await runBuild('build-widget.mjs', 'widget')) + (await runBuild('build-console.mjs', 'console')) + (await runBuild('build-docs.mjs', 'docs'));

async function waitFor(url, child, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/**
 * @param {{ apiPort?: number, shopPort?: number, edgePort?: number, persistTo?: string, onLog?: (line: string) => void, vars?: Record<string, string>, edgeVars?: Record<string, string>, validate?: boolean }} options
 *   `vars`: extra Worker variables (the load benchmark turns rate limits off: its traffic comes from one IP)
 *   `edgeVars`: the edge Worker's (the end-to-end suite widens `BUDGET_MS`: see global-setup.ts)
 *   `edgePort`: the same storefront through edge mode (worker/edge), blocks in the first byte
 *   `validate`: the end-to-end suite's: `apiUrl` is a validating proxy (contract-proxy.mjs) in front of
 *   wrangler dev, so the seed, the storefront, the edge Worker, browsers and tests all go through it
 *   and `contract.record()` says which answers broke /openapi.json (`npm start` does not use it)
 * @returns {Promise<{ apiUrl: string, shopUrl: string, edgeUrl: string, stop: () => Promise<void>, contract?: Awaited<ReturnType<typeof startContractProxy>> }>}
 */
export async function startStack({ apiPort = 8787, shopPort = 8788, edgePort = 8789, persistTo = '.wrangler/state', onLog = () => {}, vars = {}, edgeVars = {}, validate = false } = {}) {
  onLog((await buildAssets()).trim());
  const workerUrl = `http://localhost:${apiPort}`;
  let apiUrl = workerUrl;
  let contract;
  const { child: wrangler, stop: stopWrangler } = wranglerDev({
    port: apiPort,
    persistTo,
    // Local development only (never in wrangler.toml): webhooks may go to http://localhost:PORT
    // and http://127.0.0.1:PORT, e.g. a receiver on this machine (worker/platform/outbound-url.ts).
    vars: { ADMIN_TOKEN: DEMO.adminToken, DEV_ALLOW_LOCAL_WEBHOOKS: '1', ...vars },
    onLog,
  });
  let shop;
  let edge;
  const stop = async () => {
    await edge?.stop();
    await shop?.close();
    await contract?.close();
    await stopWrangler();
  };
  try {
    await waitFor(`${workerUrl}/healthz`, wrangler, 90_000);
    if (validate) {
      contract = await startContractProxy({ upstream: workerUrl });
      apiUrl = contract.url;
    }
    const shopOrigin = `http://localhost:${shopPort}`;
    const edgeOrigin = `http://localhost:${edgePort}`;
    await seedDemo(apiUrl, shopOrigin, [edgeOrigin]);
    shop = await startStorefront({ port: shopPort, apiOrigin: apiUrl, publishableKey: DEMO.publishableKey, identitySecret: DEMO.identitySecret });
    edge = await startEdge({ port: edgePort, origin: shop.url, api: apiUrl, persistTo: `${persistTo}/edge`, onLog, vars: edgeVars });
    return { apiUrl, shopUrl: shop.url, edgeUrl: edge.url, stop, contract };
  } catch (err) {
    await stop();
    throw err;
  }
}
