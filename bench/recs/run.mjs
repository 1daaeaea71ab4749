#!/usr/bin/env node
/**
 * `npm run bench:recs`: replays the Online Retail orders (../shared/data/online-retail/) through
 * the recommendation engine; train before 2011-07-01, test July–August 2011. Prints the Markdown
 * table that BENCHMARKS.md's "Recommendations" section quotes (--json for every number).
 * The TypeScript harness is bundled with esbuild on the fly, so it runs the Worker's own modules.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const file = arg("--data", join(root, "../shared/data/online-retail/orders-2010-12_2011-08.csv.gz"));
if (!existsSync(file)) {
  console.error(`bench:recs: data set not found at ${file} (see ../shared/data/online-retail/README.md)`);
  process.exit(1);
}
const out = join(tmpdir(), `revisit-bench-recs-${process.pid}.mjs`);
await build({ entryPoints: [join(root, "bench/recs/harness.ts")], bundle: true, platform: "node", format: "esm", outfile: out, logLevel: "warning" });
const { parseOnlineRetail, replay, toMarkdown } = await import(pathToFileURL(out).href);

const raw = readFileSync(file);
const csv = file.endsWith(".gz") ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
const t0 = performance.now();
const parsed = parseOnlineRetail(csv);
const result = await replay(parsed, { trainEnd: Date.parse(arg("--train-end", "2011-07-01") + "T00:00:00Z"), testEnd: Date.parse(arg("--test-end", "2011-09-01") + "T00:00:00Z"), k: 10 });
const seconds = ((performance.now() - t0) / 1000).toFixed(1);
const table = toMarkdown(result);
console.log(table);
console.log(`\ntrain orders ${result.trainOrders}, catalog ${result.catalog}, test customers ${result.testCustomers} (${result.coldCustomers} without history), ${seconds} s`);
if (args.includes("--json")) console.log(JSON.stringify(result, null, 2));
