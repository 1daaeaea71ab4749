import type { Context } from "hono";
import type { AppEnv } from "../../app-env";
import type { Env } from "../../env";
import { sha256Hex, timingSafeEqual } from "../../platform/crypto";
import { ApiError } from "../../platform/errors";
import type { SiteRuntime } from "../../platform/kv-layout";
import { siteRuntime } from "../../platform/store";
import { siteStub } from "../../platform/stubs";
import type { SessionRecord } from "./session-store";
import { CSRF_HEADER, siteOfToken } from "./session-token";

/**
 * The edge half of console sessions: a cookie's token → its site and session (one RPC to the
 * site's object, named by the token), and the CSRF rule for changes made with a cookie.
 */

/** A valid session with its site, and the hash it is stored under (to sign it out). */
export interface SignedIn {
  site: SiteRuntime;
  session: SessionRecord;
  hash: string;
}

/** GET and HEAD change nothing, so they need no CSRF proof (and a viewer may make them). */
export function isSafeMethod(method: string): boolean {
  return method === "GET" || method === "HEAD";
}

/**
 * The session a token opens, or null. The site must exist (checked in KV first, so made-up site
 * ids never wake or create an object); the site's object then knows the token only by its hash.
 */
export async function findSession(env: Env, token: string | null, now: number): Promise<SignedIn | null> {
  const siteId = token ? siteOfToken(token) : null;
  if (!token || !siteId) return null;
  const site = await siteRuntime(env, siteId);
  if (!site) return null;
  const hash = await sha256Hex(token);
  const session = await siteStub(env, siteId).session(hash, now);
  return session ? { site, session, hash } : null;
}

/**
 * A change made with the cookie must carry the session's CSRF token in `X-Revisit-CSRF` (compared
 * in constant time) and an `Origin` equal to this request's own origin; otherwise 403 `csrf_failed`.
 * The cookie is SameSite=Strict already; this is the second, independent lock.
 */
export function checkCsrf(c: Context<AppEnv>, session: SessionRecord): void {
  const sent = c.req.header(CSRF_HEADER) ?? "";
  if (!sent || !timingSafeEqual(sent, session.csrf)) throw new ApiError(403, "csrf_failed", `Changes made with the console session need the ${CSRF_HEADER} header from GET /admin/session.`);
  if (c.req.header("Origin") !== new URL(c.req.url).origin) throw new ApiError(403, "csrf_failed", "Changes made with the console session must come from the console's own origin.");
}
