import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../app-env";
import { checkCsrf, findSession, isSafeMethod } from "../../features/console-auth/session-auth";
import { sessionCookie } from "../../features/console-auth/session-token";
import { timingSafeEqual } from "../crypto";
import { ApiError } from "../errors";
import { resolveKey, siteRuntime } from "../store";

/**
 * POST routes that only read: previews computed from their body (a rule's match count, a draft's
 * experience), POSTs only because the body does not fit in a URL. Viewers may call them and the
 * audit log leaves them out (the console asks on every pause in typing).
 */
export const READ_ONLY_POSTS: ReadonlySet<string> = new Set(["/v1/experience/preview", "/v1/segments/preview"]);

function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return m?.[1] ?? null;
}

/**
 * Server routes. With an `Authorization` header: `Bearer sk_…` of the site (a publishable key is
 * refused, 403). Without one: the merchant console's `revisit_session` cookie opens the session's
 * own site only (the site comes from the session, never from the request), a change needs the
 * CSRF header and a same-origin `Origin` (403 `csrf_failed`), and a viewer may only read (403).
 * Sets `actor` for the audit log, before any refusal, so refused console changes are logged too.
 * A POST in `READ_ONLY_POSTS` only reads: viewers may call it (the CSRF check still applies, since
 * a session's POST is a POST).
 */
export function secretKeyAuth(): MiddlewareHandler<AppEnv> {
  return async function secretKeyAuth(c, next) {
    const header = c.req.header("Authorization");
    if (header === undefined) {
      const signedIn = await findSession(c.env, sessionCookie(c.req.header("Cookie")), Date.now());
      if (!signedIn) throw new ApiError(401, "unauthorized", "Missing `Authorization: Bearer sk_…` (or a valid console session).");
      const { site, session } = signedIn;
      c.set("site", site);
      c.set("actor", { kind: "session", name: session.actor, role: session.role });
      if (!isSafeMethod(c.req.method)) {
        checkCsrf(c, session);
        if (session.role === "viewer" && !READ_ONLY_POSTS.has(c.req.path)) throw new ApiError(403, "forbidden", "Viewers can read but not change anything.");
      }
      return next();
    }
    const key = bearer(header);
    if (!key) throw new ApiError(401, "unauthorized", "Missing `Authorization: Bearer sk_…`.");
    const entry = await resolveKey(c.env, key, Date.now());
    if (!entry) throw new ApiError(401, "unauthorized", "Unknown or expired secret key.");
    if (entry.kind !== "secret") throw new ApiError(403, "forbidden", "This route needs the site's secret key; publishable keys only open visitor routes.");
    const site = await siteRuntime(c.env, entry.siteId);
    if (!site) throw new ApiError(401, "unauthorized", "Unknown site.");
    c.set("site", site);
    c.set("actor", { kind: "secret-key", name: "secret key (API)", role: "owner" });
    await next();
  };
}

/** Admin routes: `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time; closed while unset. Never a console cookie. */
export function adminAuth(): MiddlewareHandler<AppEnv> {
  return async function adminAuth(c, next) {
    const token = bearer(c.req.header("Authorization"));
    const expected = c.env.ADMIN_TOKEN;
    if (!expected) throw new ApiError(401, "unauthorized", "Admin routes are disabled: set the ADMIN_TOKEN secret.");
    if (!token || !timingSafeEqual(token, expected)) throw new ApiError(401, "unauthorized", "Invalid admin token.");
    c.set("actor", { kind: "operator", name: "operator (admin token)", role: "owner" });
    await next();
  };
}
