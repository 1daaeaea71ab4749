import type { Env } from "../env";
import type { OrderResult } from "../objects/profile-object";
import type { Order } from "../schemas/shopper";
import type { SiteRuntime } from "./kv-layout";
import { profileStub } from "./store";

/** Records a trusted order on its customer's profile (shared by the order API and platform webhooks). */
export function recordOrder(env: Env, site: SiteRuntime, order: Order): Promise<OrderResult> {
  const ref = { siteId: site.siteId, kind: "customer", id: order.customerId } as const;
  return profileStub(env, ref).recordOrder(
    ref,
    { id: order.id, email: order.email, items: order.items, total: order.total, currency: order.currency, createdAt: Date.parse(order.createdAt), status: order.status },
    site.config.loyalty.pointsPerUnit,
    Date.now(),
  );
}
