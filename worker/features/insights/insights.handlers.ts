import type { Context } from "hono";
import type { AppEnv } from "../../app-env";
import type { AppRouteHandler } from "../../platform/create-router";
import { csvResponse, toCsv, wantsCsv } from "../../platform/csv";
import { insightsStub } from "../../platform/stubs";
import type { SiteConfig } from "../site/site-config.schemas";
import { dayFromIso } from "./period";
import type { InsightsQuery } from "./read-insights";
import type { cohortsRoute, lifecycleInsightsRoute, loyaltyInsightsRoute, recommendationInsightsRoute, summaryRoute, surveyInsightsRoute } from "./insights.routes";
import { asTable } from "./insights-tables";

/** Reads one insight from the shop's Insights object at this moment. */
async function read(c: Context<AppEnv>, q: InsightsQuery) {
  return insightsStub(c.env, c.get("site").siteId).read(q, Date.now());
}

/** JSON, or the named table as CSV when the client asks for `text/csv`. */
function answer<T>(c: Context<AppEnv>, body: T, table: string) {
  if (wantsCsv(c.req.header("Accept"))) {
    const t = asTable(table, body);
    return csvResponse(toCsv(t.columns, t.rows), `revisit-${table}.csv`);
  }
  return c.json(body, 200);
}

const range = (q: { from: string; to: string }) => ({ from: dayFromIso(q.from), to: dayFromIso(q.to) });

/**
 * The money value of one point: site config `insights.pointValue`, else the best money per point
 * among fixed-value rewards (what a point can fetch at most), else null (no liability shown).
 */
export function pointValueOf(config: Pick<SiteConfig, "insights" | "loyalty">): number | null {
  if (config.insights.pointValue !== null) return config.insights.pointValue;
  const fixed = config.loyalty.rewards.filter((r) => r.discount.type === "fixed").map((r) => r.discount.value / r.cost);
  return fixed.length ? Math.max(...fixed) : null;
}

export const summary: AppRouteHandler<typeof summaryRoute> = async (c) => {
  const q = c.req.valid("query");
  const { config } = c.get("site");
  const body = { currency: config.currency, timeZone: config.timeZone, ...((await read(c, { kind: "summary", ...range(q), granularity: q.granularity })) as object) };
  return answer(c, body, "summary") as never;
};

export const cohorts: AppRouteHandler<typeof cohortsRoute> = async (c) => {
  const q = c.req.valid("query");
  const body = { metric: q.metric, currency: c.get("site").config.currency, ...((await read(c, { kind: "cohorts", ...range(q), metric: q.metric })) as object) };
  return answer(c, body, `cohorts-${q.metric}`) as never;
};

export const loyalty: AppRouteHandler<typeof loyaltyInsightsRoute> = async (c) => {
  const q = c.req.valid("query");
  const { config } = c.get("site");
  const body = { currency: config.currency, ...((await read(c, { kind: "loyalty", ...range(q), granularity: q.granularity, pointValue: pointValueOf(config) })) as object) };
  return answer(c, body, `loyalty-${q.table}`) as never;
};

export const recommendations: AppRouteHandler<typeof recommendationInsightsRoute> = async (c) => {
  const q = c.req.valid("query");
  const body = { currency: c.get("site").config.currency, ...((await read(c, { kind: "recommendations", ...range(q) })) as object) };
  return answer(c, body, `recommendations-${q.table}`) as never;
};

export const surveys: AppRouteHandler<typeof surveyInsightsRoute> = async (c) => {
  const q = c.req.valid("query");
  return answer(c, await read(c, { kind: "surveys", ...range(q) }), `surveys-${q.table}`) as never;
};

export const lifecycle: AppRouteHandler<typeof lifecycleInsightsRoute> = async (c) => {
  const q = c.req.valid("query");
  return answer(c, await read(c, { kind: "lifecycle", ...range(q), granularity: q.granularity }), "lifecycle") as never;
};
