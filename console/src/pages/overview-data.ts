import { getV1 } from "../api";

/**
 * What the overview reads, typed after the zod schemas of worker/features/insights/insights.routes.ts
 * and worker/features/experiments/experiments.routes.ts (only the fields the page shows).
 */
export interface Figures {
  period: string;
  from: string;
  to: string;
  customersWithOrder: number;
  newCustomers: number;
  returningCustomers: number;
  orders: number;
  revenue: number;
  averageOrderValue: { new: number | null; returning: number | null };
  /** Revenue from the period's new and returning customers (they add up to revenue). */
  revenueFrom: { new: number; returning: number };
  repeatPurchaseRate: number | null;
  medianDaysToSecondOrder: number | null;
  visits: number;
}
export interface Summary {
  currency: string;
  timeZone: string;
  total: Figures;
  series: Figures[];
}
export interface Cohorts {
  cohorts: { cohort: string; customers: number; values: number[] }[];
}
export interface LoyaltyInsights {
  currency: string;
  points: { issued: number; redeemed: number; outstanding: number };
  liability: number | null;
  redemptionRate: number | null;
}
export interface SurveyInsights {
  nps: { month: string; answers: number; nps: number | null }[];
}
interface Interval {
  estimate: number;
  low: number;
  high: number;
}
interface Lift {
  absolute: Interval;
  relative: Interval | null;
  significant: boolean;
}
export interface HoldoutResult {
  experiment: { id: string; holdoutPercent: number; name?: string };
  currency: string;
  status: "not_enough_data" | "ready";
  arms: Record<string, Record<string, number | null>>;
  lift: { conversion: Lift; revenuePerShopper: Lift } | null;
  sampleSize: { neededPerArm: number };
}

/** The date ranges a shop owner picks from; `custom` uses the from/to inputs. */
export type RangeChoice = "30d" | "lastMonth" | "thisMonth" | "90d" | "12m" | "custom";

const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

/**
 * From/to dates (inclusive, the browser's calendar) of a preset: the last 30 / 90 days or 12
 * months ending today, this month so far, or the whole of last month (what a shop owner reports on).
 */
export function presetRange(choice: Exclude<RangeChoice, "custom">, today = new Date()): { from: string; to: string } {
  if (choice === "thisMonth") return { from: iso(new Date(today.getFullYear(), today.getMonth(), 1)), to: iso(today) };
  if (choice === "lastMonth") return { from: iso(new Date(today.getFullYear(), today.getMonth() - 1, 1)), to: iso(new Date(today.getFullYear(), today.getMonth(), 0)) };
  const from = new Date(today);
  if (choice === "12m") {
    from.setFullYear(from.getFullYear() - 1);
    from.setDate(from.getDate() + 1);
  } else from.setDate(from.getDate() - (choice === "30d" ? 29 : 89));
  return { from: iso(from), to: iso(today) };
}

/** Weeks up to about four months (a readable number of points), months beyond. */
export function granularityFor(from: string, to: string): "week" | "month" {
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  return days <= 124 ? "week" : "month";
}

/** Everything the overview shows for one range, fetched in parallel; the holdout only when the site has one. */
export interface OverviewData {
  summary: Summary;
  cohorts: Cohorts;
  loyalty: LoyaltyInsights;
  surveys: SurveyInsights;
  holdout: HoldoutResult | null;
}

/** Loads the overview's figures for a range from the public insights API (same-origin, session cookie). */
export async function loadOverview(from: string, to: string): Promise<OverviewData> {
  const granularity = granularityFor(from, to);
  const [summary, cohorts, loyalty, surveys, config] = await Promise.all([
    getV1<Summary>("insights/summary", { from, to, granularity }),
    getV1<Cohorts>("insights/cohorts", { from, to, metric: "customers" }),
    getV1<LoyaltyInsights>("insights/loyalty", { from, to, granularity }),
    getV1<SurveyInsights>("insights/surveys", { from, to }),
    getV1<{ experiments?: { id: string; holdoutPercent: number }[] }>("site/config"),
  ]);
  const experiments = config.experiments ?? [];
  const experiment = experiments.find((x) => x.holdoutPercent > 0) ?? experiments.at(-1);
  const holdout = experiment ? await getV1<HoldoutResult>(`experiments/${encodeURIComponent(experiment.id)}/results`) : null;
  return { summary, cohorts, loyalty, surveys, holdout };
}

/** True when the range has neither orders nor visits: the page shows the first steps instead of empty charts. */
export const isEmpty = (d: OverviewData) => d.summary.total.orders === 0 && d.summary.total.visits === 0 && d.cohorts.cohorts.length === 0;
