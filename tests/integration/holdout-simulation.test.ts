import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { armOf, bucketOf, shopperKey } from "../../worker/features/experiments/assignment";
import type { CustomerFacts } from "../../worker/features/insights/customer-facts";
import { insightsStub, profileObjectId } from "../../worker/platform/stubs";
import { call, createSite, getExperience, hmacHex, json, server, type TestSite, visitorHeaders } from "./helpers";
import { mulberry32 } from "../seeded-random";

/**
 * The holdout's statistics proven through the real API (issue 11): shoppers with a known true
 * conversion rate per arm, some of whom order, and the experiment's result read back from
 * `GET /v1/experiments/{id}/results`. Over many seeded runs the reported 95 % interval for the
 * absolute lift must cover the true lift in about 95 % of runs, and with equal rates (an A/A test)
 * about 5 % of runs may call the difference significant. Assignment is by hash and the draws are
 * seeded, so every run of this test sees the same shoppers and the same counts.
 *
 * The first test takes shoppers the whole way (experience, which assigns the arm; order; result).
 * The many runs then give each shop's Insights object exactly what those shoppers' Profile
 * objects send it (the arm, by the same hash, and each customer's facts), because a real shopper
 * is a Durable Object of its own and the local runtime grows slower with every one created: a few
 * thousand made this file run for a quarter of an hour. The read, its counters and the statistics
 * are the real ones. The statistics' own coverage over 2,000 runs is in
 * tests/unit/experiment-statistics.test.ts.
 */
/** Runs of each kind, and shoppers per run (lifts are shown from 20 per arm: the experiment's `minShoppersPerArm`). */
const RUNS = 60;
const SHOPPERS = 200;

interface Result {
  status: string;
  arms: Record<string, { shoppers: number; convertingShoppers: number }>;
  lift: { conversion: { absolute: { estimate: number; low: number; high: number }; significant: boolean; test: string } } | null;
}

const EXPERIMENT = { id: "holdout", holdoutPercent: 50, minShoppersPerArm: 20 };
type Rates = { treatment: number; holdout: number };

/** The result as the API reads it back, with the arms the shoppers were really given. */
async function readBack(site: TestSite): Promise<Result> {
  const res = await call(`/v1/experiments/${EXPERIMENT.id}/results?mde=3`, { headers: server(site) });
  expect(res.status).toBe(200);
  return json<Result>(res);
}

/** Shoppers the whole way: each visits (the experience assigns the arm), those drawn to convert order. */
async function shopperRun(seed: number, rates: Rates) {
  const site = await createSite(`sim-shoppers-${seed}`, { experiments: [EXPERIMENT] });
  const draw = mulberry32(seed);
  const truth = { treatment: 0, holdout: 0 };
  for (let i = 0; i < 80; i += 10) {
    await Promise.all(
      Array.from({ length: 10 }, async (_, k) => {
        const customer = `c${i + k}`;
        const u = draw();
        const headers = visitorHeaders(site, `v-${customer}`.padEnd(20, "0"), { "X-Revisit-Customer": customer, "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, customer) });
        const arm = (await getExperience(headers)).experiments?.find((e) => e.id === EXPERIMENT.id)?.arm as "treatment" | "holdout";
        truth[arm]++;
        if (u >= rates[arm]) return;
        const order = { id: `o-${customer}`, customerId: customer, items: [{ productId: "p1", quantity: 1, price: 20 }], total: 20, currency: "USD", createdAt: new Date().toISOString() };
        const res = await call("/v1/orders", { method: "POST", headers: server(site), json: order });
        expect(res.status).toBe(201);
      }),
    );
  }
  return { result: await readBack(site), truth };
}

/** One run of many: a new shop whose Insights object hears what SHOPPERS customers' Profile objects would send. */
async function run(tag: string, seed: number, rates: Rates) {
  const site = await createSite(`${tag}-${seed}`, { experiments: [EXPERIMENT] });
  const insights = insightsStub(env, site.siteId);
  const draw = mulberry32(seed);
  const truth = { treatment: 0, holdout: 0, converted: 0 };
  const at = Date.UTC(2026, 10, 2);
  const batch: [string, CustomerFacts][] = [];
  for (let i = 0; i < SHOPPERS; i++) {
    const id = `c${i}`;
    const arm = armOf(bucketOf(site.siteId, EXPERIMENT.id, shopperKey({ kind: "customer", id })), EXPERIMENT.holdoutPercent);
    await insights.assign(EXPERIMENT.id, profileObjectId(env, { siteId: site.siteId, kind: "customer", id }), arm, at);
    truth[arm]++;
    const converts = draw() < rates[arm];
    if (converts) truth.converted++;
    batch.push([id, { orders: converts ? [[`o-${id}`, at + 60_000, 2_000]] : [], refunds: [], points: [], rewards: [], member: false, arms: [[EXPERIMENT.id, arm, at]] }]);
  }
  await insights.recordCustomers(site.siteId, batch);
  return { result: await readBack(site), truth };
}

describe("holdout statistics through the API", () => {
  it("counts the shoppers the experience assigned and the orders they placed", async () => {
    const { result, truth } = await shopperRun(1, { treatment: 0.4, holdout: 0.3 });
    expect(result.arms.treatment?.shoppers).toBe(truth.treatment);
    expect(result.arms.holdout?.shoppers).toBe(truth.holdout);
    expect(result.status).toBe("ready");
  });

  it(`covers the true lift (30 % vs 40 % conversion) in about 95 % of ${RUNS} runs`, async () => {
    let covered = 0;
    for (let r = 0; r < RUNS; r++) {
      const { result, truth } = await run("sim-effect", r, { treatment: 0.4, holdout: 0.3 });
      expect(result.arms.treatment?.shoppers).toBe(truth.treatment);
      expect(result.arms.holdout?.shoppers).toBe(truth.holdout);
      expect((result.arms.treatment?.convertingShoppers ?? 0) + (result.arms.holdout?.convertingShoppers ?? 0)).toBe(truth.converted);
      expect(result.status).toBe("ready");
      const ci = result.lift?.conversion.absolute;
      if (ci && ci.low <= 0.1 && 0.1 <= ci.high) covered++;
    }
    console.log(`holdout simulation: interval covered the true lift in ${covered} of ${RUNS} runs`);
    // Binomial(RUNS, 0.95): more than 3.5 standard deviations below the mean would fail.
    expect(covered).toBeGreaterThanOrEqual(Math.floor(RUNS * 0.95 - 3.5 * Math.sqrt(RUNS * 0.95 * 0.05)));
  }, 600_000);

  it(`finds no significant difference in about 95 % of ${RUNS} A/A runs`, async () => {
    let significant = 0;
    for (let r = 0; r < RUNS; r++) {
      const { result } = await run("sim-aa", 1000 + r, { treatment: 0.3, holdout: 0.3 });
      expect(result.status).toBe("ready");
      if (result.lift?.conversion.significant) significant++;
    }
    console.log(`holdout simulation: A/A called significant in ${significant} of ${RUNS} runs`);
    expect(significant).toBeLessThanOrEqual(Math.ceil(RUNS * 0.05 + 3.5 * Math.sqrt(RUNS * 0.95 * 0.05)));
  }, 600_000);
});
