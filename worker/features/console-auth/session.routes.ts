import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "../../platform/schemas";

const SignIn = z
  .union([
    z.strictObject({ secretKey: z.string().min(1).max(300).openapi({ description: "The site's secret key (sk_…): signs in as the owner" }) }),
    z.strictObject({
      adminToken: z.string().min(1).max(500).openapi({ description: "The deployment's ADMIN_TOKEN: the operator signs in as the owner of `siteId`" }),
      siteId: z.string().min(1).max(40),
    }),
    z.strictObject({ inviteToken: z.string().min(1).max(300).openapi({ description: "A staff invite from POST /v1/staff: signs in with the invite's role" }) }),
  ])
  .openapi("ConsoleSignIn");

/** What the console knows about its session; the same answer to sign-in and to GET. */
export const ConsoleSession = z
  .object({
    siteId: z.string(),
    siteName: z.string(),
    role: z.enum(["owner", "editor", "viewer"]).openapi({ description: "`owner`: everything; `editor`: every change but staff; `viewer`: reads only" }),
    actor: z.string().openapi({ description: "Who the audit log names: `owner (secret key)`, `operator (admin token)` or the staff email" }),
    csrfToken: z.string().openapi({ description: "Send it as `X-Revisit-CSRF` on every change made with the session cookie" }),
    expiresAt: z.string().openapi({ description: "When the session ends (12 hours after sign-in); sign in again after" }),
  })
  .openapi("ConsoleSession");

const tags = ["Console"];
const cookieNote =
  "The session is the HttpOnly, SameSite=Strict cookie `revisit_session` (Secure except on localhost): no key is kept in the browser. With it the console calls the `/v1` server routes without `Authorization`; every change (not GET/HEAD) must also send `X-Revisit-CSRF` and an `Origin` equal to this Worker's origin (403 `csrf_failed`). The cookie never opens `/v1/admin/*`.";

/** POST /admin/session: the merchant console signs in with a secret key, the admin token and a site, or a staff invite. */
export const signInRoute = createRoute({
  method: "post",
  path: "/admin/session",
  operationId: "signInToConsole",
  tags,
  summary: "Sign in to the merchant console",
  description: `Exchanges one credential for a 12-hour console session. ${cookieNote} Wrong credentials answer 401; attempts are rate limited per IP.`,
  // Public on purpose: the credential is in the body (this is where a session starts).
  security: [],
  request: { body: { required: true, content: { "application/json": { schema: SignIn } } } },
  responses: {
    200: { description: "Signed in; `Set-Cookie: revisit_session=…`", content: { "application/json": { schema: ConsoleSession } } },
    ...errorResponses(400, 401, 404, 413),
  },
});

/** GET /admin/session: the console (re)loads and learns who is signed in, and its CSRF token. */
export const getSessionRoute = createRoute({
  method: "get",
  path: "/admin/session",
  operationId: "getConsoleSession",
  tags,
  summary: "The current console session",
  description: `401 without a live session (signed out, expired, or its staff member revoked). ${cookieNote}`,
  security: [{ consoleSession: [] }],
  responses: { 200: { description: "The session", content: { "application/json": { schema: ConsoleSession } } }, ...errorResponses(401) },
});

/** DELETE /admin/session: signs out; the session is revoked server-side, so a copied cookie stops working too. */
export const signOutRoute = createRoute({
  method: "delete",
  path: "/admin/session",
  operationId: "signOutOfConsole",
  tags,
  summary: "Sign out of the console",
  description: "Revokes the session and clears the cookie. Needs `X-Revisit-CSRF` and a same-origin `Origin` like every change made with the cookie.",
  security: [{ consoleSession: [] }],
  responses: { 204: { description: "Signed out; the cookie is cleared" }, ...errorResponses(401, 403) },
});
