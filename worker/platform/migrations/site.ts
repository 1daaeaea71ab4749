import type { MigrationStep } from "../sql";

/**
 * The schema steps of every SiteObject (one shop), in release order, append-only. A step listed in
 * lock.json is released (objects have run it): never edit, reorder, rename or remove it; change
 * the schema with a new step at the end (docs/migrations.md). Steps 0001–0036 are the statements of
 * the old positional list, one each: an object at `_schema.version = N` has run the first N.
 */
export const SITE_MIGRATIONS: readonly MigrationStep[] = [
  // Core: the site record (one row), catalog, customer index, popularity.
  { name: "0001_site_table", sql: ["CREATE TABLE IF NOT EXISTS site (k INTEGER PRIMARY KEY CHECK (k = 1), record TEXT NOT NULL)"] },
  { name: "0002_products_table", sql: ["CREATE TABLE IF NOT EXISTS products (id TEXT PRIMARY KEY, data TEXT NOT NULL)"] },
  { name: "0003_customers_table", sql: ["CREATE TABLE IF NOT EXISTS customers (id TEXT PRIMARY KEY, email TEXT, stage TEXT NOT NULL, entry TEXT NOT NULL)"] },
  { name: "0004_customers_stage_index", sql: ["CREATE INDEX IF NOT EXISTS customers_stage ON customers (stage, id)"] },
  { name: "0005_customers_email_index", sql: ["CREATE INDEX IF NOT EXISTS customers_email ON customers (email)"] },
  { name: "0006_popularity_table", sql: ["CREATE TABLE IF NOT EXISTS popularity (product_id TEXT PRIMARY KEY, purchases INTEGER NOT NULL)"] },
  // Loyalty: referral codes and friends, reward code pools (offer codes too), seen platform webhooks and orders.
  { name: "0007_referral_codes_table", sql: ["CREATE TABLE IF NOT EXISTS referral_codes (code TEXT PRIMARY KEY, customer_id TEXT NOT NULL UNIQUE, email TEXT)"] },
  {
    name: "0008_referral_friends_table",
    sql: [
      `CREATE TABLE IF NOT EXISTS referral_friends (friend_id TEXT PRIMARY KEY, code TEXT NOT NULL, referrer_id TEXT NOT NULL, joined_at INTEGER NOT NULL,
    order_id TEXT, status TEXT NOT NULL)`,
    ],
  },
  { name: "0009_referral_friends_referrer_index", sql: ["CREATE INDEX IF NOT EXISTS referral_friends_referrer ON referral_friends (referrer_id)"] },
  {
    name: "0010_reward_codes_table",
    sql: [
      `CREATE TABLE IF NOT EXISTS reward_codes (reward_id TEXT NOT NULL, code TEXT NOT NULL, redemption_id TEXT, customer_id TEXT, issued_at INTEGER,
    PRIMARY KEY (reward_id, code))`,
    ],
  },
  { name: "0011_reward_codes_free_index", sql: ["CREATE INDEX IF NOT EXISTS reward_codes_free ON reward_codes (reward_id, redemption_id)"] },
  { name: "0012_platform_webhooks_table", sql: ["CREATE TABLE IF NOT EXISTS platform_webhooks (id TEXT PRIMARY KEY, at INTEGER NOT NULL)"] },
  { name: "0013_platform_orders_table", sql: ["CREATE TABLE IF NOT EXISTS platform_orders (order_id TEXT PRIMARY KEY, customer_id TEXT NOT NULL)"] },
  // Segments: RFM group per customer, rule segment membership, shop statistics.
  { name: "0014_customers_rfm_group_column", sql: ["ALTER TABLE customers ADD COLUMN rfm_group TEXT"] },
  { name: "0015_customers_rfm_index", sql: ["CREATE INDEX IF NOT EXISTS customers_rfm ON customers (rfm_group, id)"] },
  { name: "0016_segment_members_table", sql: ["CREATE TABLE IF NOT EXISTS segment_members (segment_id TEXT NOT NULL, customer_id TEXT NOT NULL, PRIMARY KEY (segment_id, customer_id))"] },
  { name: "0017_segment_members_customer_index", sql: ["CREATE INDEX IF NOT EXISTS segment_members_customer ON segment_members (customer_id)"] },
  { name: "0018_site_stats_table", sql: ["CREATE TABLE IF NOT EXISTS site_stats (k INTEGER PRIMARY KEY CHECK (k = 1), computed_at INTEGER NOT NULL, data TEXT NOT NULL)"] },
  // Recommendations: facets, popularity, re-buy intervals, co-purchase pairs, per-customer purchases,
  // dirty keys to publish, and the traces that let a refund unlearn an order.
  { name: "0019_rec_facets_table", sql: ["CREATE TABLE IF NOT EXISTS rec_facets (facet TEXT NOT NULL, product_id TEXT NOT NULL, PRIMARY KEY (facet, product_id))"] },
  { name: "0020_rec_facets_product_index", sql: ["CREATE INDEX IF NOT EXISTS rec_facets_product ON rec_facets (product_id)"] },
  { name: "0021_rec_pop_table", sql: ["CREATE TABLE IF NOT EXISTS rec_pop (product_id TEXT PRIMARY KEY, score REAL NOT NULL)"] },
  { name: "0022_rec_items_table", sql: ["CREATE TABLE IF NOT EXISTS rec_items (product_id TEXT PRIMARY KEY, n REAL NOT NULL, rebuy TEXT NOT NULL)"] },
  { name: "0023_rec_pairs_table", sql: ["CREATE TABLE IF NOT EXISTS rec_pairs (a TEXT NOT NULL, b TEXT NOT NULL, w REAL NOT NULL, PRIMARY KEY (a, b))"] },
  { name: "0024_rec_pairs_w_index", sql: ["CREATE INDEX IF NOT EXISTS rec_pairs_w ON rec_pairs (a, w)"] },
  {
    name: "0025_rec_cust_table",
    sql: ["CREATE TABLE IF NOT EXISTS rec_cust (customer_id TEXT NOT NULL, product_id TEXT NOT NULL, orders INTEGER NOT NULL, last_at INTEGER NOT NULL, PRIMARY KEY (customer_id, product_id))"],
  },
  { name: "0026_rec_cust_recent_index", sql: ["CREATE INDEX IF NOT EXISTS rec_cust_recent ON rec_cust (customer_id, last_at)"] },
  { name: "0027_rec_dirty_table", sql: ["CREATE TABLE IF NOT EXISTS rec_dirty (key TEXT PRIMARY KEY)"] },
  { name: "0028_rec_meta_table", sql: ["CREATE TABLE IF NOT EXISTS rec_meta (k TEXT PRIMARY KEY, v REAL NOT NULL)"] },
  {
    name: "0029_rec_orders_table",
    sql: ["CREATE TABLE IF NOT EXISTS rec_orders (customer_id TEXT NOT NULL, order_id TEXT NOT NULL, at INTEGER NOT NULL, trace TEXT NOT NULL, PRIMARY KEY (customer_id, order_id))"],
  },
  { name: "0030_rec_orders_at_index", sql: ["CREATE INDEX IF NOT EXISTS rec_orders_at ON rec_orders (at)"] },
  { name: "0031_rec_refunds_table", sql: ["CREATE TABLE IF NOT EXISTS rec_refunds (customer_id TEXT NOT NULL, refund_id TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (customer_id, refund_id))"] },
  { name: "0032_rec_refunds_at_index", sql: ["CREATE INDEX IF NOT EXISTS rec_refunds_at ON rec_refunds (at)"] },
  // `site_notes`: small values the Site's alarm jobs remember (the daily re-filing's next run and cursor).
  { name: "0033_site_notes_table", sql: ["CREATE TABLE IF NOT EXISTS site_notes (k TEXT PRIMARY KEY, v TEXT NOT NULL)"] },
  // `nps_scores`: one row per survey and shopper (their latest score); `shopper` is the shopper's
  // Profile object id, a pseudonym: the Site never holds the visitor id (a bearer secret) for this.
  {
    name: "0034_nps_scores_table",
    sql: ["CREATE TABLE IF NOT EXISTS nps_scores (survey_id TEXT NOT NULL, shopper TEXT NOT NULL, score INTEGER NOT NULL, text TEXT, at INTEGER NOT NULL, PRIMARY KEY (survey_id, shopper))"],
  },
  { name: "0035_nps_scores_shopper_index", sql: ["CREATE INDEX IF NOT EXISTS nps_scores_shopper ON nps_scores (shopper)"] },
  { name: "0036_nps_scores_recent_index", sql: ["CREATE INDEX IF NOT EXISTS nps_scores_recent ON nps_scores (survey_id, at)"] },
  // The merchant console (features/console-auth/): sessions by the SHA-256 of their token (never the
  // token), staff with the hash of their invite, and the audit log (ids contiguous: only the oldest are pruned).
  {
    name: "0037_console_sessions_table",
    sql: [
      `CREATE TABLE IF NOT EXISTS console_sessions (hash TEXT PRIMARY KEY, role TEXT NOT NULL, actor TEXT NOT NULL, staff_id TEXT, csrf TEXT NOT NULL,
    created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL)`,
    ],
  },
  { name: "0038_console_sessions_expiry_index", sql: ["CREATE INDEX IF NOT EXISTS console_sessions_expiry ON console_sessions (expires_at)"] },
  { name: "0039_console_sessions_staff_index", sql: ["CREATE INDEX IF NOT EXISTS console_sessions_staff ON console_sessions (staff_id)"] },
  {
    name: "0040_console_staff_table",
    sql: [
      `CREATE TABLE IF NOT EXISTS console_staff (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, role TEXT NOT NULL, invite_hash TEXT NOT NULL UNIQUE,
    invited_at INTEGER NOT NULL, invite_expires_at INTEGER NOT NULL)`,
    ],
  },
  {
    name: "0041_console_audit_table",
    sql: [
      `CREATE TABLE IF NOT EXISTS console_audit (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL, method TEXT NOT NULL,
    path TEXT NOT NULL, status INTEGER NOT NULL, summary TEXT NOT NULL)`,
    ],
  },
  // `segment_history`: each segment's member count, one row per UTC day (features/segments/segment-history.ts).
  { name: "0042_segment_history_table", sql: ["CREATE TABLE IF NOT EXISTS segment_history (day TEXT PRIMARY KEY, counts TEXT NOT NULL)"] },
  // The console's customer search by email prefix, whatever case the shop sent the address in (features/segments/customer-index.ts).
  { name: "0043_customers_email_lower_index", sql: ["CREATE INDEX IF NOT EXISTS customers_email_lower ON customers (lower(email), id)"] },
  // Save for later (features/wishlist/saver-book.ts): which customers saved which product (the
  // fan-out reads a product's savers in id order; erasure and sync read a customer's rows), the
  // profile version each customer's rows reflect, and the queued fan-outs of catalog news.
  {
    name: "0044_wishlist_savers_table",
    sql: ["CREATE TABLE IF NOT EXISTS wishlist_savers (product_id TEXT NOT NULL, customer_id TEXT NOT NULL, saved_at INTEGER NOT NULL, PRIMARY KEY (product_id, customer_id))"],
  },
  { name: "0045_wishlist_savers_customer_index", sql: ["CREATE INDEX IF NOT EXISTS wishlist_savers_customer ON wishlist_savers (customer_id)"] },
  { name: "0046_wishlist_lists_table", sql: ["CREATE TABLE IF NOT EXISTS wishlist_lists (customer_id TEXT PRIMARY KEY, version INTEGER NOT NULL)"] },
  {
    name: "0047_wishlist_fanout_table",
    sql: ["CREATE TABLE IF NOT EXISTS wishlist_fanout (id TEXT PRIMARY KEY, product_id TEXT NOT NULL, kind TEXT NOT NULL, product TEXT NOT NULL, created_at INTEGER NOT NULL, cursor TEXT NOT NULL)"],
  },
  // Co-purchase pairs as one B-tree keyed by (a, b) (WITHOUT ROWID), and without the (a, w) index:
  // an order rewrites ~1,200 pair weights, and each one touched three B-trees (rows, primary key,
  // weight index) where it now touches one; pruning a product's ≤400 pairs sorts them in memory.
  {
    name: "0048_rec_pairs_without_rowid",
    sql: [
      "CREATE TABLE rec_pairs_next (a TEXT NOT NULL, b TEXT NOT NULL, w REAL NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID",
      "INSERT INTO rec_pairs_next (a, b, w) SELECT a, b, w FROM rec_pairs",
      "DROP TABLE rec_pairs",
      "ALTER TABLE rec_pairs_next RENAME TO rec_pairs",
    ],
  },
];
