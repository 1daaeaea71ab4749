import type { MigrationStep } from "../sql";

/**
 * The schema steps of every WebhookOutbox (one site's outgoing webhooks), in release order,
 * append-only. A step listed in lock.json is released (objects have run it): never edit, reorder,
 * rename or remove it; change the schema with a new step at the end (docs/migrations.md). Steps
 * 0001–0005 are the statements of the old positional list, one each: an object at
 * `_schema.version = N` has run the first N.
 */
export const OUTBOX_MIGRATIONS: readonly MigrationStep[] = [
  { name: "0001_meta_table", sql: ["CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)"] },
  // One row per event; `idem` makes emitting the same occurrence twice record it once.
  { name: "0002_outbox_table", sql: ["CREATE TABLE IF NOT EXISTS outbox (id TEXT PRIMARY KEY, idem TEXT NOT NULL UNIQUE, type TEXT NOT NULL, payload TEXT NOT NULL, created_at INTEGER NOT NULL)"] },
  // One row per event and endpoint; a dead letter is a delivery with status 'dead'.
  {
    name: "0003_deliveries_table",
    sql: [
      `CREATE TABLE IF NOT EXISTS deliveries (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, event_id TEXT NOT NULL, endpoint TEXT NOT NULL,
    attempt INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL, next_at INTEGER, last_status INTEGER, last_error TEXT, created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL, delivered_at INTEGER)`,
    ],
  },
  { name: "0004_deliveries_due_index", sql: ["CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_at)"] },
  {
    name: "0005_attempts_table",
    sql: ["CREATE TABLE IF NOT EXISTS attempts (delivery_id TEXT NOT NULL, n INTEGER NOT NULL, at INTEGER NOT NULL, status INTEGER, error TEXT, ms INTEGER NOT NULL, PRIMARY KEY (delivery_id, n))"],
  },
];
