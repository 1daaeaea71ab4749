// The released-migrations lock (worker/platform/migrations/lock.json): each Durable Object class's
// released steps by name and SHA-256 of their SQL. Objects remember which steps they ran by name
// and never run one twice, so a released step edited, removed, renamed or moved would silently
// leave deployed objects on a schema the code does not expect. Shared by
// scripts/lock-migrations.mjs (which appends new steps) and tests/unit/migrations-lock.test.ts.
import { createHash } from 'node:crypto';

/** @typedef {{ readonly name: string, readonly sql: readonly string[] }} Step */
/** @typedef {{ name: string, sha256: string }} LockEntry */
/** @typedef {{ about: string, objects: Record<string, LockEntry[]> }} Lock */

export const LOCK_PATH = 'worker/platform/migrations/lock.json';
export const LOCK_COMMAND = 'npm run migrations:lock';
const ABOUT = `Released Durable Object schema steps (worker/platform/migrations/*.ts): never edit by hand; ${LOCK_COMMAND} appends new steps. See docs/migrations.md.`;

const NAME = /^(\d{4})_[a-z0-9_]+$/;

/** What the lock records of a step: the SHA-256 of its statements as a JSON array. */
export function stepDigest(/** @type {Step} */ step) {
  return createHash('sha256').update(JSON.stringify(step.sql)).digest('hex');
}

/**
 * Compares the step lists in the code with the lock. `problems` are edits to released steps (or
 * malformed names), each saying what to do instead; `unreleased` are steps appended after the
 * last released one, which the lock command adds.
 * @param {Lock} lock
 * @param {Readonly<Record<string, readonly Step[]>>} migrations
 * @returns {{ problems: string[], unreleased: string[] }}
 */
export function checkLock(lock, migrations) {
  const problems = [];
  const unreleased = [];
  const fix = 'Released steps have already run on live objects and never run again: restore the step exactly as released and append a new step at the end of the list for the change.';
  for (const object of new Set([...Object.keys(lock.objects), ...Object.keys(migrations)])) {
    const locked = lock.objects[object] ?? [];
    const steps = migrations[object];
    if (!steps) {
      problems.push(`${object}: the lock has released steps but the code has no step list for this object. ${fix}`);
      continue;
    }
    const names = steps.map((s) => s.name);
    for (const [i, entry] of locked.entries()) {
      const step = steps[i];
      if (step?.name !== entry.name) {
        const at = names.indexOf(entry.name);
        const what = at < 0 ? 'was removed or renamed' : `moved from position ${i + 1} to ${at + 1} (a step inserted or reordered before it?)`;
        problems.push(`${object}: released step ${entry.name} ${what}; position ${i + 1} now holds ${step?.name ?? 'nothing'}. ${fix}`);
        break; // the released steps after it are out of place too
      }
      if (stepDigest(step) !== entry.sha256) problems.push(`${object}: released step ${entry.name} changed its SQL. ${fix}`);
    }
    steps.forEach((step, i) => {
      const m = NAME.exec(step.name);
      if (!m || Number(m[1]) !== i + 1) problems.push(`${object}: step ${step.name} at position ${i + 1} should be named ${String(i + 1).padStart(4, '0')}_what_it_does (lowercase, digits, _).`);
      if (names.indexOf(step.name) !== i) problems.push(`${object}: two steps are named ${step.name}.`);
      if (i >= locked.length) unreleased.push(`${object}: ${step.name}`);
    });
  }
  return { problems, unreleased };
}

/**
 * The lock with every unreleased step appended; throws instead when a released step was touched,
 * so the command can never bless an edit.
 * @param {Lock} lock
 * @param {Readonly<Record<string, readonly Step[]>>} migrations
 * @returns {Lock}
 */
export function extendLock(lock, migrations) {
  const { problems } = checkLock(lock, migrations);
  if (problems.length) throw new Error(`released migration steps were changed:\n- ${problems.join('\n- ')}`);
  /** @type {Record<string, LockEntry[]>} */
  const objects = {};
  for (const [object, steps] of Object.entries(migrations)) objects[object] = steps.map((s) => ({ name: s.name, sha256: stepDigest(s) }));
  return { about: ABOUT, objects };
}

/** The lock as stored: one line per step, so a release shows as lines appended at the end. */
export function formatLock(/** @type {Lock} */ lock) {
  const objects = Object.entries(lock.objects).map(([object, entries]) => `    ${JSON.stringify(object)}: [\n${entries.map((e) => `      ${JSON.stringify(e)}`).join(',\n')}\n    ]`);
  return `{\n  "about": ${JSON.stringify(lock.about)},\n  "objects": {\n${objects.join(',\n')}\n  }\n}\n`;
}

/** An empty lock, for a first release. @returns {Lock} */
export function emptyLock() {
  return { about: ABOUT, objects: {} };
}
