import { createRouter } from "../../platform/create-router";
import * as handlers from "./loyalty.handlers";
import * as routes from "./loyalty.routes";

/** Visitor-side loyalty: redeeming needs a verified customer; a referral visit works for anyone. */
export const loyaltyVisitor = createRouter().openapi(routes.redeemRoute, handlers.redeem).openapi(routes.referralVisitRoute, handlers.referralVisit);

/** Server-side loyalty: reward code pools, fixed-point actions and the shop's own point adjustments. */
export const loyaltyServer = createRouter()
  .openapi(routes.rewardCodesRoute, handlers.rewardCodes)
  .openapi(routes.awardActionRoute, handlers.awardAction)
  .openapi(routes.adjustPointsRoute, handlers.adjustPoints);
