import type { AppRouteHandler } from "../../platform/create-router";
import { ApiError } from "../../platform/errors";
import { allowsLocalDev } from "../../platform/outbound-url";
import { assertOutboundUrls } from "../../platform/outbound-url-schema";
import { forgetSite } from "../../platform/store";
import { insightsStub, siteStub } from "../../platform/stubs";
import type { getConfigRoute, putConfigRoute } from "./site-config.routes";
import { changedKeys } from "../console-auth/audit-log";
import { configVersion } from "./site-record";

/** Reads the stored configuration from the site object. */
export const getConfig: AppRouteHandler<typeof getConfigRoute> = async (c) => {
  const record = await siteStub(c.env, c.get("site").siteId).get();
  if (!record) throw new ApiError(404, "not_found", "Site not found.");
  c.header("ETag", `"${configVersion(record.config)}"`);
  return c.json(record.config, 200);
};

/** Checks outbound URLs under this deployment's policy, stores the configuration and drops the cached site. */
export const putConfig: AppRouteHandler<typeof putConfigRoute> = async (c) => {
  const siteId = c.get("site").siteId;
  const config = c.req.valid("json");
  // Outbound URLs under this deployment's policy (the schema alone cannot know the dev setting).
  assertOutboundUrls(config, { allowLocalDev: allowsLocalDev(c.env) });
  // If-Match (optional): the version read with GET; a stale one means someone saved in between.
  const ifMatch = c.req.header("If-Match")?.trim().replace(/^W\//, "").replace(/^"|"$/g, "") || null;
  const saved = await siteStub(c.env, siteId).putConfig(config, ifMatch === "*" ? null : ifMatch);
  if (!saved) throw new ApiError(404, "not_found", "Site not found.");
  if (saved === "stale") throw new ApiError(412, "precondition_failed", "The configuration changed since it was read (If-Match). Read it again, reapply your change and retry.");
  // For the audit log: which top-level keys changed (names only), against the config auth loaded (cached, so cheap; may be seconds stale).
  const changed = changedKeys(c.get("site").config, saved);
  c.set("auditNote", changed.length ? `changed ${changed.join(", ")}` : "no change");
  // Insights count days in the site's zone (a change re-buckets their order and loyalty figures).
  await insightsStub(c.env, siteId).setTimeZone(saved.timeZone);
  forgetSite(siteId);
  c.header("ETag", `"${configVersion(saved)}"`);
  return c.json(saved, 200);
};
