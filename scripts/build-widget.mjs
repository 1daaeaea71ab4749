#!/usr/bin/env node
/**
 * Builds the browser widget into dist/public/:
 *   widget.js               the loader, at a stable URL (short cache)
 *   widget.<hash>.js        the same bytes at an immutable URL
 *   w/ui.<hash>.js          the lazily imported UI block (ES module, immutable): mount + core blocks
 *   w/core.<hash>.js        what ui and extras share (Preact, core messages and styles); the loader
 *                           requests it together with ui.<hash>.js, so there is no import waterfall
 *   w/extras.<hash>.js      loyalty, referral and offers: imported only when the experience has them
 *   w/saved.<hash>.js       the wishlist (hearts on recommendations, the saved block): imported by the UI when it draws them
 *   w/survey.<hash>.js      the survey block: requested with ui on pages with a survey placeholder (or none)
 *   w/launcher.<hash>.js    the launcher: requested with ui on pages without placeholders
 *   w/<l>.<hash>.js         Arabic / Persian core messages (ar, fa): requested with ui on those pages only
 *   w/extras-<l>.<hash>.js  Arabic / Persian extras messages: requested with extras on those pages only
 * and dist/ssr/render.js: the blocks rendered on the server, for the Worker (issue 16; not served).
 * The UI is built first (esbuild code splitting) so its URLs can be baked into the loader.
 * Prints gzip sizes and exits non-zero when a budget (widget/budgets.mjs) is exceeded,
 * when the loader pulled in Preact, or when output contains eval / new Function.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { budgets } from '../widget/budgets.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/public');
const src = join(root, 'widget/src');

/** Shared esbuild options: minified, ES2020 syntax (README design notes: native `?.` and `??`, and the loader's `import()`). */
const common = {
  bundle: true,
  minify: true,
  write: false,
  metafile: true,
  legalComments: 'none',
  target: ['es2020'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  charset: 'utf8',
  logLevel: 'warning',
};

/** Languages besides English (the default, bundled): each has lazily loaded messages chunks. */
const LOCALES = ['ar', 'fa'];
/** Block chunks (widget/src/ui/<name>.ts) the loader requests with the UI only where the page can show them. */
const PARTS = ['survey', 'launcher'];

const hash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 10);
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;

// The UI: the `ui` entry (mount + core blocks), the `extras` chunk it imports only when the
// experience has loyalty or offers, and the `core` chunk(s) both share (Preact, messages, styles).
// esbuild's [hash] covers a file's content and its imports' hashes, so every URL is immutable.
const ui = await build({
  ...common,
  entryPoints: {
    ui: join(src, 'ui/index.tsx'),
    extras: join(src, 'ui/extras.ts'),
    // The wishlist (hearts, the saved block): imported by the UI itself when it draws either.
    saved: join(src, 'ui/saved.ts'),
    // Blocks most pages never show, each requested only on pages with a placeholder for it.
    ...Object.fromEntries(PARTS.map((p) => [p, join(src, `ui/${p}.ts`)])),
    // One messages chunk per language other than English, for the core and for extras.
    ...Object.fromEntries(
      LOCALES.flatMap((l) => [
        [l, join(src, `ui/locales/${l}.ts`)],
        [`extras-${l}`, join(src, `ui/locales/extras-${l}.ts`)],
      ]),
    ),
  },
  format: 'esm',
  splitting: true,
  outdir: join(out, 'w'),
  absWorkingDir: root,
  entryNames: '[name].[hash]',
  chunkNames: 'core.[hash]',
});
const wPath = (abs) => `w/${relative(join(out, 'w'), abs)}`;
const outputs = ui.metafile.outputs;
const _outKey = (abs) => relative(root, abs);
/** A chunk and everything it imports statically, in load order (entry first). */
function withStaticImports(key, seen = new Set()) {
  if (seen.has(key)) return [];
  seen.add(key);
  const deps = outputs[key].imports.filter((i) => i.kind === 'import-statement').flatMap((i) => withStaticImports(i.path, seen));
  return [key, ...deps];
}
const entryKey = Object.keys(outputs).find((k) => outputs[k].entryPoint === relative(root, join(src, 'ui/index.tsx')));
const extrasKey = Object.keys(outputs).find((k) => outputs[k].entryPoint === relative(root, join(src, 'ui/extras.ts')));
if (!entryKey || !extrasKey) throw new Error("widget build: the ui entry or the extras chunk is missing from esbuild's output");
const uiList = withStaticImports(entryKey);
const extrasList = withStaticImports(extrasKey).filter((k) => !uiList.includes(k));
const toUrl = (k) => wPath(join(root, k));
const uiPath = toUrl(entryKey);
/** An entry's URL plus any chunk it imports that is not already loaded with `loaded`. */
const entryUrls = (file, loaded) => {
  const key = Object.keys(outputs).find((k) => outputs[k].entryPoint === relative(root, join(src, `ui/${file}.ts`)));
  if (!key) throw new Error(`widget build: the ${file} chunk is missing from esbuild's output`);
  return withStaticImports(key)
    .filter((k) => !loaded.includes(k))
    .map(toUrl);
};
const msgs = Object.fromEntries(LOCALES.map((l) => [l, entryUrls(`locales/${l}`, uiList)]));
const xmsgs = Object.fromEntries(LOCALES.map((l) => [l, entryUrls(`locales/extras-${l}`, [...uiList, ...extrasList])]));
const parts = Object.fromEntries(PARTS.map((p) => [p, entryUrls(p, uiList)]));

