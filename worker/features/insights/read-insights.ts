import type { CellBook } from "./cells";
import { cohorts } from "./cohorts";
import { recommendationInsights, surveyInsights } from "./engagement";
import { lifecycleInsights } from "./lifecycle-insights";
import { loyaltyInsights } from "./loyalty-insights";
import type { Granularity } from "./period";
import { summarize } from "./summary";
import { experimentTotals } from "../experiments/experiment-totals";

/** What the insights routes ask the Insights object for (days are the shop's local day numbers). */
export type InsightsQuery =
  | { kind: "summary"; from: number; to: number; granularity: Granularity }
  | { kind: "cohorts"; from: number; to: number; metric: "customers" | "revenue" }
  | { kind: "loyalty"; from: number; to: number; granularity: Granularity; pointValue: number | null }
  | { kind: "recommendations"; from: number; to: number }
  | { kind: "surveys"; from: number; to: number }
  | { kind: "lifecycle"; from: number; to: number; granularity: Granularity }
  | { kind: "experiment"; id: string };

/** Answers one query from the counters (never from orders or customers). */
export function readInsights(cells: CellBook, q: InsightsQuery, today: number) {
  switch (q.kind) {
    case "summary":
      return summarize(cells, q.from, q.to, q.granularity);
    case "cohorts":
      return { cohorts: cohorts(cells, q.from, q.to, q.metric) };
    case "loyalty":
      return loyaltyInsights(cells, q.from, q.to, q.granularity, today, q.pointValue);
    case "recommendations":
      return recommendationInsights(cells, q.from, q.to);
    case "surveys":
      return surveyInsights(cells, q.from, q.to);
    case "lifecycle":
      return lifecycleInsights(cells, q.from, q.to, q.granularity);
    case "experiment":
      return experimentTotals(cells, q.id);
  }
}
