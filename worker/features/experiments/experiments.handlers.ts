import type { AppRouteHandler } from "../../platform/create-router";
import { csvResponse, toCsv, wantsCsv } from "../../platform/csv";
import { ApiError } from "../../platform/errors";
import { insightsStub } from "../../platform/stubs";
import { asTable } from "../insights/insights-tables";
import type { experimentResultsRoute } from "./experiments.routes";
import { experimentResult } from "./statistics";

/** Reads the experiment's two arms from the shop's insights and tests the difference (statistics.ts). */
export const experimentResults: AppRouteHandler<typeof experimentResultsRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const { mde, confidence } = c.req.valid("query");
  const { config, siteId } = c.get("site");
  const experiment = config.experiments.find((e) => e.id === id);
  if (!experiment) throw new ApiError(404, "not_found", `No experiment "${id}" in the site config (experiments).`);
  const arms = await insightsStub(c.env, siteId).read({ kind: "experiment", id }, Date.now());
  const result = experimentResult(arms as Parameters<typeof experimentResult>[0], { confidence, minimumDetectableEffect: mde, minShoppersPerArm: experiment.minShoppersPerArm });
  const body = { experiment: { id, type: experiment.type, holdoutPercent: experiment.holdoutPercent }, currency: config.currency, ...result };
  if (wantsCsv(c.req.header("Accept"))) {
    const t = asTable("experiment", body);
    return csvResponse(toCsv(t.columns, t.rows), `revisit-experiment-${id}.csv`) as never;
  }
  return c.json(body as never, 200);
};
