import { env, runInDurableObject } from "cloudflare:test";
import { it } from "vitest";
import type { CellBook } from "../../worker/features/insights/cells";
import { cellDelta, customerCells } from "../../worker/features/insights/customer-cells";
import type { CustomerFacts, PointKind } from "../../worker/features/insights/customer-facts";
import { dayFromIso, dayOf } from "../../worker/features/insights/period";
import { type InsightsQuery, readInsights } from "../../worker/features/insights/read-insights";
import type { InsightsObject } from "../../worker/objects/insights-object";
import { insightsStub } from "../../worker/platform/stubs";

/**
 * Insights at scale (issue 11): a seeded synthetic shop of N customers (about 5 orders each) is
 * written into the real InsightsObject through `recordCustomers` (the diff code the Profile object's
 * per-customer reports use), then every insight is read through the object's RPC `read`, timed,
 * and the counter rows each read gets from SQL are counted. bench/insights.mjs runs this.
 */

const benv = env as unknown as Record<string, string | undefined>;
const SIZES = (benv.BENCH_INSIGHTS_SIZES ?? "1000,1000000").split(",").map(Number);
const BATCH = Number(benv.BENCH_INSIGHTS_BATCH) || 1000;
const READS = Number(benv.BENCH_INSIGHTS_READS) || 20;
const SEED = Number(benv.BENCH_INSIGHTS_SEED) || 20251231;
const UPDATES = 200;
const T0 = Date.now();
const say = (m: string) => console.log(`[insights ${((Date.now() - T0) / 1000).toFixed(1)} s] ${m}`);

const DAY = 86_400_000;
/** "Now" of every read: the shop's history is the two years before it (fixed, so runs compare). */
const NOW = Date.UTC(2025, 11, 31, 20, 0, 0);
const WINDOW = 730 * DAY;
const START = NOW - WINDOW;
const TODAY = dayOf(NOW, "UTC");
const EXPERIMENT = "exp-bench";
const PLACEMENTS = ["home", "product", "cart"];
const REASONS = ["bought_together", "popular", "recently_viewed", "similar"];
const REWARDS = ["reward-5-off", "reward-10-off", "reward-free-shipping"];

/** Workerd's clock stands still while JS runs and moves on I/O: a timer turn brings it up to date. */
const tick = () => new Promise<void>((r) => setTimeout(r, 0));

function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Totals of what was generated, to check the counters against. */
interface Totals {
  customers: number;
  orders: number;
  refunds: number;
  revenueMinor: number;
  members: number;
  armed: number;
  holdout: number;
  pointsRows: number;
  recs: number;
  converters: number;
}
const newTotals = (): Totals => ({ customers: 0, orders: 0, refunds: 0, revenueMinor: 0, members: 0, armed: 0, holdout: 0, pointsRows: 0, recs: 0, converters: 0 });

/**
 * Customer `i` of the synthetic shop, the same for any shop size (its own seeded stream): 1 +
 * geometric(0.2) orders (mean 5); gaps between orders lognormal (median 40 days, σ 1), squeezed
 * into the two years when they would not fit; the first order placed uniformly so the last falls
 * before now; worth lognormal (median 45.00, σ 0.6); 5 % of orders partly refunded within 20 days;
 * 1 point per currency unit; 8 % members (a sign-up bonus, and 500-point redemptions when the
 * balance allows); points of customers idle for a year expire; 20 % in the experiment, half of
 * them in the holdout; 10 % of orders with recommendation-attributed worth.
 */
