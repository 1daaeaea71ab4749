import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "../../platform/schemas";
import { InsightsDates, InsightsRange } from "./period";

const Money = z.number().openapi({ description: "In the site's currency (site config `currency`), major units, net of refunds" });
const Rate = z.number().nullable().openapi({ description: "A share between 0 and 1; null when its denominator is 0" });
const csv = { "text/csv": { schema: z.string().openapi({ description: "The same table as CSV (send `Accept: text/csv`); UTF-8 with a byte-order mark" }) } };

const Figures = z
  .object({
    period: z.string().openapi({ description: '"total", or the period: 2011-03-04 (day), 2011-W09 (ISO week), 2011-03 (month)' }),
    from: z.string(),
    to: z.string(),
    customersWithOrder: z.number().int().openapi({ description: "Customers who placed at least one order in the period" }),
    newCustomers: z.number().int().openapi({ description: "Customers whose first order ever is in the period" }),
    returningCustomers: z.number().int().openapi({ description: "customersWithOrder − newCustomers: ordered in the period and before it" }),
    orders: z.number().int().openapi({ description: "Paid orders placed in the period (a later refund does not remove the order; its money is taken off revenue)" }),
    revenue: Money.openapi({ description: "Σ order worth in the period − Σ refunds made in the period (a refund counts on its own day)" }),
    averageOrderValue: z.object({
      new: z.number().nullable().openapi({ description: "Revenue ÷ orders of the period's new customers" }),
      returning: z.number().nullable().openapi({ description: "Revenue ÷ orders of the period's returning customers" }),
    }),
    revenueFrom: z.object({
      new: Money.openapi({ description: "Revenue (net of refunds made in the period) from the period's new customers" }),
      returning: Money.openapi({ description: "Revenue from the period's returning customers; new + returning = revenue" }),
    }),
    repeatCustomers: z.number().int().openapi({ description: "Customers with ≥ 2 orders in the period" }),
    repeatPurchaseRate: Rate.openapi({ description: "repeatCustomers ÷ customersWithOrder" }),
    medianDaysToSecondOrder: z.number().nullable().openapi({ description: "Median of (second order − first order) in the shop's days, over customers whose second order ever is in the period" }),
    visits: z.number().int().openapi({ description: "Visits (a new visit starts after `visitIdleMinutes` idle) that loaded the widget" }),
    returningVisitShare: Rate.openapi({ description: "Visits by visitors who had visited before ÷ visits" }),
    visitors: z.object({
      identified: z.number().int().openapi({ description: "Distinct verified customers who visited in the period" }),
      anonymous: z.number().int().openapi({ description: "Distinct anonymous visitors (browsers) who visited in the period" }),
    }),
  })
  .openapi("InsightsFigures");

const rangeDoc =
  "Figures for `from`–`to` (ISO dates, both ends inclusive, in the site's time zone: site config `timeZone`, default UTC), in total and per `granularity` period (ISO weeks start on Monday; the first and last periods are cut to the range). Kept as counters that move as orders, refunds and visits arrive: a read never scans orders. `Accept: text/csv` gives the table as CSV.";

/** GET /v1/insights/summary: is the shop keeping its customers? */
export const summaryRoute = createRoute({
  method: "get",
  path: "/v1/insights/summary",
  operationId: "getInsightsSummary",
  tags: ["Insights"],
  summary: "Customers, orders, revenue, repeat purchase rate and visits over a range",
  description: `${rangeDoc} Definitions are on each field; see also the README's "Insights" section.`,
  security: [{ secretKey: [] }],
  request: { query: InsightsRange },
  responses: {
    200: {
      description: "Totals and the series",
      content: { "application/json": { schema: z.object({ currency: z.string(), timeZone: z.string(), total: Figures, series: z.array(Figures) }) }, ...csv },
    },
    ...errorResponses(400, 401, 403),
  },
});

