import { createRoute, z } from "@hono/zod-openapi";
import { ACTIONS } from "./program";
import { Id, errorResponses } from "../../platform/schemas";

/** POST /v1/loyalty/rewards/{rewardId}/redeem: a signed-in shopper spends points on a reward from the widget. */
export const redeemRoute = createRoute({
  method: "post",
  path: "/v1/loyalty/rewards/{rewardId}/redeem",
  tags: ["Visitor"],
  summary: "Redeem points for a reward (verified customers only)",
  description:
    "Needs the customer identity headers. The points leave the balance before the code is fetched, so two tabs can never spend them twice; send an `Idempotency-Key` header to make a retry return the first result. 409 when the balance is too low or no code is left (the points are returned).",
  security: [{ publishableKey: [], visitorId: [] }],
  request: {
    params: z.object({ rewardId: Id }),
    headers: z.object({
      "idempotency-key": z
        .string()
        .regex(/^[A-Za-z0-9_-]{8,64}$/)
        .optional(),
    }),
  },
  responses: {
    201: {
      description: "Redeemed",
      content: {
        "application/json": {
          schema: z.object({ redemptionId: z.string(), rewardId: z.string(), code: z.string(), points: z.number().int().openapi({ description: "Balance after" }) }),
        },
      },
    },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

/** PUT /v1/loyalty/rewards/{rewardId}/codes: the shop stocks the discount codes rewards hand out. */
export const rewardCodesRoute = createRoute({
  method: "put",
  path: "/v1/loyalty/rewards/{rewardId}/codes",
  tags: ["Server"],
  summary: "Add discount codes to a reward's pool",
  description: "Codes already in the pool are ignored; each code is handed out at most once.",
  security: [{ secretKey: [] }],
  request: {
    params: z.object({ rewardId: Id }),
    body: { required: true, content: { "application/json": { schema: z.object({ codes: z.array(z.string().min(1).max(100)).min(1).max(10000) }).openapi("RewardCodes") } } },
  },
  responses: {
    200: { description: "Pool updated", content: { "application/json": { schema: z.object({ added: z.number().int(), available: z.number().int() }) } } },
    ...errorResponses(400, 401, 403, 404, 413),
  },
});

/** POST /v1/customers/{customerId}/actions: the shop awards points for things only it sees (reviews, birthdays, …). */
export const awardActionRoute = createRoute({
  method: "post",
  path: "/v1/customers/{customerId}/actions",
  tags: ["Server"],
  summary: "Award points for an action (review, birthday, account created, …)",
  description: "Idempotent by `id` (e.g. the review id). Applies the program's caps per day and per lifetime; `result` says whether points were awarded or why not.",
  security: [{ secretKey: [] }],
  request: {
    params: z.object({ customerId: Id }),
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({ action: z.enum(ACTIONS).exclude(["referral", "referral_friend", "first_order"]), id: Id, at: z.string().datetime({ offset: true }).optional() }).openapi("LoyaltyAction"),
        },
      },
    },
  },
  responses: {
    200: {
      description: "Outcome",
      content: {
        "application/json": {
          schema: z.object({ result: z.enum(["awarded", "duplicate", "not_in_program", "daily_limit", "lifetime_limit"]), points: z.number().int(), balance: z.number().int() }),
        },
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

/** POST /v1/referrals/visits: the widget reports a referral code so the referrer can be rewarded later. */
export const referralVisitRoute = createRoute({
  method: "post",
  path: "/v1/referrals/visits",
  tags: ["Visitor"],
  summary: "Remember that this shopper arrived through a friend's referral link",
  description: "The widget sends the `rv_ref` code from the landing URL. The first code wins and survives identify; rewards follow the friend's first trusted order.",
  security: [{ publishableKey: [], visitorId: [] }],
  request: { body: { required: true, content: { "application/json": { schema: z.object({ code: z.string().regex(/^[A-Z0-9]{6,20}$/) }).openapi("ReferralVisit") } } } },
  responses: {
    200: { description: "Recorded (or already referred)", content: { "application/json": { schema: z.object({ recorded: z.boolean() }) } } },
    ...errorResponses(400, 401, 403),
  },
});