function customer(i: number, t: Totals, extraOrderAt: number | null = null): [string, CustomerFacts] {
  const r = mulberry32(SEED ^ Math.imul(i + 1, 0x9e3779b1));
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const id = `c${i}`;
  let k = 1;
  while (r() < 0.8) k++;
  const gaps: number[] = [];
  let span = 0;
  for (let j = 1; j < k; j++) {
    const g = Math.exp(Math.log(40) + gauss()) * DAY;
    gaps.push(g);
    span += g;
  }
  if (span > WINDOW * 0.95) {
    const s = (WINDOW * (0.5 + 0.45 * r())) / span;
    for (let j = 0; j < gaps.length; j++) gaps[j] = (gaps[j] as number) * s;
    span *= s;
  }
  const f: CustomerFacts = { orders: [], refunds: [], points: [], rewards: [], member: r() < 0.08, arms: [], recs: [] };
  // Drawn before the orders, so adding an order later (the update timing) keeps the customer's arm.
  if (r() < 0.2) {
    const holdout = r() < 0.5;
    f.arms.push([EXPERIMENT, holdout ? "holdout" : "treatment", Math.round(START + r() * WINDOW)]);
    t.armed++;
    if (holdout) t.holdout++;
  }
  let at = START + r() * (WINDOW - span);
  let balance = 0;
  let last = at;
  const pts = (when: number, kind: PointKind, n: number) => {
    f.points.push([Math.round(when), kind, n]);
    balance += kind === 0 ? n : -n;
    last = Math.max(last, when);
  };
  if (f.member) pts(at, 0, 100);
  const order = (j: number, when: number) => {
    const oid = `${id}-${j + 1}`;
    const worth = Math.max(100, Math.round(Math.exp(Math.log(4500) + 0.6 * gauss())));
    f.orders.push([oid, Math.round(when), worth]);
    t.orders++;
    t.revenueMinor += worth;
    pts(when, 0, Math.floor(worth / 100));
    if (r() < 0.05) {
      const back = Math.max(1, Math.round(worth * (0.2 + 0.6 * r())));
      const rat = Math.min(NOW - 1, when + (1 + r() * 20) * DAY);
      f.refunds.push([oid, Math.round(rat), back]);
      t.refunds++;
      t.revenueMinor -= back;
      const rev = Math.min(balance, Math.floor(back / 100));
      if (rev > 0) pts(rat, 3, rev);
    }
    if (r() < 0.1) {
      f.recs?.push([oid, Math.round(when), PLACEMENTS[Math.floor(r() * PLACEMENTS.length)] as string, REASONS[Math.floor(r() * REASONS.length)] as string, Math.round(worth * (0.2 + 0.5 * r()))]);
      t.recs++;
    }
    if (f.member && balance >= 500 && r() < 0.6) {
      const rat = Math.min(NOW - 1, when + (1 + r() * 30) * DAY);
      pts(rat, 1, 500);
      f.rewards.push([Math.round(rat), REWARDS[Math.floor(r() * REWARDS.length)] as string]);
    }
  };
  for (let j = 0; j < k; j++) {
    if (j > 0) at += gaps[j - 1] as number;
    order(j, at);
  }
  if (extraOrderAt !== null) order(k, extraOrderAt);
  if (NOW - last > 365 * DAY && balance > 0) pts(last + 365 * DAY, 2, balance);
  const arm = f.arms[0];
  if (arm && f.orders.some((o) => o[1] >= arm[2])) t.converters++;
  t.customers++;
  if (f.member) t.members++;
  t.pointsRows += f.points.length;
  return [id, f];
}

const pct = (v: number[], p: number) => {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? null;
};

type Stub = DurableObjectStub<InsightsObject>;
const stubOf = (siteId: string) => insightsStub(env as unknown as { INSIGHTS: DurableObjectNamespace<InsightsObject> }, siteId) as Stub;
/** The instance's private CellBook (the bench reads it to count the rows each read gets). */
const bookOf = (o: InsightsObject) => (o as unknown as { cells: CellBook }).cells;

/** The reads timed at every size: the insights dashboard's queries over the last year, month and two years. */
const YEAR_FROM = TODAY - 364;
const MONTH_FROM = dayFromIso("2025-12-01");
const ALL_FROM = dayOf(START, "UTC");
const QUERIES: { name: string; q: InsightsQuery }[] = [
  { name: "summary, 1 year by month", q: { kind: "summary", from: YEAR_FROM, to: TODAY, granularity: "month" } },
  { name: "summary, 1 year by week", q: { kind: "summary", from: YEAR_FROM, to: TODAY, granularity: "week" } },
  { name: "summary, 1 year by day", q: { kind: "summary", from: YEAR_FROM, to: TODAY, granularity: "day" } },
  { name: "summary, 1 month by day", q: { kind: "summary", from: MONTH_FROM, to: TODAY, granularity: "day" } },
  { name: "cohorts (customers), 2 years", q: { kind: "cohorts", from: ALL_FROM, to: TODAY, metric: "customers" } },
  { name: "cohorts (revenue), 2 years", q: { kind: "cohorts", from: ALL_FROM, to: TODAY, metric: "revenue" } },
  { name: "loyalty, 1 year by month", q: { kind: "loyalty", from: YEAR_FROM, to: TODAY, granularity: "month", pointValue: 0.01 } },
  { name: "experiment", q: { kind: "experiment", id: EXPERIMENT } },
];

