import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
// @ts-expect-error: plain ESM script without types
import { freePort } from "../../scripts/lib/free-port.mjs";
// @ts-expect-error: plain ESM script without types
import { describeCoverage, describeProblems } from "../../scripts/lib/contract-proxy.mjs";
// @ts-expect-error: plain ESM script without types
import { startStack } from "../../scripts/lib/stack.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    apiUrl: string;
    shopUrl: string;
    /** The same storefront through edge mode (worker/edge): blocks in the first byte. */
    edgeUrl: string;
  }
}

/**
 * Starts exactly what `npm start` starts (widget build, wrangler dev, demo seed, storefront),
 * on free ports and a throwaway state folder so a developer's running demo is untouched.
 * One difference: `apiUrl` is a validating proxy in front of wrangler dev (scripts/lib/contract-proxy.mjs),
 * so every answer the suite gets (tests, storefront, edge Worker, Chromium, the replay) is checked
 * against /openapi.json; at the end the coverage is printed, and any answer that broke the document
 * fails the run (a teardown that throws does not change Vitest's exit code, so it sets it too).
 * What wrangler dev logged (warnings and errors) is printed at the end.
 * `E2E_CONTRACT_PROXY=0` talks to wrangler dev directly (to see whether the proxy is in the way).
 */
export default async function setup(project: TestProject) {
  const state = mkdtempSync(join(tmpdir(), "revisit-e2e-"));
  const logs: string[] = [];
  const stack = await startStack({
    apiPort: await freePort(),
    shopPort: await freePort(),
    edgePort: await freePort(),
    persistTo: state,
    onLog: (l: string) => logs.push(l),
    validate: process.env.E2E_CONTRACT_PROXY !== "0",
    // The shared edge Worker's tests check what the first HTML holds, so they must not race its
    // 300 ms budget (wrangler.edge.toml): on a busy 2-core machine the experience once took longer
    // and the page went out on the script path, as designed. The budget itself is tested in
    // edge-mode.test.ts with an edge of its own at 300 ms in front of a slow and a failing Revisit.
    edgeVars: { BUDGET_MS: "10000" },
  });
  project.provide("apiUrl", stack.apiUrl);
  project.provide("shopUrl", stack.shopUrl);
  project.provide("edgeUrl", stack.edgeUrl);
  return async () => {
    const record = await stack.contract?.record();
    await stack.stop();
    rmSync(state, { recursive: true, force: true });
    // wrangler runs with --log-level warn; its warnings and errors are what went wrong (the last ones, if many).
    const said = logs.filter((l) => /✘|▲|\b(ERROR|WARNING|Error)\b/.test(l));
    if (said.length) console.log(`wrangler dev's warnings and errors (${said.length}, the last 40):\n${said.slice(-40).join("\n")}`);
    if (!record) return;
    console.log(describeCoverage(record));
    if (record.problems.length === 0) return;
    process.exitCode = 1;
    throw new Error(`answers of the API that break its own /openapi.json:\n${describeProblems(record)}`);
  };
}
