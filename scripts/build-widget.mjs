#!/usr/bin/env node
/**
 * Builds the browser widget into dist/public/:
 *   widget.js               the loader, at a stable URL (short cache)
 *   widget.<hash>.js        the same bytes at an immutable URL
 *   w/ui.<hash>.js          the lazily imported Preact UI block (ES module, immutable)
 * The UI block is built first so its content hash can be baked into the loader.
 * Prints gzip sizes and exits non-zero when a budget (widget/budgets.mjs) is exceeded,
 * when the loader pulled in Preact, or when output contains eval / new Function.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { budgets } from "../widget/budgets.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist/public");
const src = join(root, "widget/src");

/** Shared esbuild options: minified, ES2019 syntax except native dynamic import (the loader needs it). */
const common = {
  bundle: true,
  minify: true,
  write: false,
  metafile: true,
  legalComments: "none",
  target: ["es2019"],
  supported: { "dynamic-import": true },
  jsx: "automatic",
  jsxImportSource: "preact",
  charset: "utf8",
  logLevel: "warning",
};

const hash = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 10);
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;

const ui = await build({ ...common, entryPoints: [join(src, "ui/index.tsx")], format: "esm" });
const uiBytes = ui.outputFiles[0].contents;
const uiPath = `w/ui.${hash(uiBytes)}.js`;

const loader = await build({
  ...common,
  entryPoints: [join(src, "loader/index.ts")],
  format: "iife",
  define: { __REVISIT_UI__: JSON.stringify(uiPath) },
});
const loaderBytes = loader.outputFiles[0].contents;
const loaderHashed = `widget.${hash(loaderBytes)}.js`;

// Clean only what this script owns, then write.
mkdirSync(join(out, "w"), { recursive: true });
for (const f of readdirSync(out)) if (/^widget(\.[0-9a-f]+)?\.js$/.test(f)) rmSync(join(out, f));
for (const f of readdirSync(join(out, "w"))) if (/^ui\.[0-9a-f]+\.js$/.test(f)) rmSync(join(out, "w", f));
writeFileSync(join(out, uiPath), uiBytes);
writeFileSync(join(out, "widget.js"), loaderBytes);
writeFileSync(join(out, loaderHashed), loaderBytes);
writeFileSync(join(out, "widget-manifest.json"), JSON.stringify({ loader: loaderHashed, ui: uiPath }, null, 2) + "\n");

const problems = [];
if (Object.keys(loader.metafile.inputs).some((p) => p.includes("node_modules/preact"))) problems.push("the loader bundles Preact; it must stay out of widget.js");
for (const [name, bytes] of [["widget.js", loaderBytes], [uiPath, uiBytes]]) {
  const text = Buffer.from(bytes).toString("utf8");
  if (/\beval\s*\(|new\s+Function\s*\(/.test(text)) problems.push(`${name} contains eval or new Function (blocked by a strict CSP)`);
}

// Budgets (widget/budgets.mjs): the loader, and every lazily loaded block in w/ by its name
// (`w/<name>.<hash>.js` → budgets[name]). A block without a budget fails the build too, so a new
// lazy chunk cannot ship unmeasured.
const rows = [["loader", "widget.js", loaderBytes]];
for (const f of readdirSync(join(out, "w")).sort()) {
  const m = /^([a-z][\w-]*)\.[0-9a-f]+\.js$/.exec(f);
  if (m) rows.push([m[1], `w/${f}`, readFileSync(join(out, "w", f))]);
}
console.log("widget build → " + relative(root, out));
for (const [key, name, bytes] of rows) {
  const size = gz(bytes);
  const budget = budgets[key];
  const ok = typeof budget === "number" && size <= budget;
  console.log(`  ${ok ? "ok  " : "OVER"} ${name.padEnd(22)} ${String(bytes.length).padStart(7)} B min  ${String(size).padStart(6)} B gzip  (budget ${budget ?? "none"})`);
  if (typeof budget !== "number") problems.push(`${name} has no budget: add "${key}" to widget/budgets.mjs`);
  else if (!ok) problems.push(`${name} is ${size} B gzip, over its ${budget} B budget (widget/budgets.mjs)`);
}
console.log(`  also ${loaderHashed} (same bytes as widget.js)`);
if (problems.length) {
  for (const p of problems) console.error("widget build failed: " + p);
  process.exit(1);
}
