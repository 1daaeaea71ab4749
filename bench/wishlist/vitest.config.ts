import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

/** The wishlist fan-out benchmark (bench/wishlist.mjs), inside workerd against the real Site object and outbox; never part of `npm test`. */
export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "../../wrangler.toml" },
      miniflare: { bindings: { ADMIN_TOKEN: "admin_bench_token", BENCH_WISHLIST_SAVERS: process.env.BENCH_WISHLIST_SAVERS ?? "100000" } },
    }),
  ],
  test: { name: "bench-wishlist", root: import.meta.dirname, include: ["*.bench.test.ts"], testTimeout: 3_600_000, hookTimeout: 600_000 },
});