// The paint chunk (server-rendered script path, widget/src/paint): its own build, so it shares no
// chunk with the UI (which would bring Preact along) and stays a single small file.
const paintBuild = await build({ ...common, entryPoints: [join(src, 'paint/index.ts')], format: 'esm' });
const paintBytes = paintBuild.outputFiles[0].contents;
const paintUrl = `w/paint.${hash(paintBytes)}.js`;

const loader = await build({
  ...common,
  entryPoints: [join(src, 'loader/index.ts')],
  format: 'iife',
  define: {
    __REVISIT_UI__: JSON.stringify(uiList.map(toUrl)),
    __REVISIT_EXTRAS__: JSON.stringify(extrasList.map(toUrl)),
    __REVISIT_MSGS__: JSON.stringify(msgs),
    __REVISIT_XMSGS__: JSON.stringify(xmsgs),
    __REVISIT_PARTS__: JSON.stringify(parts),
    __REVISIT_PAINT__: JSON.stringify(paintUrl),
  },
});
const loaderBytes = loader.outputFiles[0].contents;
const loaderHashed = `widget.${hash(loaderBytes)}.js`;

// Remove only stale files this script owns and write only files whose bytes changed: a running
// `wrangler dev` (npm start) watches dist/public and restarts its runtime on any change there,
// failing the writes in flight (503), so a rebuild of unchanged sources must touch nothing.
const files = new Map(ui.outputFiles.filter((f) => f.path.endsWith('.js')).map((f) => [f.path, f.contents]));
files.set(join(out, 'widget.js'), loaderBytes);
files.set(join(out, loaderHashed), loaderBytes);
files.set(join(out, paintUrl), paintBytes);
const manifest = { loader: loaderHashed, ui: uiPath, uiChunks: uiList.map(toUrl), extras: extrasList.map(toUrl), parts, messages: msgs, extrasMessages: xmsgs, paint: paintUrl };
files.set(join(out, 'widget-manifest.json'), Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
mkdirSync(join(out, 'w'), { recursive: true });
for (const f of readdirSync(out)) if (/^widget(\.[0-9a-f]+)?\.js$/.test(f) && !files.has(join(out, f))) rmSync(join(out, f));
for (const f of readdirSync(join(out, 'w'))) if (/^[a-z][\w-]*\.[0-9A-Za-z]+\.js$/.test(f) && !files.has(join(out, 'w', f))) rmSync(join(out, 'w', f));
const unchanged = (path, bytes) => existsSync(path) && readFileSync(path).equals(Buffer.from(bytes));
for (const [path, bytes] of files) if (!unchanged(path, bytes)) writeFileSync(path, bytes);

// The blocks rendered on the server (issue 16): the same components for the Worker, which imports
// this file as `revisit-ssr` (wrangler.toml alias; typed by contract/edge.ts). Not served.
const ssr = await build({ ...common, entryPoints: [join(src, 'server/render.tsx')], format: 'esm', minify: false, target: ['es2022'] });
const ssrPath = join(root, 'dist/ssr/render.js');
mkdirSync(dirname(ssrPath), { recursive: true });
if (!unchanged(ssrPath, ssr.outputFiles[0].contents)) writeFileSync(ssrPath, ssr.outputFiles[0].contents);

const problems = [];
if (Object.keys(loader.metafile.inputs).some((p) => p.includes('node_modules/preact'))) problems.push('the loader bundles Preact; it must stay out of widget.js');
for (const [name, bytes] of [['widget.js', loaderBytes], ...ui.outputFiles.filter((f) => f.path.endsWith('.js')).map((f) => [wPath(f.path), f.contents])]) {
  const text = Buffer.from(bytes).toString('utf8');
  if (/\beval\s*\(|new\s+Function\s*\(/.test(text)) problems.push(`${name} contains eval or new Function (blocked by a strict CSP)`);
}

// Budgets (widget/budgets.mjs): the loader, and every lazily loaded block in w/ by its name
// (`w/<name>.<hash>.js` → budgets[name]). A block without a budget fails the build too, so a new
// lazy chunk cannot ship unmeasured.
const rows = [['loader', 'widget.js', loaderBytes]];
for (const f of readdirSync(join(out, 'w')).sort()) {
  const m = /^([a-z][\w-]*)\.[0-9A-Za-z]+\.js$/.exec(f);
  if (m) rows.push([m[1], `w/${f}`, readFileSync(join(out, 'w', f))]);
}
console.log(`widget build → ${relative(root, out)}`);
for (const [key, name, bytes] of rows) {
  const size = gz(bytes);
  const budget = budgets[key];
  const ok = typeof budget === 'number' && size <= budget;
  console.log(`  ${ok ? 'ok  ' : 'OVER'} ${name.padEnd(22)} ${String(bytes.length).padStart(7)} B min  ${String(size).padStart(6)} B gzip  (budget ${budget ?? 'none'})`);
  if (typeof budget !== 'number') problems.push(`${name} has no budget: add "${key}" to widget/budgets.mjs`);
  else if (!ok) problems.push(`${name} is ${size} B gzip, over its ${budget} B budget (widget/budgets.mjs)`);
}
console.log(`  also ${loaderHashed} (same bytes as widget.js)`);
const gzOf = (urls) => urls.reduce((n, u) => n + gz(readFileSync(join(out, u))), 0);
const anon = gz(loaderBytes) + gzOf(uiList.map(toUrl));
console.log(`  a shopper without points or offers on an English page downloads ${anon} B gzip (widget.js + ${uiList.map(toUrl).join(' + ')}); with them, +${gzOf(extrasList.map(toUrl))} B`);
console.log(`  with data-render="server", before the UI is wanted: ${gz(loaderBytes) + gz(paintBytes)} B gzip (widget.js + ${paintUrl})`);
for (const p of PARTS)
  console.log(
    `  on a page with ${p === 'launcher' ? 'no placeholders: launcher' : `a ${p} placeholder`}: +${gzOf(parts[p])} B (${parts[p].join(' + ')})${p === 'launcher' ? `, and the survey chunk after it when the experience has a survey` : ''}`,
  );
for (const l of LOCALES) console.log(`  on an "${l}" page: +${gzOf(msgs[l])} B (${msgs[l].join(' + ')}); with points or offers, +${gzOf(xmsgs[l])} B more`);
if (problems.length) {
  for (const p of problems) console.error(`widget build failed: ${p}`);
  process.exit(1);
}
