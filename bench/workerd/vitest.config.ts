import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

/** Benchmarks that run inside workerd (same pool as the integration tests); never part of `npm test`. */
export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "../../wrangler.toml" },
      miniflare: {
        bindings: {
          ADMIN_TOKEN: "admin_bench_token",
          // Every bench request comes from one visitor and one IP: the rate limiter would answer 429.
          RATE_LIMITS: "off",
          // Knobs for bench/workerd.mjs (read by the bench through `env`).
          BENCH_SIZES: process.env.BENCH_SIZES ?? "1000,10000,100000",
          BENCH_GROWTH: process.env.BENCH_GROWTH ?? "100,1000,10000",
          BENCH_SAMPLES: process.env.BENCH_SAMPLES ?? "200",
          BENCH_SEED_SECONDS: process.env.BENCH_SEED_SECONDS ?? "180",
        },
      },
    }),
  ],
  test: { name: "bench-workerd", root: import.meta.dirname, include: ["*.bench.test.ts"], testTimeout: 600_000, hookTimeout: 600_000 },
});
