import type { Sql } from "../../platform/sql";
import type { CustomerIndexEntry } from "./customer-index";
import { matches, type Condition } from "./rules";
import type { SegmentBook, SegmentsConfig } from "./site-segments";

/**
 * "How many customers would this rule match?" before a shop saves it (POST /v1/segments/preview).
 * Every customer is judged by SegmentBook.judge and the rule engine's `matches`, the same code that
 * files customers, so the preview is the count the shop gets right after saving the same rule.
 *
 * Cost is bounded because a shop may have a million customers and the console asks again as the
 * rule is typed: up to {@link PREVIEW_EXACT_MAX} customers every one is judged (exact); above that
 * a fixed, evenly spread sample of {@link PREVIEW_SAMPLE} customers is judged and the count scaled
 * up (`exact: false`). The sample is the rows at an even stride of SQLite rowids, i.e. spread
 * evenly over the order customers joined in, picked by index seeks (no full scan), and the same
 * rows every time for the same data, so asking twice gives the same answer.
 */

/** Up to this many customers the preview judges every one (tens of milliseconds of CPU). */
export const PREVIEW_EXACT_MAX = 20_000;
/** Customers judged above that bound; the count is scaled up from them. */
export const PREVIEW_SAMPLE = 10_000;
/** Matching customers shown as examples. */
export const PREVIEW_EXAMPLES = 10;

/** The answer of a preview (the shape of the route's 200). */
export interface SegmentPreview {
  matching: number;
  total: number;
  sample: { customerId: string; email: string | null; firstName: string | null }[];
  exact: boolean;
}

/** Judges the shop's customers (all, or an even sample) against `rule` with the shop's current thresholds. */
export function previewSegment(sql: Sql, book: SegmentBook, rule: Condition, config: SegmentsConfig, now: number, limits = { exactMax: PREVIEW_EXACT_MAX, sample: PREVIEW_SAMPLE }): SegmentPreview {
  const total = sql<{ n: number }>`SELECT count(*) AS n FROM customers`[0]?.n ?? 0;
  const exact = total <= limits.exactMax;
  const rows = exact ? sql<{ entry: string }>`SELECT entry FROM customers ORDER BY id` : sampleRows(sql, limits.sample);
  let matched = 0;
  const sample: SegmentPreview["sample"] = [];
  for (const row of rows) {
    const entry = JSON.parse(row.entry) as CustomerIndexEntry;
    if (!matches(rule, book.judge(entry, config, now).facts)) continue;
    matched++;
    if (sample.length < PREVIEW_EXAMPLES) sample.push({ customerId: entry.customerId, email: entry.email, firstName: entry.firstName });
  }
  const matching = exact || rows.length === 0 ? matched : Math.round((matched / rows.length) * total);
  return { matching, total, sample, exact };
}

/** About `n` rows at an even stride of rowids (gaps left by erased customers only make it a little smaller). */
function sampleRows(sql: Sql, n: number): { entry: string }[] {
  const max = sql<{ m: number | null }>`SELECT max(rowid) AS m FROM customers`[0]?.m ?? 0;
  const stride = Math.max(1, max / n);
  const ids = Array.from({ length: n }, (_, i) => Math.floor(1 + i * stride)).filter((id, i, all) => id <= max && id !== all[i - 1]);
  return sql<{ entry: string }>`SELECT entry FROM customers WHERE rowid IN (SELECT value FROM json_each(${JSON.stringify(ids)})) ORDER BY rowid`;
}
