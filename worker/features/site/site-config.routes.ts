import { createRoute } from "@hono/zod-openapi";
import { errorResponses } from "../../platform/schemas";
import { SiteConfig } from "./site-config.schemas";

const security = [{ secretKey: [] }];

/** GET /v1/site/config: the shop reads back its current configuration. */
export const getConfigRoute = createRoute({
  method: "get",
  path: "/v1/site/config",
  tags: ["Server"],
  summary: "The site's configuration",
  security,
  responses: { 200: { description: "Configuration", content: { "application/json": { schema: SiteConfig } } }, ...errorResponses(401, 403) },
});

/** PUT /v1/site/config: the shop replaces its whole configuration in one validated document. */
export const putConfigRoute = createRoute({
  method: "put",
  path: "/v1/site/config",
  tags: ["Server"],
  summary: "Replace the site's configuration",
  description: "Loyalty rules, tiers, surveys, widget settings, allowed origins, webhook endpoints. Omitted fields take their defaults.",
  security,
  request: { body: { required: true, content: { "application/json": { schema: SiteConfig } } } },
  responses: { 200: { description: "Stored configuration", content: { "application/json": { schema: SiteConfig } } }, ...errorResponses(400, 401, 403, 413) },
});
