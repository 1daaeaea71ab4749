import type { AppRouteHandler } from "../../platform/create-router";
import { insightsStub, profileObjectId, profileStub } from "../../platform/stubs";
import type { eraseVisitorRoute } from "./visitor.routes";

/** Erases the calling visitor's own profile object; customers are erased only by the shop. */
export const eraseVisitor: AppRouteHandler<typeof eraseVisitorRoute> = async (c) => {
  const ref = { siteId: c.get("site").siteId, kind: "visitor", id: c.get("shopper").visitorId } as const;
  await profileStub(c.env, ref).erase();
  await insightsStub(c.env, ref.siteId).forgetCustomer("", [profileObjectId(c.env, ref)]);
  return c.json({ erased: true as const }, 200);
};
