import { createRoute, z } from "@hono/zod-openapi";
import { Currency, Locale, errorResponses } from "../../platform/schemas";
import { SiteConfig } from "./site-config.schemas";

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

/** POST /v1/admin/sites: the deployment's operator creates a site and receives its keys once. */
export const createSiteRoute = createRoute({
  method: "post",
  path: "/v1/admin/sites",
  operationId: "createSite",
  tags: ["Admin"],
  summary: "Create a site",
  description: "Returns the site's keys and secrets once; only hashes of the API keys are kept.",
  security: [{ adminToken: [] }],
  request: { body: { required: true, content: { "application/json": { schema: CreateSite } } } },
  responses: { 201: { description: "Created", content: { "application/json": { schema: Credentials } } }, ...errorResponses(400, 401, 409) },
});

/** POST /v1/admin/sites/{siteId}/keys/rotate: the operator replaces leaked or old keys with a grace period. */
export const rotateKeysRoute = createRoute({
  method: "post",
  path: "/v1/admin/sites/{siteId}/keys/rotate",
  operationId: "adminRotateSiteKeys",
  tags: ["Admin"],
  summary: "Issue new API keys",
  description: "The current keys keep working for `graceSeconds` (default one day), then stop.",
  security: [{ adminToken: [] }],
  request: {
    params: z.object({ siteId: SiteId }),
    body: {
      required: false,
      content: {
        "application/json": {
          schema: z.object({
            graceSeconds: z
              .number()
              .int()
              .min(0)
              .max(30 * 86400)
              .default(86400),
          }),
        },
      },
    },
  },
  responses: {
    200: { description: "New keys", content: { "application/json": { schema: z.object({ siteId: z.string(), publishableKey: z.string(), secretKey: z.string(), oldKeysExpireAt: z.string() }) } } },
    ...errorResponses(400, 401, 404),
  },
});
