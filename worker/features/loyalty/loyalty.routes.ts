import { createRoute, z } from "@hono/zod-openapi";
import { ACTIONS } from "./program";
import { Id, errorResponses } from "../../platform/schemas";

/** The answer of `POST /v1/customers/{id}/points`: the ledger line and the spendable balance after it. */
const AdjustAnswer = z
  .object({
    adjustment: z.object({ idempotencyKey: z.string(), points: z.number().int(), reason: z.string(), at: z.string().openapi({ description: "When it was applied (ISO 8601)" }) }),
    balance: z.number().int().openapi({ description: "Spendable points after the adjustment" }),
    duplicate: z.boolean().openapi({ description: "true when this key had already been applied (nothing new was written)" }),
  })
  .openapi("PointsAdjustmentResult");

/** POST /v1/loyalty/rewards/{rewardId}/redeem: a signed-in shopper spends points on a reward from the widget. */
export const redeemRoute = createRoute({
  method: "post",
  path: "/v1/loyalty/rewards/{rewardId}/redeem",
  operationId: "redeemReward",
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
  operationId: "addRewardCodes",
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
  operationId: "awardActionPoints",
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
  operationId: "recordReferralVisit",
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

/** POST /v1/customers/{customerId}/points: the shop adds or takes points with a reason (the console's "Adjust points"). */
export const adjustPointsRoute = createRoute({
  method: "post",
  path: "/v1/customers/{customerId}/points",
  operationId: "adjustCustomerPoints",
  tags: ["Server"],
  summary: "Adjust a customer's points (goodwill credit, correcting a mistake)",
  description: [
    "Writes one `adjust` line with your reason to the customer's points ledger; the reason shows in the customer view, the export and the console.",
    '**Idempotent:** `Idempotency-Key` is required. Repeating a key with the same `points` and `reason` returns the first result with `duplicate: true` (200) and writes nothing; the same key with a different body is refused (409, `details.reason: "idempotency_key_reused"`). Generate one key per adjustment a person means to make and reuse it when retrying.',
    'Added points can be spent at once and expire like earned points (`expiryDays`); they do not count towards tiers. Taken points are spent like a redemption and cannot take the balance below zero (409, `details.reason: "insufficient_points"`, with the spendable `balance`). 404 for a customer the site has never seen.',
  ].join("\n\n"),
  security: [{ secretKey: [] }],
  request: {
    params: z.object({ customerId: Id }),
    headers: z.object({
      "idempotency-key": z
        .string()
        .regex(/^[A-Za-z0-9_.:-]{1,128}$/, "1–128 letters, digits, _ . : or -")
        .openapi({ description: "Your id for this adjustment (e.g. a UUID)" }),
    }),
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z
            .object({
              points: z
                .number()
                .int()
                .min(-1_000_000)
                .max(1_000_000)
                .refine((n) => n !== 0, "not 0")
                .openapi({ description: "Points to add (positive) or take (negative)" }),
              reason: z
                .string()
                .trim()
                .min(1)
                .max(200)
                // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
                .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "no control characters")
                .openapi({ description: "Why, in words the shop's staff and the customer's export will read" }),
            })
            .openapi("PointsAdjustment"),
        },
      },
    },
  },
  responses: {
    201: { description: "Adjusted", content: { "application/json": { schema: AdjustAnswer } } },
    200: { description: "Already applied with this key (nothing written)", content: { "application/json": { schema: AdjustAnswer } } },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});
