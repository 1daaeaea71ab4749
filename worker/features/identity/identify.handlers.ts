import type { AppRouteHandler } from "../../platform/create-router";
import { ApiError } from "../../platform/errors";
import { profileStub, siteStub } from "../../platform/stubs";
import type { ProfileRef } from "../customers/profile-types";
import { identityFailureMessage, verifyCustomer } from "./identity";
import type { identifyRoute } from "./identify.routes";

/**
 * Merge order matters for "nothing lost": the customer absorbs a copy of the visitor first, and
 * only then is the visitor cleared. A crash in between leaves data in both, never in neither;
 * the retry is recognised by the visitor's version and not applied twice.
 */
export const identify: AppRouteHandler<typeof identifyRoute> = async (c) => {
  const body = c.req.valid("json");
  const site = c.get("site");
  const now = Date.now();
  const check = await verifyCustomer(body, site.identitySecret, { nowSeconds: Math.floor(now / 1000), requireExpiring: site.config.requireExpiringHash });
  if (!check.ok) throw new ApiError(401, "invalid_customer_hash", identityFailureMessage(check.reason));

  const visitorRef: ProfileRef = { siteId: site.siteId, kind: "visitor", id: c.get("shopper").visitorId };
  const customerRef: ProfileRef = { siteId: site.siteId, kind: "customer", id: body.customerId };
  const visitor = profileStub(c.env, visitorRef);
  const customer = profileStub(c.env, customerRef);
  const payload = await visitor.mergePayload(visitorRef, now);
  const merged = payload.state.version > 0;
  let profile = merged ? await customer.absorb(customerRef, payload, now) : null;
  if (body.firstName !== undefined || body.email !== undefined || !profile) {
    profile = await customer.setTraits(customerRef, { firstName: body.firstName, email: body.email }, now);
  }
  if (merged) await visitor.markMerged(visitorRef, body.customerId, now);
  // A friend who arrived through a referral link has now joined: link them to their referrer.
  if (profile.referredBy) await siteStub(c.env, site.siteId).referralJoined(profile.referredBy, body.customerId, profile.traits.email);
  return c.json({ customerId: body.customerId, visits: profile.visits, merged }, 200);
};
