import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

/** The insights-at-scale benchmark (bench/insights.mjs), inside workerd against the real InsightsObject; never part of `npm test`. */
export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "../../wrangler.toml" },
      miniflare: {
        bindings: {
          ADMIN_TOKEN: "admin_bench_token",
          // Knobs for bench/insights.mjs (read by the bench through `env`).
          BENCH_INSIGHTS_SIZES: process.env.BENCH_INSIGHTS_SIZES ?? "1000,1000000",
          BENCH_INSIGHTS_BATCH: process.env.BENCH_INSIGHTS_BATCH ?? "1000",
          BENCH_INSIGHTS_READS: process.env.BENCH_INSIGHTS_READS ?? "20",
          BENCH_INSIGHTS_SEED: process.env.BENCH_INSIGHTS_SEED ?? "20251231",
        },
      },
    }),
  ],
  test: { name: "bench-insights", root: import.meta.dirname, include: ["*.bench.test.ts"], testTimeout: 3 * 3_600_000, hookTimeout: 600_000 },
});
