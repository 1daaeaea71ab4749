#!/usr/bin/env node
/**
 * Builds the merchant console (console/) into dist/public/admin/, next to the widget, served by
 * worker/features/console/console-assets.ts:
 *   admin/index.html               the HTML shell (no inline script or style: strict CSP)
 *   admin/assets/main.<hash>.js    the entry (Preact, router, sign-in, layout)
 *   admin/assets/chunk.<hash>.js   code shared by the entry and lazy chunks
 *   admin/assets/overview.<hash>.js, ar.<hash>.js, fa.<hash>.js   loaded on demand
 *   admin/assets/console.<hash>.css
 *   admin/preview/index.html, admin/assets/preview.<hash>.js   the live widget preview page (the real
 *                                  widget UI from widget/src; shoppers' widget files are not touched)
 * Prints gzip sizes and exits non-zero when the initial load (HTML + entry JS with its static
 * imports + CSS) is over INITIAL_BUDGET, or when output contains eval / new Function.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** Initial load of the console in bytes after gzip: the shell must be usable on a slow phone link. */
const INITIAL_BUDGET = 60_000;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'console/src');
const out = join(root, 'dist/public/admin');
const assets = join(out, 'assets');
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
const hash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 10);

const js = await build({
  // `preview`: the live widget preview page (/admin/preview, framed by the console): the real
  // widget UI from widget/src, built here so shoppers' widget files stay byte for byte the same.
  entryPoints: { main: join(src, 'main.tsx'), preview: join(root, 'widget/src/preview/index.ts') },
  bundle: true,
  minify: true,
  write: false,
  metafile: true,
  format: 'esm',
  splitting: true,
  target: ['es2020'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  charset: 'utf8',
  outdir: assets,
  absWorkingDir: root,
  entryNames: '[name].[hash]',
  // Lazy chunks keep a readable name: the overview page, the Arabic and Persian messages.
  chunkNames: '[name].[hash]',
  logLevel: 'warning',
  // Editors validate with the API's own zod schemas (worker/features/**/*.schemas.ts); in the
  // browser their `@hono/zod-openapi` import is plain zod with a no-op `.openapi()`.
  alias: { '@hono/zod-openapi': join(src, 'config/zod-shim.ts') },
});
const css = await build({ entryPoints: [join(src, 'styles.css')], bundle: true, minify: true, write: false, charset: 'utf8', logLevel: 'warning' });
const cssBytes = css.outputFiles[0].contents;
const cssName = `console.${hash(cssBytes)}.css`;

const outputs = js.metafile.outputs;
const entryKey = Object.keys(outputs).find((k) => outputs[k].entryPoint === relative(root, join(src, 'main.tsx')));
if (!entryKey) throw new Error("console build: the entry is missing from esbuild's output");
/** A chunk and the chunks it imports statically: what the browser must fetch before the shell runs. */
function withStaticImports(key, seen = new Set()) {
  if (seen.has(key)) return [];
  seen.add(key);
  return [key, ...outputs[key].imports.filter((i) => i.kind === 'import-statement').flatMap((i) => withStaticImports(i.path, seen))];
}
const url = (key) => `/admin/assets/${relative(assets, join(root, key))}`;
const initial = withStaticImports(entryKey);
const preloads = initial
  .slice(1)
  .map((k) => `<link rel="modulepreload" href="${url(k)}" />`)
  .join('\n    ');
const html = readFileSync(join(root, 'console/index.html'), 'utf8').replace('__CSS__', `/admin/assets/${cssName}`).replace('__ENTRY__', url(entryKey)).replace('__PRELOADS__', preloads);

// The preview page: its own shell (no inline script or style either) with its entry and static imports.
const previewKey = Object.keys(outputs).find((k) => outputs[k].entryPoint === relative(root, join(root, 'widget/src/preview/index.ts')));
if (!previewKey) throw new Error("console build: the preview entry is missing from esbuild's output");
const previewPreloads = withStaticImports(previewKey)
  .slice(1)
  .map((k) => `<link rel="modulepreload" href="${url(k)}" />`)
  .join('\n    ');
const previewHtml = readFileSync(join(src, 'preview/preview.html'), 'utf8').replace('__ENTRY__', url(previewKey)).replace('__PRELOADS__', previewPreloads);

// Write only what changed and remove only stale files of this build: `wrangler dev` (npm start)
// restarts its runtime on any change under dist/public, failing requests in flight.
const files = new Map(js.outputFiles.map((f) => [f.path, f.contents]));
files.set(join(assets, cssName), cssBytes);
files.set(join(out, 'index.html'), Buffer.from(html));
files.set(join(out, 'preview/index.html'), Buffer.from(previewHtml));
mkdirSync(assets, { recursive: true });
mkdirSync(join(out, 'preview'), { recursive: true });
for (const f of readdirSync(assets)) if (!files.has(join(assets, f))) rmSync(join(assets, f));
const unchanged = (path, bytes) => existsSync(path) && readFileSync(path).equals(Buffer.from(bytes));
for (const [path, bytes] of files) if (!unchanged(path, bytes)) writeFileSync(path, bytes);

const problems = [];
for (const f of js.outputFiles) if (/\beval\s*\(|new\s+Function\s*\(/.test(f.text)) problems.push(`${relative(out, f.path)} contains eval or new Function (blocked by the console's CSP)`);
if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(html) || /\sstyle=/i.test(html)) problems.push('index.html has an inline script or style (blocked by the console CSP)');
if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(previewHtml) || /\sstyle=/i.test(previewHtml)) problems.push('preview/index.html has an inline script or style (blocked by its CSP)');

console.log(`console build → ${relative(root, out)}`);
const row = (name, bytes, note = '') => console.log(`  ${name.padEnd(34)} ${String(bytes.length).padStart(7)} B min  ${String(gz(bytes)).padStart(6)} B gzip${note}`);
row('index.html', Buffer.from(html), '  (initial)');
for (const k of initial) row(relative(out, join(root, k)), readFileSync(join(root, k)), '  (initial)');
row(`assets/${cssName}`, cssBytes, '  (initial)');
for (const k of Object.keys(outputs).filter((k) => !initial.includes(k))) row(relative(out, join(root, k)), readFileSync(join(root, k)), '  (lazy)');
const initialGz = gz(Buffer.from(html)) + gz(cssBytes) + initial.reduce((n, k) => n + gz(readFileSync(join(root, k))), 0);
console.log(`  initial load: ${initialGz} B gzip (budget ${INITIAL_BUDGET})`);
if (initialGz > INITIAL_BUDGET) problems.push(`the initial load is ${initialGz} B gzip, over its ${INITIAL_BUDGET} B budget (scripts/build-console.mjs)`);
if (problems.length) {
  for (const p of problems) console.error(`console build failed: ${p}`);
  process.exit(1);
}
