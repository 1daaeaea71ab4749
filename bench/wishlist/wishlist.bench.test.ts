import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { it, vi } from "vitest";
import { FANOUT_BATCH } from "../../worker/features/wishlist/saver-book";

/**
 * The wishlist fan-out at scale (issue 15): one product saved by N customers (100,000 by default;
 * their rows filed straight into the Site's savers index, as profiles mirror them), a webhook
 * endpoint subscribed, then one catalog update lowers its price. Measured: the update request
 * itself (it only queues the fan-out), then the Site's alarm runs until every saver's
 * `wishlist.price_drop` event is stored in the outbox (delivery is the outbox's own, measured
 * elsewhere). bench/wishlist.mjs runs this and records the BENCH_RESULT line.
 */
const benv = env as unknown as Record<string, string | undefined>;
const SAVERS = Number(benv.BENCH_WISHLIST_SAVERS) || 100_000;
const ADMIN = "admin_bench_token";
const SITE = "bench-wish";
const T0 = performance.now();
const say = (m: string) => console.log(`[wishlist ${((performance.now() - T0) / 1000).toFixed(1)} s] ${m}`);
const call = (path: string, init: RequestInit & { json?: unknown } = {}) =>
  exports.default.fetch(
    new Request(`https://revisit.test${path}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), "Content-Type": "application/json" },
      body: init.json === undefined ? null : JSON.stringify(init.json),
    }),
  );
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

it(`fans out a price drop to ${SAVERS} savers`, async () => {
  // Date far ahead (timings use performance.now): every alarm is then due in the future as the
  // scheduler sees it, so none goes off by itself; the bench runs the Site's by hand, one batch per
  // run, and the outbox's deliveries (network, measured elsewhere) stay queued.
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.UTC(2033, 0, 1));
  const created = (await (
    await call("/v1/admin/sites", { method: "POST", headers: { Authorization: `Bearer ${ADMIN}` }, json: { id: SITE, name: "Bench", allowedOrigins: ["https://shop.example"] } })
  ).json()) as { secretKey: string };
  const auth = { Authorization: `Bearer ${created.secretKey}` };
  const config = { name: "Bench", allowedOrigins: ["https://shop.example"], webhooks: [{ url: "https://receiver.example/hooks", events: ["wishlist.price_drop"] }] };
  if ((await call("/v1/site/config", { method: "PUT", headers: auth, json: config })).status !== 200) throw new Error("config");
  const item = { id: "wish", title: "Saved", url: "https://shop.example/p/wish", price: 50, currency: "USD", categories: [], tags: [] };
  if ((await call("/v1/catalog/products", { method: "PUT", headers: auth, json: { products: [item] } })).status !== 200) throw new Error("catalog");
  const site = env.SITE.get(env.SITE.idFromName(SITE));
  const outbox = env.WEBHOOKS.get(env.WEBHOOKS.idFromName(`site:${SITE}:outbox`));
  await runInDurableObject(site, (_o, s) => {
    for (let i = 0; i < SAVERS; i++) s.storage.sql.exec("INSERT INTO wishlist_savers (product_id, customer_id, saved_at) VALUES ('wish', ?, ?)", `c-${String(i).padStart(7, "0")}`, Date.now() - 1000);
  });
  say(`${SAVERS} savers filed`);
  const u0 = performance.now();
  const res = await call("/v1/catalog/products", { method: "PUT", headers: auth, json: { patch: [{ id: "wish", price: 40 }] } });
  const updateMs = performance.now() - u0;
  if (res.status !== 200) throw new Error(`update ${res.status}`);
  const runs: number[] = [];
  const f0 = performance.now();
  const pending = () => runInDurableObject(site, (_o, s) => s.storage.sql.exec("SELECT 1 FROM wishlist_fanout").toArray().length > 0);
  while (await pending()) {
    const r0 = performance.now();
    if (!(await runDurableObjectAlarm(site))) throw new Error("the fan-out is pending but no alarm is set");
    runs.push(performance.now() - r0);
    if (runs.length % 40 === 0) say(`${runs.length} alarm runs`);
  }
  const fanoutMs = performance.now() - f0;
  const events = await runInDurableObject(outbox, (_o, s) =>
    s.storage.sql.exec<{ n: number; d: number }>("SELECT count(*) AS n, count(DISTINCT idem) AS d FROM outbox WHERE type = 'wishlist.price_drop'").one(),
  );
  if (events.n !== SAVERS || events.d !== SAVERS) throw new Error(`expected ${SAVERS} events, got ${events.n} (${events.d} distinct)`);
  const r = {
    savers: SAVERS,
    batch: FANOUT_BATCH,
    updateRequestMs: Math.round(updateMs * 10) / 10,
    alarmRuns: runs.length,
    runMsP50: Math.round(pct(runs, 50) * 10) / 10,
    runMsP99: Math.round(pct(runs, 99) * 10) / 10,
    runMsMax: Math.round(Math.max(...runs) * 10) / 10,
    fanoutSeconds: Math.round(fanoutMs / 100) / 10,
    eventsPerSecond: Math.round(SAVERS / (fanoutMs / 1000)),
    eventsStored: events.n,
  };
  console.log(`BENCH_RESULT ${JSON.stringify(r)}`);
});
