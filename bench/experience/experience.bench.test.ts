/**
 * `npm run bench:experience`: time per `GET /v1/experience` inside workerd with 1k, 10k and 100k
 * products and a shopper with a long history (hundreds of orders and product views), next to
 * `GET /healthz` in the same run. Run by bench/experience/run.mjs, which reads the BENCH_RESULT line.
 *
 * Two measures per catalog size:
 * - wall time per request through the Worker's real handler (`exports.default.fetch`: routing,
 *   auth, zod, Durable Object RPC, SQLite, KV), the three requests interleaved so machine noise
 *   hits them alike; local workerd's clock advances (1 ms steps) where production freezes it, so
 *   this is an upper bound on CPU time;
 * - CPU time: run.mjs serves the summed user+system CPU of the bench's process tree (workerd and
 *   its idle vitest host) from /proc; a batch of N requests of one kind is bracketed by two reads.
 *   The difference per request is a real CPU figure (a mean, not a percentile; 10 ms ticks spread
 *   over the batch) and, unlike wall time, is not inflated by other work on a shared machine.
 */
import { exports } from "cloudflare:workers";
import { env, runInDurableObject } from "cloudflare:test";
import { it } from "vitest";
import { call, CATEGORIES, hmacHex, ORIGIN, pid, product, stats } from "../workerd/fixtures";

const ADMIN = "admin_bench_token";
const SITE = "bench-exp";
const benv = env as unknown as Record<string, string | undefined>;
const SIZES = (benv.BENCH_SIZES ?? "1000,10000,100000").split(",").map(Number);
const SAMPLES = Number(benv.BENCH_SAMPLES) || 300;
const ORDERS = Number(benv.BENCH_ORDERS ?? 300);
const VIEWS = Number(benv.BENCH_VIEWS ?? 600);
const SEED_MS = Number(benv.BENCH_SEED_SECONDS ?? 150) * 1000;
const PUBLISH_MS = Number(benv.BENCH_PUBLISH_SECONDS ?? 45) * 1000;
const POINT_MS = Number(benv.BENCH_POINT_SECONDS ?? 30) * 1000;
const CPU_URL = benv.BENCH_CPU_URL || "";
const T0 = Date.now();
const say = (m: string) => console.log(`[experience ${((Date.now() - T0) / 1000).toFixed(1)} s] ${m}`);


/** CPU milliseconds used so far by the bench's process tree, from run.mjs (null when not available). */
async function cpuMs(): Promise<number | null> {
  if (!CPU_URL) return null;
  try {
    const r = await fetch(CPU_URL);
    return r.ok ? ((await r.json()) as { ms: number }).ms : null;
  } catch {
    return null;
  }
}

