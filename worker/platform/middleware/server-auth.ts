import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../app-env";
import { timingSafeEqual } from "../crypto";
import { ApiError } from "../errors";
import { resolveKey, siteRuntime } from "../store";

function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return m?.[1] ?? null;
}

/** Server routes: `Authorization: Bearer sk_…` of the site; a publishable key is refused (403). */
export function secretKeyAuth(): MiddlewareHandler<AppEnv> {
  return async function secretKeyAuth(c, next) {
    const key = bearer(c.req.header("Authorization"));
    if (!key) throw new ApiError(401, "unauthorized", "Missing `Authorization: Bearer sk_…`.");
    const entry = await resolveKey(c.env, key, Date.now());
    if (!entry) throw new ApiError(401, "unauthorized", "Unknown or expired secret key.");
    if (entry.kind !== "secret") throw new ApiError(403, "forbidden", "This route needs the site's secret key; publishable keys only open visitor routes.");
    const site = await siteRuntime(c.env, entry.siteId);
    if (!site) throw new ApiError(401, "unauthorized", "Unknown site.");
    c.set("site", site);
    await next();
  };
}

/** Admin routes: `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time; closed while unset. */
export function adminAuth(): MiddlewareHandler<AppEnv> {
  return async function adminAuth(c, next) {
    const token = bearer(c.req.header("Authorization"));
    const expected = c.env.ADMIN_TOKEN;
    if (!expected) throw new ApiError(401, "unauthorized", "Admin routes are disabled: set the ADMIN_TOKEN secret.");
    if (!token || !timingSafeEqual(token, expected)) throw new ApiError(401, "unauthorized", "Invalid admin token.");
    await next();
  };
}