/** GET /v1/insights/cohorts: do the customers won each month come back? */
export const cohortsRoute = createRoute({
  method: "get",
  path: "/v1/insights/cohorts",
  operationId: "getCohortInsights",
  tags: ["Insights"],
  summary: "Monthly first-order cohorts: retention or revenue per customer",
  description:
    "Cohorts whose first month is within `from`–`to`; a customer's cohort is the month of their first order ever (site time zone). `values[k]` is month k after the cohort's month (k = 0 is the cohort's own month), up to the month of `to`. `metric=customers`: the share of the cohort that ordered in month k (month 0 is 1). `metric=revenue`: net revenue per cohort customer from month 0 up to month k, a CLV curve, in major units (refunds count in the month they happen).",
  security: [{ secretKey: [] }],
  request: { query: InsightsDates.extend({ metric: z.enum(["customers", "revenue"]).default("customers") }) },
  responses: {
    200: {
      description: "One row per cohort",
      content: {
        "application/json": {
          schema: z.object({
            metric: z.enum(["customers", "revenue"]),
            currency: z.string(),
            cohorts: z.array(z.object({ cohort: z.string(), customers: z.number().int(), values: z.array(z.number()) })),
          }),
        },
        ...csv,
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

const Flows = z.object({ period: z.string(), from: z.string(), to: z.string(), issued: z.number(), redeemed: z.number(), expired: z.number(), reversed: z.number() });
const Group = z.object({ customers: z.number(), orders: z.number(), revenue: Money, averageOrderValue: z.number().nullable(), ordersPerCustomer: z.number().nullable(), repeatPurchaseRate: Rate });

/** GET /v1/insights/loyalty: what the program costs, owes and goes with. */
export const loyaltyInsightsRoute = createRoute({
  method: "get",
  path: "/v1/insights/loyalty",
  operationId: "getLoyaltyInsights",
  tags: ["Insights"],
  summary: "Points issued, redeemed, expired and outstanding; the liability; members vs non-members",
  description: `${rangeDoc} \`points.outstanding\`: every point issued up to \`to\` (or today) and not redeemed, expired or reversed, pending ones included. \`liability\` = outstanding × \`pointValue\` (site config \`insights.pointValue\`, else the best money-per-point of the fixed-value rewards; null when neither exists). \`redemptionRate\` = redeemed ÷ issued in the range. Members are customers who took part beyond earning on orders (redeemed a reward, or earned for an action or a referral); the comparison shows association, not cause. \`table\` picks the CSV table.`,
  security: [{ secretKey: [] }],
  request: { query: InsightsRange.extend({ table: z.enum(["series", "rewards", "comparison"]).default("series").openapi({ description: "Which table `Accept: text/csv` returns" }) }) },
  responses: {
    200: {
      description: "The program's figures",
      content: {
        "application/json": {
          schema: z.object({
            currency: z.string(),
            points: Flows.extend({ outstanding: z.number() }),
            liability: Money.nullable(),
            pointValue: z.number().nullable(),
            redemptionRate: Rate,
            rewards: z.array(z.object({ reward: z.string(), redemptions: z.number().int() })),
            series: z.array(Flows),
            comparison: z.object({ note: z.string(), members: Group, nonMembers: Group }),
          }),
        },
        ...csv,
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

const RecRow = z.object({ key: z.string(), impressions: z.number(), clicks: z.number(), clickThroughRate: Rate, addToCarts: z.number(), attributedRevenue: Money });

/** GET /v1/insights/recommendations: which picks earn their place. */
export const recommendationInsightsRoute = createRoute({
  method: "get",
  path: "/v1/insights/recommendations",
  operationId: "getRecommendationInsights",
  tags: ["Insights"],
  summary: "Impressions, clicks, add-to-carts and attributed revenue by placement and reason",
  description:
    "Impressions count each product shown; click-through = clicks ÷ impressions; an add-to-cart counts when the product was clicked in a recommendation within the attribution window before; attributed revenue is what an order paid for a product clicked within the window (site config `insights.attributionDays`, default 7) before the order, net of refunds. `table` picks the CSV table.",
  security: [{ secretKey: [] }],
  request: { query: InsightsDates.extend({ table: z.enum(["placement", "reason"]).default("placement") }) },
  responses: {
    200: {
      description: "By placement and by reason",
      content: { "application/json": { schema: z.object({ currency: z.string(), total: RecRow, byPlacement: z.array(RecRow), byReason: z.array(RecRow) }) }, ...csv },
    },
    ...errorResponses(400, 401, 403),
  },
});

/** GET /v1/insights/surveys: are shoppers answering, and how do they feel? */
export const surveyInsightsRoute = createRoute({
  method: "get",
  path: "/v1/insights/surveys",
  operationId: "getSurveyInsights",
  tags: ["Insights"],
  summary: "Survey response rates and NPS by month",
  description:
    "Per survey: times shown in the widget, answers and response rate (answered ÷ shown). NPS per month: promoters (9–10) minus detractors (0–6) as a percentage of the month's answers. `table` picks the CSV table.",
  security: [{ secretKey: [] }],
  request: { query: InsightsDates.extend({ table: z.enum(["surveys", "nps"]).default("surveys") }) },
  responses: {
    200: {
      description: "Surveys and NPS",
      content: {
        "application/json": {
          schema: z.object({
            surveys: z.array(z.object({ survey: z.string(), shown: z.number(), answered: z.number(), responseRate: Rate })),
            nps: z.array(z.object({ month: z.string(), answers: z.number(), promoters: z.number(), passives: z.number(), detractors: z.number(), nps: z.number().nullable() })),
          }),
        },
        ...csv,
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

/** GET /v1/insights/lifecycle: how the customer base moves between stages and tiers. */
export const lifecycleInsightsRoute = createRoute({
  method: "get",
  path: "/v1/insights/lifecycle",
  operationId: "getLifecycleInsights",
  tags: ["Insights"],
  summary: "Lifecycle stages and loyalty tiers over time (a daily snapshot)",
  description:
    "Once a day the shop's customers are counted by lifecycle stage (at-risk and lapsed included) and by loyalty tier, with inactivity by tier (days since their last order or visit: 0–30, 31–90, 91–180, over 180). Each period shows its last snapshot.",
  security: [{ secretKey: [] }],
  request: { query: InsightsRange },
  responses: {
    200: {
      description: "Snapshots",
      content: {
        "application/json": {
          schema: z.object({
            series: z.array(z.object({ period: z.string(), day: z.string().nullable(), stages: z.record(z.string(), z.number()), tiers: z.record(z.string(), z.record(z.string(), z.number())) })),
          }),
        },
        ...csv,
      },
    },
    ...errorResponses(400, 401, 403),
  },
});
