import type { Context } from "hono";
import type { AppEnv } from "../../app-env";
import type { AppRouteHandler } from "../../platform/create-router";
import { randomToken, sha256Hex, timingSafeEqual } from "../../platform/crypto";
import { ApiError } from "../../platform/errors";
import type { SiteRuntime } from "../../platform/kv-layout";
import { bestEffort } from "../../platform/best-effort";
import { resolveKey, siteRuntime } from "../../platform/store";
import { siteStub } from "../../platform/stubs";
import { checkCsrf, findSession } from "./session-auth";
import { SECRET_KEY_OWNER, SESSION_TTL_MS, type SessionRecord, type SessionSubject } from "./session-store";
import { newSessionToken, sessionCookie, sessionSetCookie, siteOfToken } from "./session-token";
import type { getSessionRoute, signInRoute, signOutRoute } from "./session.routes";

/** The answer to sign-in and GET: the session as the console shows it. */
function sessionBody(site: SiteRuntime, s: SessionRecord) {
  return { siteId: site.siteId, siteName: site.config.name, role: s.role, actor: s.actor, csrfToken: s.csrf, expiresAt: new Date(s.expiresAt).toISOString() };
}

/** Sign-in and sign-out go into the site's audit log (they are not behind the /v1 audit middleware). */
function audit(c: Context<AppEnv>, siteId: string, s: Pick<SessionRecord, "actor" | "role">, status: number, summary: string) {
  const entry = { at: Date.now(), actor: s.actor, role: s.role, method: c.req.method, path: "/admin/session", status, summary };
  return bestEffort("audit log", () => siteStub(c.env, siteId).recordAudit(entry));
}

/** Which site and whom a sign-in body names; 401 for a wrong credential (never saying which part was wrong). */
async function subjectOf(c: Context<AppEnv>, body: { secretKey: string } | { adminToken: string; siteId: string } | { inviteToken: string }, now: number) {
  if ("secretKey" in body) {
    const entry = await resolveKey(c.env, body.secretKey, now);
    if (entry?.kind !== "secret") throw new ApiError(401, "unauthorized", "Unknown or expired secret key.");
    return { siteId: entry.siteId, subject: { owner: SECRET_KEY_OWNER } satisfies SessionSubject, how: "secret key" };
  }
  if ("adminToken" in body) {
    const expected = c.env.ADMIN_TOKEN;
    if (!expected || !timingSafeEqual(body.adminToken, expected)) throw new ApiError(401, "unauthorized", "Invalid admin token.");
    return { siteId: body.siteId, subject: { owner: "operator (admin token)" } satisfies SessionSubject, how: "admin token" };
  }
  const siteId = siteOfToken(body.inviteToken);
  if (!siteId) throw new ApiError(401, "unauthorized", "Unknown, expired or revoked invite.");
  return { siteId, subject: { inviteHash: await sha256Hex(body.inviteToken) } satisfies SessionSubject, how: "invite" };
}

/** Opens a session in the site's object (only the token's hash is stored) and sets the cookie. */
export const signIn: AppRouteHandler<typeof signInRoute> = async (c) => {
  const now = Date.now();
  const { siteId, subject, how } = await subjectOf(c, c.req.valid("json"), now);
  const site = await siteRuntime(c.env, siteId);
  if (!site) {
    if (how === "admin token") throw new ApiError(404, "not_found", `No site "${siteId}".`);
    throw new ApiError(401, "unauthorized", "Unknown, expired or revoked invite.");
  }
  const token = newSessionToken(siteId);
  const session = await siteStub(c.env, siteId).openSession({ hash: await sha256Hex(token), csrf: randomToken("", 24) }, subject, now);
  if (!session) throw new ApiError(401, "unauthorized", "Unknown, expired or revoked invite.");
  await audit(c, siteId, session, 200, `signed in (${how})`);
  c.header("Set-Cookie", sessionSetCookie(token, SESSION_TTL_MS / 1000, c.req.url));
  return c.json(sessionBody(site, session), 200);
};

/** The live session of the cookie, or 401. */
export const getSession: AppRouteHandler<typeof getSessionRoute> = async (c) => {
  const signedIn = await findSession(c.env, sessionCookie(c.req.header("Cookie")), Date.now());
  if (!signedIn) throw new ApiError(401, "unauthorized", "Not signed in (or the session has ended).");
  return c.json(sessionBody(signedIn.site, signedIn.session), 200);
};

/** Revokes the session in its object and clears the cookie; CSRF-checked like every change. */
export const signOut: AppRouteHandler<typeof signOutRoute> = async (c) => {
  const signedIn = await findSession(c.env, sessionCookie(c.req.header("Cookie")), Date.now());
  if (!signedIn) throw new ApiError(401, "unauthorized", "Not signed in (or the session has ended).");
  checkCsrf(c, signedIn.session);
  await siteStub(c.env, signedIn.site.siteId).closeSession(signedIn.hash);
  await audit(c, signedIn.site.siteId, signedIn.session, 204, "signed out");
  c.header("Set-Cookie", sessionSetCookie("", 0, c.req.url));
  return c.body(null, 204);
};
