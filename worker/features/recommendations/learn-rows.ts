/**
 * Set-at-a-time statements for the Site object's learning (site-recs.ts). One order of the Online
 * Retail shop (~20 lines, plus ~20 earlier purchases) is ~1,200 pair weights: written one
 * statement each, the statements' own overhead came on top of SQLite's work, on the one Site
 * object every order of a shop passes through. Here a list goes in as one JSON parameter
 * (`json_each`), so an order costs a handful of statements whatever its size.
 *
 * Numbers that are not small integers never travel inside the JSON: SQLite's text-to-double
 * conversion need not give back the exact double JavaScript wrote, and the learnt weights and
 * scores must stay bit-for-bit what one statement per row stored. Pair weights are grouped by
 * value (an order teaches two: within the order and across to earlier purchases) and each value is
 * bound as a parameter; popularity scores are bound in VALUES lists.
 */
import type { Sql } from "../../platform/sql";
import { NEGLIGIBLE } from "./neighbours";

/** Durable Object SQL binds at most 100 parameters per statement; a score row binds two. */
const SCORES_PER_STATEMENT = 50;

/** Keys grouped by their number, in first-seen order (the number is bound exactly, the keys go as JSON). */
export function byValue<K>(rows: Iterable<readonly [K, number]>): Map<number, K[]> {
  const groups = new Map<number, K[]>();
  for (const [key, value] of rows) {
    const group = groups.get(value);
    if (group) group.push(key);
    else groups.set(value, [key]);
  }
  return groups;
}

/** Pair weights keyed by their pair, for `byValue`. */
const byWeight = (pairs: readonly [a: string, b: string, w: number][]) => byValue(pairs.map(([a, b, w]) => [[a, b], w] as const));

/** Adds pair weights (`w += weight`, new pairs created): one statement per distinct weight. */
export function addPairWeights(sql: Sql, pairs: readonly [a: string, b: string, w: number][]): void {
  for (const [w, ab] of byWeight(pairs)) {
    sql`INSERT INTO rec_pairs (a, b, w) SELECT value->>0, value->>1, ${w} FROM json_each(${JSON.stringify(ab)}) WHERE true
      ON CONFLICT (a, b) DO UPDATE SET w = w + excluded.w`;
  }
}

/** Takes pair weights back (a refund); pairs left at NEGLIGIBLE or less are deleted. Pairs not stored (pruned) stay absent. */
export function takePairWeights(sql: Sql, pairs: readonly [a: string, b: string, w: number][]): void {
  if (pairs.length === 0) return;
  for (const [w, ab] of byWeight(pairs)) {
    sql`UPDATE rec_pairs SET w = w - ${w} WHERE (a, b) IN (SELECT value->>0, value->>1 FROM json_each(${JSON.stringify(ab)}))`;
  }
  const all = JSON.stringify(pairs.map(([a, b]) => [a, b]));
  sql`DELETE FROM rec_pairs WHERE (a, b) IN (SELECT value->>0, value->>1 FROM json_each(${all})) AND w <= ${NEGLIGIBLE}`;
}

/** Products among `products` holding more than `cap` pair rows (to be pruned). */
export function crowdedProducts(sql: Sql, products: readonly string[], cap: number): string[] {
  if (products.length === 0) return [];
  return sql<{ a: string }>`SELECT a FROM rec_pairs WHERE a IN (SELECT value FROM json_each(${JSON.stringify(products)})) GROUP BY a HAVING count(*) > ${cap}`.map((r) => r.a);
}

/** Queues keys for the next KV publish (`p:<product>`, `l:<facet>`); keys already queued stay once. */
export function markDirty(sql: Sql, keys: readonly string[]): void {
  if (keys.length) sql`INSERT OR IGNORE INTO rec_dirty (key) SELECT value FROM json_each(${JSON.stringify(keys)})`;
}

/** Queues every candidate list (facet) the products belong to: their popularity moved. */
export function markFacetsDirty(sql: Sql, products: readonly string[]): void {
  if (products.length) sql`INSERT OR IGNORE INTO rec_dirty (key) SELECT 'l:' || facet FROM rec_facets WHERE product_id IN (SELECT value FROM json_each(${JSON.stringify(products)}))`;
}

/** The stored popularity (log-space score) of each product that has one. */
export function scoresOf(sql: Sql, products: readonly string[]): Map<string, number> {
  if (products.length === 0) return new Map();
  const rows = sql<{ product_id: string; score: number }>`SELECT product_id, score FROM rec_pop WHERE product_id IN (SELECT value FROM json_each(${JSON.stringify(products)}))`;
  return new Map(rows.map((r) => [r.product_id, r.score]));
}

/** Stores popularity scores (insert or replace), each bound as a parameter so the double is exact. */
export function setScores(sql: Sql, rows: readonly [product: string, score: number][]): void {
  for (let i = 0; i < rows.length; i += SCORES_PER_STATEMENT) {
    const chunk = rows.slice(i, i + SCORES_PER_STATEMENT);
    const text = ["INSERT INTO rec_pop (product_id, score) VALUES (", ", "];
    for (let k = 1; k < chunk.length; k++) text.push("), (", ", ");
    text.push(") ON CONFLICT (product_id) DO UPDATE SET score = excluded.score");
    sql(Object.assign(text, { raw: text }) as unknown as TemplateStringsArray, ...chunk.flat());
  }
}

/** Deletes the popularity of products nothing is left of. */
export function dropScores(sql: Sql, products: readonly string[]): void {
  if (products.length) sql`DELETE FROM rec_pop WHERE product_id IN (SELECT value FROM json_each(${JSON.stringify(products)}))`;
}
