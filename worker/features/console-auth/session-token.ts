import { randomToken } from "../../platform/crypto";

/**
 * Console session and invite tokens, and the session cookie, as pure functions. A token is
 * `<siteId>.<random>`: the Worker learns from it which SiteObject to ask, and that object knows
 * only the SHA-256 of the whole token, so changing the site part of a real token gives a token
 * no object knows.
 */

/** The session cookie's name. */
export const SESSION_COOKIE = "revisit_session";
/** The header the console echoes its CSRF token in on every change. */
export const CSRF_HEADER = "X-Revisit-CSRF";

const TOKEN = /^([a-z0-9][a-z0-9-]{1,39})\.([A-Za-z0-9_]{16,200})$/;

/** A new session token for a site (256 random bits). */
export function newSessionToken(siteId: string): string {
  return randomToken(`${siteId}.`, 32);
}

/** A new staff invite token for a site (256 random bits); `inv_` tells it apart from a session token when pasted. */
export function newInviteToken(siteId: string): string {
  return randomToken(`${siteId}.inv_`, 32);
}

/** The site a session or invite token names, or null when it is not shaped like one. */
export function siteOfToken(token: string): string | null {
  return TOKEN.exec(token)?.[1] ?? null;
}

/** The session token in a `Cookie` header, or null. */
export function sessionCookie(header: string | undefined): string | null {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

/** Plain-HTTP local development (wrangler dev) is the only place a cookie goes without `Secure`. */
function isLocal(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

/**
 * `Set-Cookie` for a session: HttpOnly (no script reads it), SameSite=Strict (no other site's page
 * sends it), Path=/ (the console calls /v1 and /admin/session), Secure except on localhost.
 * `maxAgeSeconds` 0 with an empty token clears it.
 */
export function sessionSetCookie(token: string, maxAgeSeconds: number, requestUrl: string): string {
  return `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}${isLocal(requestUrl) ? "" : "; Secure"}`;
}
