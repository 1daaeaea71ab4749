import type { signInRoute } from "../../worker/features/console-auth/session.routes";
import type { inviteStaffRoute } from "../../worker/features/console-auth/staff.routes";
import type { auditRoute } from "../../worker/features/console-auth/audit.routes";
import { call, okJson, server, WORKER_ORIGIN, type RouteJson, type TestSite } from "./helpers";

/** `POST /admin/session` and `GET /admin/session`. */
export type ConsoleSession = RouteJson<typeof signInRoute, 200>;
/** `POST /v1/staff`. */
export type StaffInvite = RouteJson<typeof inviteStaffRoute, 201>;
/** `GET /v1/audit`. */
export type AuditPage = RouteJson<typeof auditRoute, 200>;

/** A signed-in console: its session body and the `Cookie` header a browser would send back. */
export interface Console {
  session: ConsoleSession;
  cookie: string;
}

/** The `revisit_session` Set-Cookie line of a response (the Worker sets no other cookie). */
export function setCookieOf(res: Response): string {
  const line = res.headers.get("Set-Cookie");
  if (!line?.startsWith("revisit_session=")) throw new Error(`no revisit_session cookie (status ${res.status})`);
  return line;
}

/** Signs in through `POST /admin/session` with one credential body; throws unless 200. */
export async function signIn(body: Record<string, string>): Promise<Console> {
  const res = await call("/admin/session", { method: "POST", json: body });
  const cookie = setCookieOf(res).split(";")[0]!;
  return { session: await okJson<ConsoleSession>(res), cookie };
}

/** The owner of a site, signed in with its secret key. */
export const signInOwner = (site: TestSite) => signIn({ secretKey: site.secretKey });

/** Headers of a console request: the cookie, plus for a change the CSRF token and the Worker's own Origin. */
export function asConsole(c: Console, change = true): Record<string, string> {
  return change ? { Cookie: c.cookie, "X-Revisit-CSRF": c.session.csrfToken, Origin: WORKER_ORIGIN } : { Cookie: c.cookie };
}

/** Invites a staff member with the site's secret key; throws unless 201. */
export async function invite(site: TestSite, email: string, role: "editor" | "viewer"): Promise<StaffInvite> {
  return okJson<StaffInvite>(await call("/v1/staff", { method: "POST", headers: server(site), json: { email, role } }), 201);
}

/** The newest audit entries of a site (read with its secret key). */
export async function auditOf(site: TestSite, query = "limit=200"): Promise<AuditPage> {
  return okJson<AuditPage>(await call(`/v1/audit?${query}`, { headers: server(site) }));
}

/** A minimal valid config for PUT /v1/site/config (the site's name is the field tests change). */
export const config = (name: string, extra: Record<string, unknown> = {}) => ({ name, allowedOrigins: ["https://shop.example"], ...extra });
