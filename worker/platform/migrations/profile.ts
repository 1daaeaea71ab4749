import type { MigrationStep } from "../sql";

/**
 * The schema steps of every ProfileObject (one shopper), in release order, append-only. A step listed in
 * lock.json is released (objects have run it): never edit, reorder, rename or remove it; change
 * the schema with a new step at the end (docs/migrations.md). Steps 0001–0016 are the statements of
 * the old positional list, one each: an object at `_schema.version = N` has run the first N.
 */
export const PROFILE_MIGRATIONS: readonly MigrationStep[] = [
  // Core: the profile record (one row), raw events, orders.
  { name: "0001_profile_table", sql: ["CREATE TABLE IF NOT EXISTS profile (k INTEGER PRIMARY KEY CHECK (k = 1), state TEXT NOT NULL)"] },
  { name: "0002_events_table", sql: ["CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, type TEXT NOT NULL, at INTEGER NOT NULL, data TEXT NOT NULL)"] },
  { name: "0003_events_at_index", sql: ["CREATE INDEX IF NOT EXISTS events_at ON events (at)"] },
  {
    name: "0004_orders_table",
    sql: [
      "CREATE TABLE IF NOT EXISTS orders (id TEXT PRIMARY KEY, status TEXT NOT NULL, total REAL NOT NULL, currency TEXT NOT NULL, created_at INTEGER NOT NULL, items TEXT NOT NULL, points INTEGER NOT NULL)",
    ],
  },
  // The first ledger, replaced by the loyalty engine's: dropped with its rows (released that way).
  {
    name: "0005_ledger_table_v1",
    sql: ["CREATE TABLE IF NOT EXISTS ledger (seq INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL UNIQUE, points INTEGER NOT NULL, reason TEXT NOT NULL, at INTEGER NOT NULL)"],
  },
  { name: "0006_drop_ledger_v1", sql: ["DROP TABLE IF EXISTS ledger"] },
  // Loyalty: the ledger (lots that become available and expire), refunds and reward redemptions.
  {
    name: "0007_ledger_table",
    sql: [
      `CREATE TABLE IF NOT EXISTS ledger (seq INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, points INTEGER NOT NULL,
    at INTEGER NOT NULL, available_at INTEGER NOT NULL, expires_at INTEGER, reverses TEXT, spend REAL NOT NULL DEFAULT 0, reason TEXT NOT NULL)`,
    ],
  },
  { name: "0008_orders_refunded_column", sql: ["ALTER TABLE orders ADD COLUMN refunded REAL NOT NULL DEFAULT 0"] },
  { name: "0009_orders_stamps_column", sql: ["ALTER TABLE orders ADD COLUMN stamps TEXT NOT NULL DEFAULT '{}'"] },
  { name: "0010_refunds_table", sql: ["CREATE TABLE IF NOT EXISTS refunds (id TEXT PRIMARY KEY, order_id TEXT NOT NULL, amount REAL NOT NULL, points INTEGER NOT NULL, at INTEGER NOT NULL)"] },
  {
    name: "0011_redemptions_table",
    sql: [
      `CREATE TABLE IF NOT EXISTS redemptions (id TEXT PRIMARY KEY, reward_id TEXT NOT NULL, cost INTEGER NOT NULL, status TEXT NOT NULL,
    code TEXT, at INTEGER NOT NULL)`,
    ],
  },
  // `triggers`: the moments this customer's profile wakes up for (one row per kind; `key` names
  // the occurrence, `fired_at` is set once it went out so a re-sync never fires it twice).
  // `trigger_notes`: small remembered values (the last announced tier, the inputs of the last sync).
  { name: "0012_triggers_table", sql: ["CREATE TABLE IF NOT EXISTS triggers (kind TEXT PRIMARY KEY, key TEXT NOT NULL, due_at INTEGER NOT NULL, fired_at INTEGER)"] },
  { name: "0013_trigger_notes_table", sql: ["CREATE TABLE IF NOT EXISTS trigger_notes (k TEXT PRIMARY KEY, v TEXT NOT NULL)"] },
  // `event_days`: events of each type per UTC day, the aggregate raw events fold into (segment
  // rules count events in windows from it; it outlives the raw events, which retention deletes).
  // `activity_notes`: the site's retention window as last heard, and when browsing last re-filed
  // the customer in the shop's index.
  { name: "0014_event_days_table", sql: ["CREATE TABLE IF NOT EXISTS event_days (type TEXT NOT NULL, day INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (type, day))"] },
  { name: "0015_activity_notes_table", sql: ["CREATE TABLE IF NOT EXISTS activity_notes (k TEXT PRIMARY KEY, v INTEGER NOT NULL)"] },
  // `offers_issued`: one row per (offer, occasion) this shopper was offered: the code (null while
  // none could be had), when it was issued and expires, and `issue_id`, the random id the Site's
  // code pool files it under (so a retried issue gets the same code back).
  {
    name: "0016_offers_issued_table",
    sql: [
      `CREATE TABLE IF NOT EXISTS offers_issued (offer_id TEXT NOT NULL, occasion TEXT NOT NULL, issue_id TEXT NOT NULL, code TEXT,
    issued_at INTEGER NOT NULL, expires_at INTEGER, tried_at INTEGER NOT NULL, PRIMARY KEY (offer_id, occasion))`,
    ],
  },
  // `orders.recs`: the lines of a paid order that recommendation clicks earned (JSON, null: none),
  // so a refund takes back their share of the attributed revenue (features/insights/rec-attribution.ts).
  { name: "0017_orders_recs_column", sql: ["ALTER TABLE orders ADD COLUMN recs TEXT"] },
];
