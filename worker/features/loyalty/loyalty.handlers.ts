import { shopperRef } from "../../app-env";
import type { AppRouteHandler } from "../../platform/create-router";
import { ApiError } from "../../platform/errors";
import { profileStub, siteStub } from "../../platform/stubs";
import type { adjustPointsRoute, awardActionRoute, redeemRoute, referralVisitRoute, rewardCodesRoute } from "./loyalty.routes";

/** Spends a verified customer's points on a reward, idempotently per `Idempotency-Key`; 409 when it cannot. */
export const redeem: AppRouteHandler<typeof redeemRoute> = async (c) => {
  const { rewardId } = c.req.valid("param");
  const site = c.get("site");
  const customerId = c.get("shopper").customerId;
  if (!customerId) throw new ApiError(403, "forbidden", "Redeeming points needs a verified customer identity.");
  const reward = site.config.loyalty.rewards.find((r) => r.id === rewardId);
  if (!reward) throw new ApiError(404, "not_found", `No reward "${rewardId}".`);
  const redemptionId = c.req.valid("header")["idempotency-key"] ?? crypto.randomUUID().replaceAll("-", "");
  const ref = { siteId: site.siteId, kind: "customer", id: customerId } as const;
  const result = await profileStub(c.env, ref).redeem(ref, reward, redemptionId, site.config.loyalty, Date.now());
  if (!result.ok) {
    const message =
      result.code === "insufficient_points"
        ? `This reward costs ${reward.cost} points; the balance is ${result.balance}.`
        : "No code is available for this reward right now; your points were not spent.";
    throw new ApiError(409, "conflict", message, { reason: result.code, balance: result.balance });
  }
  return c.json({ redemptionId: result.redemption.id, rewardId, code: result.redemption.code ?? "", points: result.balance }, 201);
};

/** Notes the referral code on the shopper's profile and, for a known customer, tells the referrer's site at once. */
export const referralVisit: AppRouteHandler<typeof referralVisitRoute> = async (c) => {
  const { code } = c.req.valid("json");
  const site = c.get("site");
  const shopper = c.get("shopper");
  const ref = shopperRef(site.siteId, shopper);
  const recorded = await profileStub(c.env, ref).noteReferral(ref, code, Date.now());
  if (recorded && shopper.customerId) await siteStub(c.env, site.siteId).referralJoined(code, shopper.customerId, null);
  return c.json({ recorded }, 200);
};

/** Adds codes to a configured reward's pool; 404 for a reward the program does not have. */
export const rewardCodes: AppRouteHandler<typeof rewardCodesRoute> = async (c) => {
  const { rewardId } = c.req.valid("param");
  const site = c.get("site");
  if (!site.config.loyalty.rewards.some((r) => r.id === rewardId)) throw new ApiError(404, "not_found", `No reward "${rewardId}" in the loyalty program.`);
  return c.json(await siteStub(c.env, site.siteId).addRewardCodes(rewardId, c.req.valid("json").codes), 200);
};

/** Awards a fixed-point action on the customer's profile, which applies the program's caps and dedupes by id. */
export const awardAction: AppRouteHandler<typeof awardActionRoute> = async (c) => {
  const { customerId } = c.req.valid("param");
  const { action, id, at } = c.req.valid("json");
  const site = c.get("site");
  const ref = { siteId: site.siteId, kind: "customer", id: customerId } as const;
  const now = Date.now();
  return c.json(await profileStub(c.env, ref).awardAction(ref, action, id, site.config.loyalty, at ? Date.parse(at) : now, now), 200);
};

/** Adjusts a customer's points once per Idempotency-Key; refusals are 404 (unknown customer) and 409 with `details.reason`. */
export const adjustPoints: AppRouteHandler<typeof adjustPointsRoute> = async (c) => {
  const { customerId } = c.req.valid("param");
  const { points, reason } = c.req.valid("json");
  const key = c.req.valid("header")["idempotency-key"];
  const site = c.get("site");
  const ref = { siteId: site.siteId, kind: "customer", id: customerId } as const;
  const r = await profileStub(c.env, ref).adjustPoints(ref, key, points, reason, site.config.loyalty, Date.now());
  if (!r.ok) {
    if (r.code === "not_found") throw new ApiError(404, "not_found", `No customer "${customerId}" on this site.`);
    if (r.code === "insufficient_points") throw new ApiError(409, "conflict", `Cannot take ${-points} points: the customer has ${r.balance} to spend.`, { reason: r.code, balance: r.balance });
    throw new ApiError(409, "conflict", "This Idempotency-Key was already used for a different adjustment; use a new key for a new adjustment.", {
      reason: "idempotency_key_reused",
      balance: r.balance,
    });
  }
  // The reason stays out of the audit log: it may name the customer, and the log outlives erasure.
  c.set("auditNote", `${points > 0 ? "+" : ""}${points} points`);
  const adjustment = { idempotencyKey: key, points: r.line.points, reason: r.line.reason, at: new Date(r.line.at).toISOString() };
  return r.duplicate ? c.json({ adjustment, balance: r.balance, duplicate: true }, 200) : c.json({ adjustment, balance: r.balance, duplicate: false }, 201);
};
