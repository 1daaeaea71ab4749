import type { Env } from "./env";
import type { ProfileRef } from "./features/customers/profile-types";
import type { SiteRuntime } from "./platform/kv-layout";
import type { Actor } from "./features/console-auth/audit-log";

/** Who a visitor request is for, after the key, origin and customer hash were checked. */
export interface Shopper {
  visitorId: string;
  /** Set only when the request carried a valid customer hash. */
  customerId: string | null;
}

/**
 * Hono environment shared by every route: bindings plus what auth middleware resolved. `actor`
 * (who: secret key, console session or operator, with a role) is set by server and admin auth for
 * the audit log and role checks; `auditNote` is what a handler adds to its audit summary
 * (e.g. the config keys it changed; never values).
 */
export interface AppEnv {
  Bindings: Env;
  Variables: { site: SiteRuntime; shopper: Shopper; corsOrigin: string | null; actor: Actor; auditNote: string };
}

/** The profile a shopper's request reads and writes: the customer's once verified, else the visitor's. */
export function shopperRef(siteId: string, s: Shopper): ProfileRef {
  return s.customerId ? { siteId, kind: "customer", id: s.customerId } : { siteId, kind: "visitor", id: s.visitorId };
}
