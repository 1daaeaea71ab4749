import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

/** `npm run bench:experience` inside workerd (same pool as bench/workerd and the integration tests); never part of `npm test`. */
export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "../../wrangler.toml" },
      miniflare: {
        bindings: {
          ADMIN_TOKEN: "admin_bench_token",
          // Knobs set by bench/experience/run.mjs (read by the bench through `env`).
          BENCH_SIZES: process.env.BENCH_SIZES ?? "1000,10000,100000",
          BENCH_SAMPLES: process.env.BENCH_SAMPLES ?? "300",
          BENCH_ORDERS: process.env.BENCH_ORDERS ?? "300",
          BENCH_VIEWS: process.env.BENCH_VIEWS ?? "600",
          BENCH_SEED_SECONDS: process.env.BENCH_SEED_SECONDS ?? "150",
          BENCH_PUBLISH_SECONDS: process.env.BENCH_PUBLISH_SECONDS ?? "45",
          BENCH_POINT_SECONDS: process.env.BENCH_POINT_SECONDS ?? "30",
          BENCH_CPU_URL: process.env.BENCH_CPU_URL ?? "",
        },
        // One shopper sends thousands of sequential requests here: the limiter binding stays on the
        // request path (its cost is measured), with budgets no bench reaches.
        ratelimits: {
          RL_VISITOR: { namespace_id: "6101", simple: { limit: 1_000_000, period: 10 } },
          RL_IP: { namespace_id: "6102", simple: { limit: 1_000_000, period: 10 } },
          RL_SERVER: { namespace_id: "6103", simple: { limit: 1_000_000, period: 10 } },
        },
      },
    }),
  ],
  test: { name: "bench-experience", root: import.meta.dirname, include: ["*.bench.test.ts"], testTimeout: 600_000, hookTimeout: 600_000 },
});