it("experience time by catalog size, next to /healthz", async () => {
  const out: Record<string, unknown> = { samples: SAMPLES, orders: ORDERS, views: VIEWS, points: [] as unknown[] };
  const partial = () => console.log("BENCH_PARTIAL " + JSON.stringify(out));
  const created = await call("/v1/admin/sites", { method: "POST", headers: { Authorization: `Bearer ${ADMIN}` }, json: { id: SITE, name: "Bench shop", allowedOrigins: [ORIGIN] } });
  if (created.status !== 201) throw new Error(`create site: ${created.status} ${await created.text()}`);
  const site = (await created.json()) as { siteId: string; publishableKey: string; secretKey: string; identitySecret: string };
  const server = { Authorization: `Bearer ${site.secretKey}` };
  const cfg = await call("/v1/site/config", {
    method: "PUT",
    headers: server,
    json: {
      name: "Bench shop",
      allowedOrigins: [ORIGIN],
      categories: CATEGORIES.map((id) => ({ id, name: { en: id } })),
      loyalty: { pointsPerUnit: 1, tierBasis: "points", tiers: [{ id: "silver", name: { en: "Silver" }, threshold: 200 }, { id: "gold", name: { en: "Gold" }, threshold: 500 }] },
    },
  });
  if (cfg.status !== 200) throw new Error(`config: ${cfg.status} ${await cfg.text()}`);
  out.cpuSource = (await cpuMs()) === null ? null : "/proc utime+stime of the bench process tree";

  let size = 0;
  let backlog = 0;
  const seedTo = async (n: number) => {
    const t0 = Date.now();
    while (size < n) {
      if (Date.now() - t0 > SEED_MS) return { ok: false, reached: size, error: `stopped: seeding took over ${SEED_MS / 1000} s`, seconds: (Date.now() - t0) / 1000 };
      const products = Array.from({ length: Math.min(1000, n - size) }, (_, k) => product(size + k));
      const res = await call("/v1/catalog/products", { method: "PUT", headers: server, json: { products } });
      if (res.status !== 200) return { ok: false, reached: size, status: res.status, error: (await res.text()).slice(0, 300), seconds: (Date.now() - t0) / 1000 };
      backlog = ((await res.json()) as { publishing: number }).publishing;
      size += products.length;
    }
    return { ok: true, reached: size, seconds: (Date.now() - t0) / 1000 };
  };
  /**
   * KV copies are published by the Site object's alarm, 250 per second. Drive the same publishing
   * (the object's own `alarm()`) back to back until done or out of time, so the catalog the
   * requests see is the one that was sent; what is left is reported.
   */
  const siteObj = env.SITE.get(env.SITE.idFromName(site.siteId));
  const publish = async () => {
    const t0 = Date.now();
    let left = backlog;
    while (left > 0 && Date.now() - t0 < PUBLISH_MS) {
      left = await runInDurableObject(siteObj, async (o: { alarm(): Promise<void> }, state: DurableObjectState) => {
        await o.alarm();
        return state.storage.sql.exec("SELECT count(*) AS n FROM rec_dirty").one().n as number;
      });
    }
    return { left, seconds: (Date.now() - t0) / 1000 };
  };

  // ---- the shopper: an identified customer with hundreds of orders and product views ----------
  const customerId = "bench-long-history";
  const hash = await hmacHex(site.identitySecret, customerId);
  const visitor = "benchexp0visitor00000001";
  const headers = { "X-Revisit-Key": site.publishableKey, "X-Revisit-Visitor": visitor, "X-Revisit-Customer": customerId, "X-Revisit-Customer-Hash": hash, Origin: ORIGIN };
  out.seed1k = await seedTo(Math.min(1000, SIZES[0] ?? 1000));
  const t0 = Date.now();
  const DAY = 86_400_000;
  for (let i = 0; i < ORDERS; i++) {
    // Two years of orders, 1-3 lines each, from the first 1,000 products (some re-bought often).
    const lines = 1 + (i % 3);
    const items = Array.from({ length: lines }, (_, k) => {
      const p = (i * 37 + k * 101) % (i % 4 === 0 ? 40 : 1000);
      return { productId: pid(p), quantity: 1 + (k % 2), price: 5 + (p % 95) };
    });
    const res = await call("/v1/orders", {
      method: "POST",
      headers: server,
      json: { id: `bench-order-${i}`, customerId, items, total: items.reduce((a, x) => a + x.price * x.quantity, 0), currency: "USD", createdAt: new Date(Date.now() - (ORDERS - i) * (730 / ORDERS) * DAY).toISOString() },
    });
    if (res.status !== 201) throw new Error(`order ${i}: ${res.status} ${await res.text()}`);
  }
  const ordersSeconds = (Date.now() - t0) / 1000;
  for (let sent = 0; sent < VIEWS; sent += 50) {
    const events = Array.from({ length: Math.min(50, VIEWS - sent) }, (_, k) => {
      const i = sent + k;
      return { id: `view-${String(i).padStart(6, "0")}`, at: new Date(Date.now() - (VIEWS - i) * 60_000).toISOString(), type: "product_view", productId: pid((i * 53) % 1000) };
    });
    const res = await call("/v1/events", { method: "POST", headers, json: { events } });
    if (res.status !== 202) throw new Error(`events: ${res.status} ${await res.text()}`);
  }
  await call("/v1/events", { method: "POST", headers, json: { events: [{ id: "cart-000001", type: "cart", items: [{ productId: pid(3), quantity: 1 }, { productId: pid(17), quantity: 2 }] }] } });
  out.history = { orders: ORDERS, productViews: VIEWS, cartLines: 2, ordersSeconds, seconds: (Date.now() - t0) / 1000 };
  say(`history: ${JSON.stringify(out.history)}`);

  const healthz = async () => {
    const r = await call("/healthz");
    await r.arrayBuffer();
  };
  const exp = (query: string) => async () => {
    const r = await call(`/v1/experience?locale=en${query}`, { headers });
    if (r.status !== 200) throw new Error(`experience: ${r.status} ${await r.text()}`);
    await r.arrayBuffer();
  };
  const home = exp("");
  const productPage = exp(`&placement=product&product=${pid(17)}`);
  const routes = { healthz, home, product: productPage };

  for (const n of SIZES) {
    const seeded = n <= size ? { ok: true, reached: size, seconds: 0 } : await seedTo(n);
    const published = await publish();
    say(`catalog ${size}: seeded ${JSON.stringify(seeded)}, publishing ${JSON.stringify(published)}`);
    const point: Record<string, unknown> = { products: n, catalog: size, seeded, published };
    // Shape of what the shopper gets (a sanity check that the work is real).
    const body = (await (await call("/v1/experience?locale=en", { headers })).json()) as { recommendations?: { items?: unknown[] } | unknown[]; visitor?: { tier?: unknown } };
    const recs = Array.isArray(body.recommendations) ? body.recommendations : (body.recommendations as { items?: unknown[] } | undefined)?.items;
    point.recommendationCount = recs?.length ?? null;
    for (const f of Object.values(routes)) for (let i = 0; i < 20; i++) await f(); // warm
    // Wall time, interleaved: healthz, home, product page, healthz, …
    const wall: Record<string, number[]> = { healthz: [], home: [], product: [] };
    const until = Date.now() + POINT_MS;
    for (let i = 0; i < SAMPLES && (i < 30 || Date.now() < until); i++)
      for (const [k, f] of Object.entries(routes)) {
        const t = performance.now();
        await f();
        wall[k]!.push(performance.now() - t);
      }
    point.wallMs = Object.fromEntries(Object.entries(wall).map(([k, v]) => [k, stats(v)]));
    (out.points as unknown[]).push(point);
    partial(); // a run stopped by its time limit still reports the wall times of this point
    // CPU: one batch per route between two reads of the process tree's CPU time.
    const cpu: Record<string, unknown> = {};
    for (const [k, f] of Object.entries(routes)) {
      const batch = Math.max(50, Math.min(SAMPLES, 300));
      const c0 = await cpuMs();
      const w0 = Date.now();
      // Bounded like the wall-time loop: at least 50 requests, then stop once a third of the point's budget is spent.
      let done = 0;
      while (done < batch && (done < 50 || Date.now() - w0 < POINT_MS / 3)) await f(), done++;
      const c1 = await cpuMs();
      cpu[k] = c0 === null || c1 === null ? null : { batch: done, cpuMsPerRequest: Math.round(((c1 - c0) / done) * 100) / 100, wallMsPerRequest: Math.round(((Date.now() - w0) / done) * 100) / 100 };
    }
    point.cpu = cpu;
    say(`at ${size}: wall ${JSON.stringify(point.wallMs)} cpu ${JSON.stringify(cpu)}`);
    partial();
    if (!seeded.ok) break;
  }
  console.log("BENCH_RESULT " + JSON.stringify(out));
});
