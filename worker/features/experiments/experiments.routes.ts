import { createRoute, z } from "@hono/zod-openapi";
import { Id, errorResponses } from "../../platform/schemas";

const Interval = z.object({ estimate: z.number(), low: z.number(), high: z.number() });
const Lift = z
  .object({
    treatment: z.number().nullable(),
    holdout: z.number().nullable(),
    absolute: Interval,
    relative: Interval.nullable(),
    pValue: z.number(),
    significant: z.boolean(),
    test: z.string().openapi({ description: "The test and interval used, by name" }),
  })
  .passthrough();

/** GET /v1/experiments/{id}/results: what personalization earns, measured against the holdout. */
export const experimentResultsRoute = createRoute({
  method: "get",
  path: "/v1/experiments/{id}/results",
  operationId: "getExperimentResults",
  tags: ["Insights"],
  summary: "A holdout experiment's result: per arm, and the lift with 95 % confidence intervals",
  description:
    "Shoppers are assigned at their first request (site config `experiments`): the `holdout` arm gets the neutral experience, `treatment` the personal one; loyalty works the same for both. Per arm: shoppers, converting shoppers (≥ 1 order after assignment), orders, revenue (net of refunds), revenue per shopper, conversion rate, repeat purchase rate (≥ 2 orders ÷ converting). `lift` compares treatment with holdout (absolute and relative, with confidence intervals; the tests are named in each `test` field). Until both arms hold the sample needed to detect `mde` (relative, at α = 0.05 and 80 % power, from the holdout's conversion rate) the status is `not_enough_data`, `lift` is null and `sampleSize` says how many shoppers each arm needs. `Accept: text/csv` gives the per-arm table.",
  security: [{ secretKey: [] }],
  request: {
    params: z.object({ id: Id }),
    query: z.object({
      mde: z.coerce.number().gt(0).max(10).default(0.1).openapi({ description: "Minimum detectable effect, relative (0.1 = a 10 % lift in conversion)" }),
      confidence: z.coerce.number().min(0.5).max(0.999).default(0.95),
    }),
  },
  responses: {
    200: {
      description: "The result",
      content: {
        "application/json": {
          schema: z
            .object({
              experiment: z.object({ id: z.string(), type: z.string(), holdoutPercent: z.number() }),
              currency: z.string(),
              status: z.enum(["not_enough_data", "ready"]),
              arms: z.record(z.string(), z.record(z.string(), z.number().nullable())),
              lift: z.object({ conversion: Lift, revenuePerShopper: Lift, repeatPurchaseRate: Lift.nullable() }).passthrough().nullable(),
              sampleSize: z.object({ neededPerArm: z.number(), minimumDetectableEffect: z.number(), baselineRate: z.number() }).passthrough(),
            })
            .passthrough(),
        },
        "text/csv": { schema: z.string() },
      },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});
