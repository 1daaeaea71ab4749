import type { Sql } from "../../platform/sql";
import { DAY_MS } from "../../platform/time";
import type { LifecycleSnapshot } from "../insights/lifecycle-insights";

/**
 * Today's count of the shop's customers by lifecycle stage and by loyalty tier, with inactivity
 * by tier (days since the later of their last order and last visit), from the Site's customer
 * index. One pass inside SQLite, once a day (the Insights object's alarm), never on a read.
 */
export function lifecycleSnapshot(sql: Sql, now: number): LifecycleSnapshot {
  const stages: Record<string, number> = {};
  for (const r of sql<{ stage: string; n: number }>`SELECT stage, count(*) AS n FROM customers GROUP BY stage`) stages[r.stage] = r.n;
  const tiers: Record<string, Record<string, number>> = {};
  const rows = sql<{ tier: string; bucket: string; n: number }>`
    SELECT tier, CASE WHEN d <= 30 THEN '0-30' WHEN d <= 90 THEN '31-90' WHEN d <= 180 THEN '91-180' ELSE '181+' END AS bucket, count(*) AS n
    FROM (SELECT coalesce(json_extract(entry, '$.tier'), 'none') AS tier,
                 (${now} - max(coalesce(json_extract(entry, '$.lastOrderAt'), 0), coalesce(json_extract(entry, '$.lastSeen'), 0))) / ${DAY_MS} AS d
          FROM customers)
    GROUP BY tier, bucket`;
  for (const r of rows) {
    const t = (tiers[r.tier] ??= { total: 0 });
    t[r.bucket] = r.n;
    t.total = (t.total ?? 0) + r.n;
  }
  return { stages, tiers };
}
