#!/usr/bin/env node
/**
 * Releases new Durable Object schema steps: appends every step in worker/platform/migrations/*.ts
 * that is not yet in worker/platform/migrations/lock.json to the lock (name and SHA-256 of its SQL).
 * Refuses, changing nothing, when a released step was edited, removed, renamed or moved.
 *   npm run migrations:lock            append new steps
 *   npm run migrations:lock -- --check exit 1 if a released step changed or a step is not locked
 * See docs/migrations.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { checkLock, emptyLock, extendLock, formatLock, LOCK_COMMAND, LOCK_PATH } from './lib/migrations-lock.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lockFile = join(root, LOCK_PATH);

/** The step lists as the Worker has them (the TypeScript modules, bundled in memory). */
async function loadMigrations() {
  const out = await build({ entryPoints: [join(root, 'worker/platform/migrations/index.ts')], bundle: true, write: false, format: 'esm', platform: 'neutral', logLevel: 'silent' });
  const mod = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
  return mod.MIGRATIONS;
}

const migrations = await loadMigrations();
const lock = existsSync(lockFile) ? JSON.parse(readFileSync(lockFile, 'utf8')) : emptyLock();
const { problems, unreleased } = checkLock(lock, migrations);
if (problems.length) {
  console.error(`Released migration steps were changed; the lock is left as it is:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
if (process.argv.includes('--check')) {
  if (unreleased.length) {
    console.error(`Steps not in the lock (run ${LOCK_COMMAND}):\n- ${unreleased.join('\n- ')}`);
    process.exit(1);
  }
  console.log('migrations lock: up to date');
} else {
  writeFileSync(lockFile, formatLock(extendLock(lock, migrations)));
  console.log(unreleased.length ? `locked:\n- ${unreleased.join('\n- ')}` : 'migrations lock: nothing new to lock');
}
