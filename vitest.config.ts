import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { ReplayLastSequencer } from "./tests/e2e/sequencer";

/**
 * One `npm test`, three projects: pure unit tests in Node, integration tests inside workerd
 * against real Durable Objects and KV, and end-to-end tests in Chromium against the same
 * `wrangler dev` + demo storefront that `npm start` runs.
 */
/** wrangler.toml's `[alias]`, which Vitest does not read (the unit tests load the app for its document too): the widget's server renderer (built by npm test first). */
const resolve = { alias: { "revisit-ssr": fileURLToPath(new URL("./dist/ssr/render.js", import.meta.url)) } };

export default defineConfig({
  test: {
    sequence: { sequencer: ReplayLastSequencer },
    projects: [
      { resolve, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" } },
      {
        resolve,
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              // DEV_ALLOW_LOCAL_WEBHOOKS: as under `npm start` (webhooks to http://localhost:PORT / 127.0.0.1:PORT).
              bindings: { ADMIN_TOKEN: "admin_test_token", MAX_BODY_BYTES: "65536", DEV_ALLOW_LOCAL_WEBHOOKS: "1", FUZZ_RUNS: process.env.FUZZ_RUNS ?? "", FUZZ_SEED: process.env.FUZZ_SEED ?? "" },
            },
          }),
        ],
        // Timeouts only catch a hang: the first request of a file starts the Worker, which on a busy
        // 2-core machine can take seconds. No test measures time with them.
        test: { name: "integration", include: ["tests/integration/**/*.test.ts"], exclude: ["tests/integration/rate-limit.test.ts"], testTimeout: 60_000, hookTimeout: 120_000 },
      },
      {
        // Rate limits with tiny budgets (bindings are per project, so the other integration tests
        // keep wrangler.toml's generous ones and never see a 429).
        resolve,
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: { ADMIN_TOKEN: "admin_test_token", MAX_BODY_BYTES: "65536", DEV_ALLOW_LOCAL_WEBHOOKS: "1" },
              ratelimits: {
                RL_VISITOR: { namespace_id: "6101", simple: { limit: 5, period: 10 } },
                RL_IP: { namespace_id: "6102", simple: { limit: 12, period: 10 } },
                RL_SERVER: { namespace_id: "6103", simple: { limit: 8, period: 10 } },
              },
            },
          }),
        ],
        test: { name: "limits", include: ["tests/integration/rate-limit.test.ts"], testTimeout: 60_000, hookTimeout: 120_000 },
      },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/e2e/global-setup.ts"],
          // Bounds only catch a hang: a browser test signs in and renders several pages, which on a
          // 2-core machine shared with the integration project's workerd can take over a minute.
          testTimeout: 180_000,
          // expect.poll waits this long for a page to reach a state (the default, 1 s, is less than a
          // chunk can take to arrive on a busy 2-core machine); it too only catches a hang.
          expect: { poll: { timeout: 15_000 } },
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
