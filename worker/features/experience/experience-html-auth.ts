import type { MiddlewareHandler } from "hono";
import { every } from "hono/combine";
import type { AppEnv } from "../../app-env";
import { ApiError } from "../../platform/errors";
import { ipRateLimit, keyRateLimit, visitorRateLimit } from "../../platform/middleware/rate-limit";
import { secretKeyAuth } from "../../platform/middleware/server-auth";
import { visitorAuth } from "../../platform/middleware/visitor-auth";
import { Id, VisitorId } from "../../platform/schemas";

/** With the secret key, the shopper is named in the query (the shop's server says who is signed in). */
const namedShopper: MiddlewareHandler<AppEnv> = async (c, next) => {
  const visitor = VisitorId.safeParse(c.req.query("visitorId"));
  if (!visitor.success) throw new ApiError(400, "invalid_request", "With the secret key, name the shopper: visitorId must be 16-64 characters of [A-Za-z0-9_-].");
  const customer = c.req.query("customerId");
  if (customer !== undefined && !Id.safeParse(customer).success) throw new ApiError(400, "invalid_request", "customerId must be a customer id: 1-128 letters, digits and . _ @ + -.");
  c.set("shopper", { visitorId: visitor.data, customerId: customer ?? null });
  await next();
};

/**
 * Who may ask for rendered blocks (GET /v1/experience/html): the shopper's browser with the
 * publishable key and visitor headers (the chain of GET /v1/experience), or the shop's server with
 * its secret key (with an `Authorization` header), naming the shopper in the query: `visitorId`,
 * and `customerId` for a signed-in customer, trusted as orders from that server are.
 */
export function shopperOrServerAuth(): MiddlewareHandler<AppEnv> {
  const asShopper = every(ipRateLimit(), visitorAuth(), visitorRateLimit());
  const asServer = every(keyRateLimit(), secretKeyAuth(), namedShopper);
  return (c, next) => (c.req.header("Authorization") ? asServer(c, next) : asShopper(c, next));
}
