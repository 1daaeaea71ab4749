import type { CellBook } from "./cells";
import { bucketIndexer, buckets, type Granularity, isoFromDay } from "./period";

/** One day's count of the shop's customers by lifecycle stage and by tier (with inactivity buckets). */
export interface LifecycleSnapshot {
  stages: Record<string, number>;
  /** Tier id ("none" without a tier) → inactivity bucket ("0-30", "31-90", "91-180", "181+", "total") → customers. */
  tiers: Record<string, Record<string, number>>;
}

/** The inactivity bucket of a customer last active `days` ago. */
export function inactivityBucket(days: number): string {
  return days <= 30 ? "0-30" : days <= 90 ? "31-90" : days <= 180 ? "91-180" : "181+";
}

/** The cells a day's snapshot is stored as (`life` and `tier`, cells.ts). */
export function snapshotCells(day: number, s: LifecycleSnapshot): { metric: string; a: number; c: string; n: number }[] {
  return [
    ...Object.entries(s.stages).map(([stage, n]) => ({ metric: "life", a: day, c: stage, n })),
    ...Object.entries(s.tiers).flatMap(([tier, b]) => Object.entries(b).map(([bucket, n]) => ({ metric: "tier", a: day, c: `${tier}\u001f${bucket}`, n }))),
  ];
}

/**
 * Lifecycle stages and tiers over [from, to]: the daily snapshots (taken by the Insights object's
 * alarm), each period showing its latest one (null `day` when none was taken in it yet).
 */
export function lifecycleInsights(cells: CellBook, from: number, to: number, granularity: Granularity) {
  const periods = buckets(from, to, granularity);
  const at = bucketIndexer(periods);
  const days = new Map<number, LifecycleSnapshot>();
  for (const metric of ["life", "tier"]) {
    for (const c of cells.range(metric, from, to)) {
      const s = days.get(c.a) ?? { stages: {}, tiers: {} };
      days.set(c.a, s);
      if (metric === "life") s.stages[c.c] = c.n;
      else {
        const [tier = "none", bucket = "total"] = c.c.split("\u001f");
        s.tiers[tier] = { ...(s.tiers[tier] ?? {}), [bucket]: c.n };
      }
    }
  }
  const latest = new Map<number, number>();
  for (const d of days.keys()) {
    const i = at(d);
    if (i >= 0 && d > (latest.get(i) ?? Number.MIN_SAFE_INTEGER)) latest.set(i, d);
  }
  return {
    series: periods.map((p, i) => {
      const d = latest.get(i);
      const s = d === undefined ? undefined : days.get(d);
      return { period: p.period, day: d === undefined ? null : isoFromDay(d), stages: s?.stages ?? {}, tiers: s?.tiers ?? {} };
    }),
  };
}
