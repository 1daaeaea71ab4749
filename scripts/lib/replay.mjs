// Replays the Online Retail orders through the public API (see scripts/replay.mjs).
import { loadOrders, REPLAY_PROGRAM } from './online-retail.mjs';

/**
 * Replays a file into a site; creates the site (with the replay program) on first use.
 * @returns {Promise<{ orders: number, refunds: number, seconds: number, perSecond: number, secretKey: string, results: Record<string, number> }>}
 */
export async function replay({ file, url, site, concurrency = 8, adminToken, onProgress = () => {} }) {
  const { customers, stats } = loadOrders(file);
  const secretKey = `sk_replay_${site.replaceAll('-', '_')}_key`;
  const created = await fetch(`${url}/v1/admin/sites`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      id: site,
      name: 'Online Retail replay',
      allowedOrigins: [],
      currency: 'GBP',
      credentials: {
        publishableKey: `pk_replay_${site.replaceAll('-', '_')}_key`,
        secretKey,
        identitySecret: 'replay-identity-secret',
        webhookSecret: 'replay-webhook-secret',
        shopifySecret: 'replay-shopify-secret',
      },
    }),
  });
  if (created.status !== 201 && created.status !== 409) throw new Error(`creating site ${site}: ${created.status} ${await created.text()}`);
  const auth = { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'application/json' };
  const put = await fetch(`${url}/v1/site/config`, { method: 'PUT', headers: auth, body: JSON.stringify({ name: 'Online Retail replay', currency: 'GBP', loyalty: REPLAY_PROGRAM }) });
  if (!put.ok) throw new Error(`configuring site ${site}: ${put.status} ${await put.text()}`);

  const queue = [...customers.values()];
  const total = stats.orders + stats.refunds;
  const results = {};
  let done = 0;
  const started = performance.now();
  const send = async (path, body) => {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(url + path, { method: 'POST', headers: auth, body: JSON.stringify(body) }).catch((err) => ({ ok: false, status: 0, err, headers: new Headers() }));
      if (res.status >= 200 && res.status < 300) return (await res.json()).result;
      // A rate limit is not a failure: wait as long as the API says, as a shop's backend would.
      if (res.status === 429 && attempt < 50) {
        await new Promise((r) => setTimeout(r, Math.max(1, Number(res.headers.get('Retry-After')) || 1) * 1000));
        continue;
      }
      if (attempt >= 5 || (res.status >= 400 && res.status < 500)) throw new Error(`${path}: ${res.status} ${res.err?.message ?? (await res.text())}`);
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
  };
  // Customers in parallel, each customer's orders and refunds in time order (tiers depend on it).
  const worker = async () => {
    for (let events = queue.shift(); events; events = queue.shift()) {
      for (const e of events) {
        const result = e.type === 'order' ? await send('/v1/orders', e.body) : await send(`/v1/orders/${encodeURIComponent(e.orderId)}/refunds`, e.body);
        results[`${e.type}:${result}`] = (results[`${e.type}:${result}`] ?? 0) + 1;
        onProgress(++done, total);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { ...stats, seconds, perSecond: stats.orders / seconds, secretKey, results };
}