/**
 * The counter rows one read gets from SQL, counted by running the same read function
 * (read-insights.ts) inside the object over a CellBook that counts what each `range`/`at`/`all`
 * call returns; `scanned` is what SQLite walks for those calls: every row of the primary key's
 * (metric, a) range, before the `b ≤ bMax` filter (an `at` call seeks its (metric, a, b) range).
 */
function countCells(o: InsightsObject, state: DurableObjectState, q: InsightsQuery) {
  const book = bookOf(o);
  const byMetric: Record<string, { returned: number; scanned: number; calls: number }> = {};
  const one = (sql: string, ...args: (string | number)[]) => state.storage.sql.exec<{ n: number }>(sql, ...args).one().n;
  const note = (metric: string, returned: number, scanned: number) => {
    const m = (byMetric[metric] ??= { returned: 0, scanned: 0, calls: 0 });
    m.returned += returned;
    m.scanned += scanned;
    m.calls++;
  };
  const counting = {
    range: (metric: string, aFrom: number, aTo: number, bMax?: number) => {
      const rows = book.range(metric, aFrom, aTo, bMax);
      note(metric, rows.length, one("SELECT count(*) AS n FROM cells WHERE metric = ? AND a >= ? AND a <= ?", metric, aFrom, aTo));
      return rows;
    },
    at: (metric: string, a: number, bFrom: number, bTo: number) => {
      const rows = book.at(metric, a, bFrom, bTo);
      // One `a` and a `b` range of the primary key: SQLite seeks to it and walks only those rows.
      note(metric, rows.length, rows.length);
      return rows;
    },
    all: (metric: string) => {
      const rows = book.all(metric);
      note(metric, rows.length, rows.length);
      return rows;
    },
  } as unknown as CellBook;
  readInsights(counting, q, TODAY);
  let returned = 0;
  let scanned = 0;
  for (const m of Object.values(byMetric)) {
    returned += m.returned;
    scanned += m.scanned;
  }
  return { returned, scanned, byMetric };
}

/**
 * Where one batch's write time goes, on two fresh objects (so the shop's own counters are written
 * only through `recordCustomers`): the pure JS parts timed in the test isolate, the SQL statements
 * the diff runs counted, and the same batch written three ways: over RPC, in-process
 * (`recordCustomers` on the instance: no RPC copy) and with the batch's deltas merged before
 * they reach SQL (a prototype of a cheaper write, same final counters).
 */
async function profileWrite() {
  const t = newTotals();
  const batches = [0, 1, 2].map((b) => Array.from({ length: BATCH }, (_, k) => customer(10_000_000 + b * BATCH + k, t)));
  const first = batches[0] as [string, CustomerFacts][];
  await tick();
  const t0 = Date.now();
  for (let x = 0; x < 5; x++) for (let k = 0; k < BATCH; k++) customer(10_000_000 + k, newTotals());
  await tick();
  const generateMs = (Date.now() - t0) / 5;
  let cells = 0;
  const merged = new Map<string, number>();
  for (const [, f] of first) {
    const c = cellDelta(new Map(), customerCells(f, "UTC"));
    cells += c.size;
    for (const [key, n] of c) merged.set(key, (merged.get(key) ?? 0) + n);
  }
  /** Mean ms of `fn` over 5 runs (the clock moves only on I/O: a timer turn before and after). */
  const js = async (fn: () => void) => {
    await tick();
    const s = Date.now();
    for (let x = 0; x < 5; x++) fn();
    await tick();
    return (Date.now() - s) / 5;
  };
  const json = first.map(([, f]) => JSON.stringify(f));
  const jsonBytes = json.reduce((s, j) => s + j.length, 0);
  const customerCellsMs = await js(() => {
    for (const [, f] of first) customerCells(f, "UTC");
  });
  const stringifyMs = await js(() => {
    for (const [, f] of first) JSON.stringify(f);
  });
  const parseMs = await js(() => {
    for (const j of json) JSON.parse(j);
  });
  const orders = first.reduce((s, [, f]) => s + f.orders.length, 0);

  const timed = async (fn: () => Promise<unknown>) => {
    await tick();
    const s = Date.now();
    await fn();
    return Date.now() - s;
  };
  const ways: Record<string, number[]> = { rpc: [], inProcess: [], mergedPrototype: [] };
  const rpc = stubOf("bench-profile-rpc");
  const inproc = stubOf("bench-profile-inprocess");
  const proto = stubOf("bench-profile-merged");
  for (const batch of batches) {
    ways.rpc?.push(await timed(() => rpc.recordCustomers("bench-profile", batch)));
    ways.inProcess?.push(await timed(() => runInDurableObject(inproc, (o: InsightsObject) => o.recordCustomers("bench-profile", batch))));
    ways.mergedPrototype?.push(
      await timed(() =>
        runInDurableObject(proto, (o: InsightsObject, state: DurableObjectState) => {
          const sql = state.storage.sql;
          state.storage.transactionSync(() => {
            const all = new Map<string, number>();
            for (const [id, f] of batch) {
              const row = sql.exec<{ facts: string }>("SELECT facts FROM customers WHERE id = ?", id).toArray()[0];
              const before = row ? customerCells(JSON.parse(row.facts) as CustomerFacts, "UTC") : new Map<string, number>();
              for (const [key, n] of cellDelta(before, customerCells(f, "UTC"))) all.set(key, (all.get(key) ?? 0) + n);
              sql.exec("INSERT INTO customers (id, facts) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET facts = excluded.facts", id, JSON.stringify(f));
            }
            bookOf(o).add(all);
          });
        }),
      ),
    );
  }
  for (const s of [rpc, inproc, proto]) await runInDurableObject(s, (_o: InsightsObject, state: DurableObjectState) => state.storage.deleteAlarm());
  return {
    batchCustomers: BATCH,
    batchOrders: orders,
    generateMs,
    customerCellsMs,
    stringifyMs,
    parseMs,
    factsJsonBytes: jsonBytes,
    sqlStatements: { cellUpserts: cells, perCustomer: 2, total: cells + 2 * BATCH, perOrder: (cells + 2 * BATCH) / orders },
    mergedCellUpserts: merged.size,
    writeMs: ways,
    note: "three consecutive batches of new customers on fresh objects; JS parts timed 5 times in the test isolate (1 ms clock); cellUpserts = INSERT … ON CONFLICT … RETURNING statements (one per cell a customer touches)",
  };
}

