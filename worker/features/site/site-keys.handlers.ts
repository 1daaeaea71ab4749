import type { AppRouteHandler } from "../../platform/create-router";
import { ApiError } from "../../platform/errors";
import { HOUR_MS } from "../../platform/time";
import { rotateSiteKeys } from "./site-keys";
import type { rotateOwnKeysRoute } from "./site-keys.routes";

/**
 * Rotates the calling site's keys. Owner only: an editor holding the new secret key could do
 * everything the owner can (staff included), so handing one out is the owner's call.
 */
export const rotateOwnKeys: AppRouteHandler<typeof rotateOwnKeysRoute> = async (c) => {
  if (c.get("actor")?.role !== "owner") throw new ApiError(403, "forbidden", "Only the owner can rotate the site's keys.");
  const graceHours = (c.req.valid("json") as { graceHours?: number } | undefined)?.graceHours ?? 24;
  const siteId = c.get("site").siteId;
  const rotated = await rotateSiteKeys(c.env, siteId, (graceHours * HOUR_MS) / 1000, Date.now());
  if (!rotated) throw new ApiError(404, "not_found", "Site not found.");
  // The audit log says when the old keys end, never the keys.
  c.set("auditNote", `rotated keys; old keys end ${rotated.oldKeysExpireAt}`);
  return c.json({ siteId, graceHours, ...rotated }, 201);
};
