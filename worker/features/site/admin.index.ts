import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../platform/create-router";
import { randomToken, sha256Hex } from "../../platform/crypto";
import { ApiError } from "../../platform/errors";
import type { SiteRecord } from "../../objects/site-object";
import { Currency, Locale, errorResponses } from "../../platform/schemas";
import { SiteConfig } from "./site-config.schemas";
import { forgetSite } from "../../platform/store";
import { siteStub } from "../../platform/stubs";

const SiteId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "2-40 lowercase letters, digits and -");
const Key = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[A-Za-z0-9_]{8,100}$`));

const CreateSite = z
  .object({
    id: SiteId.optional().openapi({ description: "Chosen id; generated when omitted" }),
    name: z.string().min(1).max(200),
    allowedOrigins: SiteConfig.shape.allowedOrigins,
    currency: Currency.default("USD"),
    locale: Locale.default("en"),
    /** Bring existing credentials (moving a site between deployments, or the fixed demo shop). */
    credentials: z
      .object({
        publishableKey: Key("pk_"),
        secretKey: Key("sk_"),
        identitySecret: z.string().min(16).max(200),
        webhookSecret: z.string().min(16).max(200),
        shopifySecret: z.string().min(16).max(200),
      })
      .optional(),
  })
  .openapi("CreateSite");

const Credentials = z
  .object({ siteId: z.string(), publishableKey: z.string(), secretKey: z.string(), identitySecret: z.string(), webhookSecret: z.string(), shopifySecret: z.string() })
  .openapi("SiteCredentials");

export const createSiteRoute = createRoute({
  method: "post",
  path: "/v1/admin/sites",
  tags: ["Admin"],
  summary: "Create a site",
  description: "Returns the site's keys and secrets once; only hashes of the API keys are kept.",
  security: [{ adminToken: [] }],
  request: { body: { required: true, content: { "application/json": { schema: CreateSite } } } },
  responses: { 201: { description: "Created", content: { "application/json": { schema: Credentials } } }, ...errorResponses(400, 401, 409) },
});

export const rotateKeysRoute = createRoute({
  method: "post",
  path: "/v1/admin/sites/{siteId}/keys/rotate",
  tags: ["Admin"],
  summary: "Issue new API keys",
  description: "The current keys keep working for `graceSeconds` (default one day), then stop.",
  security: [{ adminToken: [] }],
  request: {
    params: z.object({ siteId: SiteId }),
    body: { required: false, content: { "application/json": { schema: z.object({ graceSeconds: z.number().int().min(0).max(30 * 86400).default(86400) }) } } },
  },
  responses: {
    200: { description: "New keys", content: { "application/json": { schema: z.object({ siteId: z.string(), publishableKey: z.string(), secretKey: z.string(), oldKeysExpireAt: z.string() }) } } },
    ...errorResponses(400, 401, 404),
  },
});

async function keyRecords(pk: string, sk: string): Promise<SiteRecord["keys"]> {
  return [
    { hash: await sha256Hex(pk), kind: "publishable", expiresAt: null },
    { hash: await sha256Hex(sk), kind: "secret", expiresAt: null },
  ];
}

export const admin = createRouter()
  .openapi(createSiteRoute, async (c) => {
    const body = c.req.valid("json");
    const siteId = body.id ?? randomToken("site-", 6);
    const creds = body.credentials ?? {
      publishableKey: randomToken("pk_live_"),
      secretKey: randomToken("sk_live_"),
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
  })
  .openapi(rotateKeysRoute, async (c) => {
    const { siteId } = c.req.valid("param");
    const graceSeconds = (c.req.valid("json") as { graceSeconds?: number } | undefined)?.graceSeconds ?? 86400;
    const publishableKey = randomToken("pk_live_");
    const secretKey = randomToken("sk_live_");
    const now = Date.now();
    const ok = await siteStub(c.env, siteId).rotateKeys(await keyRecords(publishableKey, secretKey), graceSeconds, now);
    if (!ok) throw new ApiError(404, "not_found", `No site "${siteId}".`);
    return c.json({ siteId, publishableKey, secretKey, oldKeysExpireAt: new Date(now + graceSeconds * 1000).toISOString() }, 200);
  });
