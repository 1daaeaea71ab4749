import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
// @ts-expect-error: plain ESM script without types
import { freePort } from "../../scripts/lib/free-port.mjs";
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
 */
export default async function setup(project: TestProject) {
  const state = mkdtempSync(join(tmpdir(), "revisit-e2e-"));
  const logs: string[] = [];
  const stack = await startStack({ apiPort: await freePort(), shopPort: await freePort(), edgePort: await freePort(), persistTo: state, onLog: (l: string) => logs.push(l) });
  project.provide("apiUrl", stack.apiUrl);
  project.provide("shopUrl", stack.shopUrl);
  project.provide("edgeUrl", stack.edgeUrl);
  return async () => {
    await stack.stop();
    rmSync(state, { recursive: true, force: true });
  };
}
