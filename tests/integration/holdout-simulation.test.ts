import { describe, expect, it } from "vitest";
import { call, createSite, getExperience, hmacHex, json, server, visitorHeaders, type TestSite } from "./helpers";

/**
 * The holdout's statistics proven through the real API (issue 11): shoppers with a known true
 * conversion rate per arm visit (which assigns their arm), some order, and the experiment's
 * result is read back. Over many seeded runs the reported 95 % interval for the absolute lift
 * must cover the true lift in about 95 % of runs, and with equal rates (an A/A test) about 5 % of
 * runs may call the difference significant. Assignment is by hash and the draws are seeded, so
 * every run of this test sees the same shoppers and the same counts.
 */
const RUNS = 40;
const SHOPPERS = 300;

/** mulberry32: a small seeded PRNG (the draws must be the same on every machine). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Result {
  status: string;
  arms: Record<string, { shoppers: number; convertingShoppers: number }>;
  lift: { conversion: { absolute: { estimate: number; low: number; high: number }; significant: boolean; test: string } } | null;
}

/** One run on its own site: SHOPPERS identified shoppers, converting with `rates[arm]`; returns the result read back. */
async function run(tag: string, seed: number, rates: { treatment: number; holdout: number }): Promise<{ result: Result; truth: { treatment: number; holdout: number } }> {
  const site: TestSite = await createSite(`${tag}-${seed}`, { experiments: [{ id: "holdout", holdoutPercent: 50 }] });
  const draw = rng(seed);
  const truth = { treatment: 0, holdout: 0 };
  for (let i = 0; i < SHOPPERS; i += 10) {
    await Promise.all(
      Array.from({ length: 10 }, async (_, k) => {
        const id = `c${i + k}`;
        const u = draw();
        const headers = visitorHeaders(site, `v-${id}`.padEnd(20, "0"), { "X-Revisit-Customer": id, "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, id) });
        const arm = (await getExperience(headers)).experiments?.find((e) => e.id === "holdout")?.arm as "treatment" | "holdout";
        truth[arm]++;
        if (u >= rates[arm]) return;
        const order = { id: `o-${id}`, customerId: id, items: [{ productId: "p1", quantity: 1, price: 20 }], total: 20, currency: "USD", createdAt: new Date().toISOString() };
        const res = await call("/v1/orders", { method: "POST", headers: server(site), json: order });
        expect(res.status).toBe(201);
      }),
    );
  }
  const res = await call("/v1/experiments/holdout/results?mde=1", { headers: server(site) });
  expect(res.status).toBe(200);
  return { result: await json<Result>(res), truth };
}

describe("holdout statistics through the API", () => {
  it(`covers the true lift (30 % vs 40 % conversion) in about 95 % of ${RUNS} runs`, async () => {
    let covered = 0;
    for (let r = 0; r < RUNS; r++) {
      const { result, truth } = await run("sim-effect", r, { treatment: 0.4, holdout: 0.3 });
      // The API counted exactly the shoppers the experience assigned.
      expect(result.arms.treatment?.shoppers).toBe(truth.treatment);
      expect(result.arms.holdout?.shoppers).toBe(truth.holdout);
      expect(result.status).toBe("ready");
      const ci = result.lift?.conversion.absolute;
      if (ci && ci.low <= 0.1 && 0.1 <= ci.high) covered++;
    }
    console.log(`holdout simulation: interval covered the true lift in ${covered} of ${RUNS} runs`);
    // Binomial(RUNS, 0.95): more than 3.5 standard deviations below the mean would fail.
    expect(covered).toBeGreaterThanOrEqual(Math.floor(RUNS * 0.95 - 3.5 * Math.sqrt(RUNS * 0.95 * 0.05)));
  }, 1_800_000);

  it(`finds no significant difference in about 95 % of ${RUNS} A/A runs`, async () => {
    let significant = 0;
    for (let r = 0; r < RUNS; r++) {
      const { result } = await run("sim-aa", 1000 + r, { treatment: 0.3, holdout: 0.3 });
      expect(result.status).toBe("ready");
      if (result.lift?.conversion.significant) significant++;
    }
    console.log(`holdout simulation: A/A called significant in ${significant} of ${RUNS} runs`);
    expect(significant).toBeLessThanOrEqual(Math.ceil(RUNS * 0.05 + 3.5 * Math.sqrt(RUNS * 0.95 * 0.05)));
  }, 1_800_000);
});
