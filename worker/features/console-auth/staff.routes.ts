import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "../../platform/schemas";

const security = [{ secretKey: [] }];
const StaffId = z.string().regex(/^st_[0-9a-f]{16}$/, "a staff id (st_…)");

const StaffMember = z
  .object({
    id: z.string().openapi({ example: "st_3f2a9c0d11e4b5a6" }),
    email: z.string(),
    role: z.enum(["editor", "viewer"]),
    invitedAt: z.string(),
    inviteExpiresAt: z.string().openapi({ description: "After this the invite no longer signs in (sessions already open run their 12 hours); invite again for a new one" }),
  })
  .openapi("StaffMember");

const Invite = StaffMember.extend({
  inviteToken: z.string().openapi({ description: "Shown once (only its hash is kept). Signs in with `POST /admin/session {inviteToken}` until revoked or expired; reusable until then" }),
  inviteUrl: z.string().openapi({ description: "The console's sign-in link with the token: `<origin>/admin/?invite=<token>`" }),
}).openapi("StaffInvite");

/** POST /v1/staff: the owner invites a staff member (or re-invites: the old invite stops working). */
export const inviteStaffRoute = createRoute({
  method: "post",
  path: "/v1/staff",
  operationId: "inviteStaff",
  tags: ["Console"],
  summary: "Invite a staff member to the merchant console",
  description:
    "Owner only (the secret key, or a console session with role `owner`). The invite token is answered once and expires in 7 days. Inviting the same email again replaces the invite and role, keeps the id, and signs out the member's sessions.",
  security,
  request: {
    body: {
      required: true,
      content: {
        "application/json": { schema: z.object({ email: z.email().max(254), role: z.enum(["editor", "viewer"]).openapi({ description: "`editor`: every change but staff; `viewer`: reads only" }) }) },
      },
    },
  },
  responses: { 201: { description: "Invited", content: { "application/json": { schema: Invite } } }, ...errorResponses(400, 401, 403, 413) },
});

/** GET /v1/staff: the console lists the team (never their invite tokens). */
export const listStaffRoute = createRoute({
  method: "get",
  path: "/v1/staff",
  operationId: "listStaff",
  tags: ["Console"],
  summary: "Staff members",
  description: "Every invited staff member with their role, by email. Invite tokens are never listed.",
  security,
  responses: { 200: { description: "Staff", content: { "application/json": { schema: z.object({ staff: z.array(StaffMember) }) } } }, ...errorResponses(401, 403) },
});

/** DELETE /v1/staff/{id}: the owner revokes a staff member; their invite and every session stop working at once. */
export const removeStaffRoute = createRoute({
  method: "delete",
  path: "/v1/staff/{id}",
  operationId: "revokeStaff",
  tags: ["Console"],
  summary: "Revoke a staff member",
  description: "Owner only. Removes the member, so their invite no longer signs in, and revokes every session they hold.",
  security,
  request: { params: z.object({ id: StaffId }) },
  responses: { 200: { description: "Revoked", content: { "application/json": { schema: z.object({ id: z.string(), revoked: z.literal(true) }) } } }, ...errorResponses(400, 401, 403, 404) },
});