/** Writes, measures and reads one synthetic shop of `size` customers. */
async function shop(size: number) {
  const siteId = `bench-insights-${size}`;
  const stub = stubOf(siteId);
  const t = newTotals();
  const batchMs: number[] = [];
  const progress: { customers: number; orders: number; seconds: number; customersPerS: number }[] = [];
  await tick();
  const started = Date.now();
  let rpcMs = 0;
  let lastMark = { at: started, customers: 0 };
  const step = Math.max(BATCH, Math.ceil(size / 20 / BATCH) * BATCH);
  for (let from = 0; from < size; from += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, size - from) }, (_, k) => customer(from + k, t));
    await tick();
    const s = Date.now();
    await stub.recordCustomers(siteId, batch);
    const ms = Date.now() - s;
    rpcMs += ms;
    batchMs.push(ms);
    // The first report arms the daily lifecycle snapshot (a call to the Site object, which this
    // bench does not create): disarmed, so it never lands in the middle of the timed writes.
    if (from === 0) await runInDurableObject(stub, (_o: InsightsObject, state: DurableObjectState) => state.storage.deleteAlarm());
    const done = from + batch.length;
    if (done % step === 0 || done === size) {
      const now = Date.now();
      const p = { customers: done, orders: t.orders, seconds: (now - started) / 1000, customersPerS: Math.round(((done - lastMark.customers) * 1000) / Math.max(1, now - lastMark.at)) };
      progress.push(p);
      lastMark = { at: now, customers: done };
      if (size >= 100_000) say(`${size}: ${done} customers, ${t.orders} orders in ${p.seconds.toFixed(0)} s (${p.customersPerS} customers/s lately, batch p50 ${pct(batchMs.slice(-50), 50)} ms)`);
    }
  }
  const seconds = (Date.now() - started) / 1000;
  say(`${size}: written in ${seconds.toFixed(1)} s (${t.orders} orders)`);

  const bytes = await stub.storageBytes();
  const stored = await runInDurableObject(stub, (_o: InsightsObject, state: DurableObjectState) => {
    const q = <T>(sql: string) => state.storage.sql.exec(sql).toArray() as T[];
    const c = q<{ n: number; len: number }>("SELECT count(*) AS n, sum(length(facts)) AS len FROM customers")[0];
    const byMetric: Record<string, number> = {};
    for (const r of q<{ metric: string; n: number }>("SELECT metric, count(*) AS n FROM cells GROUP BY metric")) byMetric[r.metric] = r.n;
    let plan: string | null = null;
    try {
      plan = state.storage.sql
        .exec("EXPLAIN QUERY PLAN SELECT a, b, c, n FROM cells WHERE metric = ? AND a >= ? AND a <= ? AND b <= ?", "ord", 0, 1, 1)
        .toArray()
        .map((r) => String(r.detail))
        .join("; ");
    } catch (e) {
      plan = `unavailable: ${(e as Error).message}`;
    }
    return { customerRows: c?.n ?? 0, factsJsonBytes: c?.len ?? 0, cells: Object.values(byMetric).reduce((a, b) => a + b, 0), cellsByMetric: byMetric, plan };
  });

  // Check: the whole two years' summary equals what was generated.
  const whole = (await stub.read({ kind: "summary", from: ALL_FROM, to: TODAY, granularity: "month" }, NOW)) as { total: { orders: number; newCustomers: number; revenue: number } };
  const check = {
    ok: whole.total.orders === t.orders && whole.total.newCustomers === t.customers && Math.round(whole.total.revenue * 100) === t.revenueMinor,
    orders: [whole.total.orders, t.orders],
    customers: [whole.total.newCustomers, t.customers],
    revenueMinor: [Math.round(whole.total.revenue * 100), t.revenueMinor],
  };
  const exp = (await stub.read({ kind: "experiment", id: EXPERIMENT }, NOW)) as { treatment: { converters: number }; holdout: { converters: number } };
  Object.assign(check, { experimentConverters: [exp.treatment.converters + exp.holdout.converters, t.converters] });
  check.ok &&= exp.treatment.converters + exp.holdout.converters === t.converters;

  const reads = [];
  for (const { name, q } of QUERIES) {
    const ms: number[] = [];
    for (let k = 0; k < READS; k++) {
      await tick();
      const s = Date.now();
      await stub.read(q, NOW);
      ms.push(Date.now() - s);
    }
    const cells = await runInDurableObject(stub, (o: InsightsObject, state: DurableObjectState) => countCells(o, state, q));
    reads.push({ name, query: q, ms: { p50: pct(ms, 50), max: Math.max(...ms), samples: ms.length }, cells });
    say(`${size}: ${name}: p50 ${pct(ms, 50)} ms, max ${Math.max(...ms)} ms, ${cells.returned} cells (${cells.scanned} scanned)`);
  }

  // One more order for existing customers, each reported alone (what the Profile object does after an order).
  const pick = mulberry32(SEED + size);
  const updateMs: number[] = [];
  for (let k = 0; k < Math.min(UPDATES, size); k++) {
    const i = Math.floor(pick() * size);
    const [id, facts] = customer(i, newTotals(), NOW - 3_600_000);
    await tick();
    const s = Date.now();
    await stub.recordCustomer(siteId, id, facts);
    updateMs.push(Date.now() - s);
  }

  return {
    customers: t.customers,
    orders: t.orders,
    refunds: t.refunds,
    members: t.members,
    armed: t.armed,
    holdout: t.holdout,
    pointRows: t.pointsRows,
    recOrders: t.recs,
    write: {
      seconds,
      rpcSeconds: rpcMs / 1000,
      batches: batchMs.length,
      customersPerS: Math.round(t.customers / seconds),
      ordersPerS: Math.round(t.orders / seconds),
      batchMs: { p50: pct(batchMs, 50), max: Math.max(...batchMs) },
      progress,
    },
    storage: { bytes, bytesPerOrder: Math.round(bytes / t.orders), bytesPerCustomer: Math.round(bytes / t.customers), ...stored },
    check,
    reads,
    updates: { calls: updateMs.length, ms: { p50: pct(updateMs, 50), max: Math.max(...updateMs) } },
  };
}

it("insights at scale", async () => {
  const out: Record<string, unknown> = {
    seed: SEED,
    batch: BATCH,
    readsPerQuery: READS,
    now: new Date(NOW).toISOString(),
    historyDays: WINDOW / DAY,
    timeZone: "UTC",
    sizes: [] as unknown[],
  };
  out.profile = await profileWrite();
  say(`profile: ${JSON.stringify(out.profile)}`);
  for (const size of SIZES) {
    (out.sizes as unknown[]).push(await shop(size));
    console.log(`BENCH_PARTIAL ${JSON.stringify(out)}`);
  }
  out.runSeconds = (Date.now() - T0) / 1000;
  console.log(`BENCH_RESULT ${JSON.stringify(out)}`);
});
