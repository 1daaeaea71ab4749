#!/usr/bin/env node
// Part 1, weight: gzip and brotli bytes of Revisit's loader and of every lazily loaded block,
// next to the browser bundles of four peer SDKs built with the same esbuild settings in the same run.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { logger, root, writeResult } from './lib/common.mjs';

const log = logger('weight');

/** The esbuild options scripts/build-widget.mjs uses for the widget (kept identical on purpose). */
export const WIDGET_ESBUILD = {
  bundle: true,
  minify: true,
  write: false,
  legalComments: 'none',
  target: ['es2020'],
  charset: 'utf8',
  logLevel: 'error',
};

export const PEERS = [
  { id: 'segment', name: '@segment/analytics-next', entry: 'bench/peers/segment.js' },
  { id: 'posthog', name: 'posthog-js', entry: 'bench/peers/posthog.js' },
  { id: 'growthbook', name: '@growthbook/growthbook', entry: 'bench/peers/growthbook.js' },
  { id: 'croct', name: '@croct/plug', entry: 'bench/peers/croct.js' },
];

const gz = (b) => gzipSync(b, { level: 9 }).length;
const br = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: b.length } }).length;
const sizes = (bytes) => ({ min: bytes.length, gzip: gz(bytes), brotli: br(bytes) });
const sum = (files, k) => files.reduce((s, f) => s + f[k], 0);

function version(pkg) {
  return JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
}

/**
 * A peer built like our widget: bundled, minified, ES2019, for the browser. ESM with code
 * splitting, so a peer's own lazy chunks (dynamic import()) stay separate, as ours do: "initial"
 * is what the page downloads up front, "total" adds every lazy chunk.
 */
async function buildPeer(peer) {
  const result = await build({
    ...WIDGET_ESBUILD,
    entryPoints: [join(root, peer.entry)],
    absWorkingDir: root,
    format: 'esm',
    splitting: true,
    platform: 'browser',
    outdir: join(root, 'bench/.out', peer.id),
    metafile: true,
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const files = result.outputFiles.filter((f) => f.path.endsWith('.js'));
  const entryOut = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint)?.[0];
  const entry = files.find((f) => f.path.endsWith(entryOut));
  // The initial load is the entry chunk plus the chunks it imports statically.
  const staticDeps = new Set();
  const walk = (out) => {
    for (const imp of result.metafile.outputs[out]?.imports ?? []) if (imp.kind === 'import-statement' && !staticDeps.has(imp.path)) staticDeps.add(imp.path), walk(imp.path);
  };
  walk(entryOut);
  const measured = files.map((f) => ({ file: f.path.slice(join(root, 'bench/.out', peer.id).length + 1), ...sizes(f.contents) }));
  const initialNames = new Set([entryOut, ...staticDeps].map((p) => p.split('/').pop()));
  const initial = measured.filter((f) => initialNames.has(f.file));
  return {
    id: peer.id,
    name: peer.name,
    version: version(peer.name),
    chunks: measured.length,
    initial: { min: sum(initial, 'min'), gzip: sum(initial, 'gzip'), brotli: sum(initial, 'brotli') },
    total: { min: sum(measured, 'min'), gzip: sum(measured, 'gzip'), brotli: sum(measured, 'brotli') },
    ok: Boolean(entry),
  };
}

export async function run() {
  log('building the widget (scripts/build-widget.mjs, which also checks the budgets)');
  execFileSync(process.execPath, [join(root, 'scripts/build-widget.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const pub = join(root, 'dist/public');
  const { budgets } = await import(`${join(root, 'widget/budgets.mjs')}?t=${Date.now()}`);
  const loader = { file: 'widget.js', block: 'loader', ...sizes(readFileSync(join(pub, 'widget.js'))), budget: budgets.loader };
  const blocks = readdirSync(join(pub, 'w'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => {
      const block = f.split('.')[0];
      return { file: `w/${f}`, block, ...sizes(readFileSync(join(pub, 'w', f))), budget: budgets[block] ?? null };
    });
  const revisit = {
    loader,
    blocks,
    initial: { min: loader.min, gzip: loader.gzip, brotli: loader.brotli },
    total: { min: loader.min + sum(blocks, 'min'), gzip: loader.gzip + sum(blocks, 'gzip'), brotli: loader.brotli + sum(blocks, 'brotli') },
  };
  revisit.shoppers = shopperDownloads(loader, blocks);
  const peers = [];
  for (const p of PEERS) {
    const t0 = Date.now();
    try {
      peers.push(await buildPeer(p));
    } catch (err) {
      peers.push({ id: p.id, name: p.name, error: String(err.message ?? err).split('\n')[0] });
    }
    log(`${p.name}: ${JSON.stringify(peers.at(-1).initial ?? peers.at(-1).error)} (${Date.now() - t0} ms)`);
  }
  const result = {
    revisit,
    peers,
    settings: `esbuild bundle+minify, target ${WIDGET_ESBUILD.target}, legalComments none, charset utf8, platform browser; peers as ESM with splitting; gzip level 9, brotli quality 11`,
  };
  log(`revisit loader ${loader.gzip} B gzip / ${loader.brotli} B brotli; blocks ${blocks.map((b) => `${b.block} ${b.gzip} B gzip`).join(', ')}`);
  writeResult('weight', result);
  return result;
}

/**
 * What one shopper actually downloads (gzip), by case: chunks are fetched by page and shopper
 * (a locale's messages only on that locale's pages, the survey chunk only with a survey, the
 * extras only for customers with points or offers), so "every chunk" is more than anyone gets.
 * "Most" is the heaviest possible single visit: launcher page that also shows a survey, a
 * customer with points, and the larger of the right-to-left message sets.
 */
function shopperDownloads(loader, blocks) {
  const g = (name) => blocks.find((b) => b.block === name)?.gzip ?? 0;
  const base = loader.gzip + g('ui') + g('core');
  return [
    { case: 'anonymous shopper, English page with placeholders (no survey)', gzip: base },
    { case: '… with a survey placeholder', gzip: base + g('survey') },
    { case: 'customer with points or offers, English', gzip: base + g('survey') + g('extras') },
    { case: 'customer with points or offers, Arabic page', gzip: base + g('survey') + g('extras') + g('ar') + g('extras-ar') },
    { case: 'most one visit can download', gzip: base + g('launcher') + g('survey') + g('extras') + Math.max(g('ar'), g('fa')) + Math.max(g('extras-ar'), g('extras-fa')) },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
