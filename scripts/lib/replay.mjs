// Replays the Online Retail orders through the public API (see scripts/replay.mjs).
import { loadOrders, REPLAY_PROGRAM } from './online-retail.mjs';
import { retryAfterMs } from './importers/index.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Rate-limited answers waited out before giving up (each waits its Retry-After). */
const MAX_RATE_LIMITED = 50;
/** Other failed attempts (5xx, network error, an answer cut off) before giving up: at most ~30 s of backoff in all. */
const MAX_FAILED = 8;

/**
 * Requests a second the replay sends at most by default: under the limit on server routes
 * (wrangler.toml `RL_SERVER`: 1,200 per key in a 10 s window; at most 1,101 here). Sent as fast
 * as the Worker answers, a replay used up each window in a few seconds and then waited out the
 * 429's `Retry-After` of 10 s: most of the replay's time was spent asleep.
 */
export const REPLAY_RATE = 110;

/**
 * A shared pace for requests under one key: each call waits for its own slot, `perSecond` slots a
 * second in the order called, so no window of 10 s ever holds more than `10 × perSecond + 1`.
 * @param {number} perSecond
 * @returns {() => Promise<void>}
 */
export function pacer(perSecond) {
  let next = 0;
  return async () => {
    const now = performance.now();
    const at = Math.max(now, next);
    next = at + 1000 / perSecond;
    if (at > now) await sleep(at - now);
  };
}

/**
 * Replays a file into a site; creates the site (with the replay program) on first use.
 * `only(customerId)`: replay just those customers' orders and refunds (all when not given); the
 * counts returned are theirs. `rate`: requests a second at most (every attempt counts), or `pace`
 * to share one pace with the caller's other requests under the same key.
 * @returns {Promise<{ orders: number, refunds: number, seconds: number, perSecond: number, secretKey: string, results: Record<string, number>, retries: Record<string, number> }>}
 *   `retries`: attempts sent again, by the answer that caused it (`429`, `503`, `network`, `201-unreadable`, …)
 */
export async function replay({ file, url, site, concurrency = 8, adminToken, only, rate = REPLAY_RATE, pace = pacer(rate), onProgress = () => {} }) {
  const loaded = loadOrders(file);
  const customers = only ? new Map([...loaded.customers].filter(([id]) => only(id))) : loaded.customers;
  const events = [...customers.values()].flat();
  const stats = only
    ? { ...loaded.stats, customers: customers.size, orders: events.filter((e) => e.type === 'order').length, refunds: events.filter((e) => e.type === 'refund').length }
    : loaded.stats;
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
  const put = await fetch(`${url}/v1/site/config`, {
    method: 'PUT',
    headers: auth,
    body: JSON.stringify({ name: 'Online Retail replay', currency: 'GBP', loyalty: REPLAY_PROGRAM, insights: { pointValue: 0.01 } }),
  });
  if (!put.ok) throw new Error(`configuring site ${site}: ${put.status} ${await put.text()}`);

  const queue = [...customers.values()];
  const total = stats.orders + stats.refunds;
  const results = {};
  let done = 0;
  const started = performance.now();
  const retries = {};
  // Every write here is idempotent by its id (the order id, the refund id), so any answer that
  // leaves the outcome unknown is sent again: 429 after its Retry-After; 5xx (a 503 from a
  // restarting runtime included), a network error or a 2xx whose body was cut off with capped
  // exponential backoff and jitter. A write that did land the first time comes back `duplicate`.
  const send = async (path, body) => {
    for (let limited = 0, failed = 0; ; ) {
      let status = 0;
      let retryAfter = null;
      let why;
      await pace();
      try {
        const res = await fetch(url + path, { method: 'POST', headers: auth, body: JSON.stringify(body) });
        status = res.status;
        retryAfter = retryAfterMs(res.headers.get('Retry-After'));
        const text = await res.text();
        if (status >= 200 && status < 300) return JSON.parse(text).result;
        why = `${status} ${text.slice(0, 200)}`;
      } catch (err) {
        why = `${status || 'network error'}: ${err.message}`; // no answer, or a 2xx cut off mid-body
      }
      const key = status >= 200 && status < 300 ? `${status}-unreadable` : String(status || 'network');
      if (status === 429 && ++limited <= MAX_RATE_LIMITED) {
        retries[key] = (retries[key] ?? 0) + 1;
        await sleep(retryAfter || 1000);
        continue;
      }
      if ((status >= 400 && status < 500) || ++failed > MAX_FAILED) throw new Error(`${path}: ${why}`);
      retries[key] = (retries[key] ?? 0) + 1;
      const backoff = Math.min(8000, 250 * 2 ** (failed - 1));
      await sleep(Math.max(retryAfter ?? 0, backoff / 2 + Math.random() * (backoff / 2)));
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
  return { ...stats, seconds, perSecond: stats.orders / seconds, secretKey, results, retries };
}
