import type { MigrationStep } from "../sql";

/**
 * The schema steps of every InsightsObject (one shop's retention aggregates), in release order,
 * append-only (docs/migrations.md).
 */
export const INSIGHTS_MIGRATIONS: readonly MigrationStep[] = [
  { name: "0001_meta_table", sql: ["CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)"] },
  // Each customer's last reported facts (orders, refunds, points, arms): a new report is diffed against them.
  { name: "0002_customers_table", sql: ["CREATE TABLE IF NOT EXISTS customers (id TEXT PRIMARY KEY, facts TEXT NOT NULL) WITHOUT ROWID"] },
  // Every counter: metric, two integer keys (days, months, kinds) and a text key; see features/insights/cells.ts.
  {
    name: "0003_cells_table",
    sql: ["CREATE TABLE IF NOT EXISTS cells (metric TEXT NOT NULL, a INTEGER NOT NULL, b INTEGER NOT NULL, c TEXT NOT NULL, n REAL NOT NULL, PRIMARY KEY (metric, a, b, c)) WITHOUT ROWID"],
  },
  // One row per experiment member (a shopper's Profile object id) and arm: assignment is counted once, and merges move it.
  {
    name: "0004_members_table",
    sql: ["CREATE TABLE IF NOT EXISTS members (experiment TEXT NOT NULL, shopper TEXT NOT NULL, arm TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (experiment, shopper)) WITHOUT ROWID"],
  },
  // What a shopper was already counted for (a survey shown, answered, scored), so each counts once per shopper.
  { name: "0005_seen_table", sql: ["CREATE TABLE IF NOT EXISTS seen (what TEXT NOT NULL, shopper TEXT NOT NULL, PRIMARY KEY (what, shopper)) WITHOUT ROWID"] },
];
