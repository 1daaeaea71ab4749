import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM script without types
import { checkLock, emptyLock, extendLock, LOCK_COMMAND, LOCK_PATH } from "../../scripts/lib/migrations-lock.mjs";
import { MIGRATIONS } from "../../worker/platform/migrations";
import type { MigrationStep } from "../../worker/platform/sql";

/**
 * Released schema steps are immutable: live objects recorded them by name and never run them
 * again, so an edited, removed, renamed or moved step would leave them on a schema the code does
 * not expect. worker/platform/migrations/lock.json holds each released step's name and SQL hash.
 */
const lock = JSON.parse(readFileSync(LOCK_PATH, "utf8")) as Parameters<typeof checkLock>[0];

describe("released migration steps", () => {
  it("are exactly as released: none edited, removed, renamed or moved, and every step is locked", () => {
    const { problems, unreleased } = checkLock(lock, MIGRATIONS);
    expect(problems, `Released schema steps were changed (docs/migrations.md):\n- ${problems.join("\n- ")}\n`).toEqual([]);
    expect(unreleased, `New schema steps are not in ${LOCK_PATH}: run \`${LOCK_COMMAND}\` to release them (docs/migrations.md).`).toEqual([]);
  });

  it("every object class has its list in the lock", () => {
    expect(Object.keys(lock.objects).sort()).toEqual(Object.keys(MIGRATIONS).sort());
  });
});

describe("the lock check", () => {
  const released: MigrationStep[] = [
    { name: "0001_orders_table", sql: ["CREATE TABLE IF NOT EXISTS orders (id TEXT PRIMARY KEY, total REAL NOT NULL)"] },
    { name: "0002_orders_total_index", sql: ["CREATE INDEX IF NOT EXISTS orders_total ON orders (total)"] },
    { name: "0003_orders_currency_column", sql: ["ALTER TABLE orders ADD COLUMN currency TEXT NOT NULL DEFAULT 'EUR'"] },
  ];
  const base = extendLock(emptyLock(), { shop: released });
  const problemsOf = (steps: MigrationStep[]) => checkLock(base, { shop: steps }).problems.join("\n");
  const at = (i: number) => released[i] as MigrationStep;

  it("accepts the released steps, and a step appended at the end as unreleased until locked", () => {
    expect(checkLock(base, { shop: released })).toEqual({ problems: [], unreleased: [] });
    const next = [...released, { name: "0004_orders_note_column", sql: ["ALTER TABLE orders ADD COLUMN note TEXT"] }];
    expect(checkLock(base, { shop: next })).toEqual({ problems: [], unreleased: ["shop: 0004_orders_note_column"] });
    expect(checkLock(extendLock(base, { shop: next }), { shop: next })).toEqual({ problems: [], unreleased: [] });
  });

  it("refuses a released step whose SQL changed, and says to append instead", () => {
    const edited = released.map((s, i) => (i === 0 ? { ...s, sql: ["CREATE TABLE IF NOT EXISTS orders (id TEXT PRIMARY KEY, total REAL NOT NULL, note TEXT)"] } : s));
    expect(problemsOf(edited)).toMatch(/released step 0001_orders_table changed its SQL.*append a new step at the end/);
    expect(problemsOf(released.map((s, i) => (i === 2 ? { ...s, sql: [...s.sql, "DELETE FROM orders"] } : s)))).toMatch(/0003_orders_currency_column changed its SQL/);
  });

  it("refuses a step inserted in the middle", () => {
    const inserted = [
      at(0),
      { name: "0002_orders_id_index", sql: ["CREATE INDEX IF NOT EXISTS orders_id ON orders (id)"] },
      { ...at(1), name: "0003_orders_total_index" },
      { ...at(2), name: "0004_orders_currency_column" },
    ];
    expect(problemsOf(inserted)).toMatch(/released step 0002_orders_total_index was removed or renamed; position 2 now holds 0002_orders_id_index/);
    expect(problemsOf([at(0), { name: "0002_orders_id_index", sql: [] }, at(1), at(2)])).toMatch(/0002_orders_total_index moved from position 2 to 3/);
  });

  it("refuses a removed, a renamed and a reordered step", () => {
    expect(problemsOf([at(0), at(2)])).toMatch(/released step 0002_orders_total_index was removed or renamed; position 2 now holds 0003_orders_currency_column/);
    expect(problemsOf([at(0), at(1)])).toMatch(/released step 0003_orders_currency_column was removed or renamed; position 3 now holds nothing/);
    expect(problemsOf([at(0), { ...at(1), name: "0002_total_index" }, at(2)])).toMatch(/0002_orders_total_index was removed or renamed/);
    expect(problemsOf([at(1), at(0), at(2)])).toMatch(/0001_orders_table moved from position 1 to 2/);
  });

  it("refuses a step with a badly numbered or duplicate name", () => {
    expect(problemsOf([...released, { name: "0099_late", sql: [] }])).toMatch(/0099_late at position 4 should be named 0004_/);
    expect(problemsOf([...released, { name: "0004_orders_table", sql: [] }, { name: "0004_orders_table", sql: [] }])).toMatch(/two steps are named 0004_orders_table/);
  });

  it("will not lock over an edited step", () => {
    expect(() => extendLock(base, { shop: [{ ...at(0), sql: ["DROP TABLE IF EXISTS orders"] }, at(1), at(2)] })).toThrow(/changed its SQL/);
  });
});
