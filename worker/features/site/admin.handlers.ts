import type { AppRouteHandler } from "../../platform/create-router";
import { randomToken } from "../../platform/crypto";
import { ApiError } from "../../platform/errors";
import type { SiteRecord } from "./site-record";
import { forgetSite } from "../../platform/store";
import { siteStub } from "../../platform/stubs";
import { SiteConfig } from "./site-config.schemas";
import type { createSiteRoute, rotateKeysRoute } from "./admin.routes";
import { keyRecords, newKeyPair, rotateSiteKeys } from "./site-keys";

/** Creates the site object with fresh (or brought) credentials; 409 when the id is taken. */
export const createSite: AppRouteHandler<typeof createSiteRoute> = async (c) => {
  const body = c.req.valid("json");
  const siteId = body.id ?? randomToken("site-", 6);
  const creds = body.credentials ?? {
    ...newKeyPair(),
    identitySecret: randomToken("", 32),
    webhookSecret: `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(24))))}`,
    shopifySecret: randomToken("", 32),
  };
  const config = SiteConfig.parse({ name: body.name, allowedOrigins: body.allowedOrigins, currency: body.currency, locale: body.locale });
  const record: SiteRecord = {
    id: siteId,
    createdAt: Date.now(),
    config,
    secrets: { identitySecret: creds.identitySecret, webhookSecret: creds.webhookSecret, shopifySecret: creds.shopifySecret },
    keys: await keyRecords(creds.publishableKey, creds.secretKey),
  };
  const outcome = await siteStub(c.env, siteId).create(record);
  if (outcome === "exists") throw new ApiError(409, "conflict", `Site "${siteId}" already exists.`);
  forgetSite(siteId);
  return c.json({ siteId, ...creds }, 201);
};

/** Issues new keys and lets the old ones expire after the grace period; 404 for an unknown site. */
export const rotateKeys: AppRouteHandler<typeof rotateKeysRoute> = async (c) => {
  const { siteId } = c.req.valid("param");
  const graceSeconds = (c.req.valid("json") as { graceSeconds?: number } | undefined)?.graceSeconds ?? 86400;
  const rotated = await rotateSiteKeys(c.env, siteId, graceSeconds, Date.now());
  if (!rotated) throw new ApiError(404, "not_found", `No site "${siteId}".`);
  return c.json({ siteId, ...rotated }, 200);
};
