import type { Context } from "hono";
import type { AppEnv } from "../../app-env";
import type { AppRouteHandler } from "../../platform/create-router";
import { randomToken, sha256Hex } from "../../platform/crypto";
import { ApiError } from "../../platform/errors";
import { siteStub } from "../../platform/stubs";
import type { StaffMember } from "./session-store";
import { newInviteToken } from "./session-token";
import type { inviteStaffRoute, listStaffRoute, removeStaffRoute } from "./staff.routes";

/** Only the owner manages staff: an editor could otherwise invite themselves a wider team. */
function ownerOnly(c: Context<AppEnv>): void {
  if (c.get("actor")?.role !== "owner") throw new ApiError(403, "forbidden", "Only the owner manages staff.");
}

const view = (m: StaffMember) => ({ id: m.id, email: m.email, role: m.role, invitedAt: new Date(m.invitedAt).toISOString(), inviteExpiresAt: new Date(m.inviteExpiresAt).toISOString() });

/** Stores the invite by its hash and answers the token once, with the console link that signs in with it. */
export const inviteStaff: AppRouteHandler<typeof inviteStaffRoute> = async (c) => {
  ownerOnly(c);
  const { email, role } = c.req.valid("json");
  const siteId = c.get("site").siteId;
  const inviteToken = newInviteToken(siteId);
  const m = await siteStub(c.env, siteId).inviteStaff(randomToken("st_", 8), email, role, await sha256Hex(inviteToken), Date.now());
  c.set("auditNote", `invited ${m.email} as ${m.role}`);
  const inviteUrl = `${new URL(c.req.url).origin}/admin/?invite=${encodeURIComponent(inviteToken)}`;
  return c.json({ ...view(m), inviteToken, inviteUrl }, 201);
};

/** The site's staff, by email. */
export const listStaff: AppRouteHandler<typeof listStaffRoute> = async (c) => {
  const staff = await siteStub(c.env, c.get("site").siteId).staff();
  return c.json({ staff: staff.map(view) }, 200);
};

/** Removes the member and their sessions; 404 for an unknown id. */
export const removeStaff: AppRouteHandler<typeof removeStaffRoute> = async (c) => {
  ownerOnly(c);
  const { id } = c.req.valid("param");
  const m = await siteStub(c.env, c.get("site").siteId).removeStaff(id);
  if (!m) throw new ApiError(404, "not_found", "No such staff member.");
  c.set("auditNote", `revoked ${m.email}`);
  return c.json({ id: m.id, revoked: true as const }, 200);
};
