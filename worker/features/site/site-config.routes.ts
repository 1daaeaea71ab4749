import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "../../platform/schemas";
import { SiteConfig } from "./site-config.schemas";

const security = [{ secretKey: [] }];

/** GET /v1/site/config: the shop reads back its current configuration. */
export const getConfigRoute = createRoute({
  method: "get",
  path: "/v1/site/config",
  operationId: "getSiteConfig",
  tags: ["Server"],
  summary: "The site's configuration",
  security,
  description: "The `ETag` header is the configuration's version: send it back as `If-Match` on `PUT` to refuse overwriting a change made in between.",
  responses: {
    200: { description: "Configuration", headers: { ETag: { schema: { type: "string" }, description: "The version, for If-Match" } }, content: { "application/json": { schema: SiteConfig } } },
    ...errorResponses(401, 403),
  },
});

/** PUT /v1/site/config: the shop replaces its whole configuration in one validated document. */
export const putConfigRoute = createRoute({
  method: "put",
  path: "/v1/site/config",
  operationId: "replaceSiteConfig",
  tags: ["Server"],
  summary: "Replace the site's configuration",
  description:
    "Loyalty rules, tiers, surveys, widget settings, allowed origins, webhook endpoints. Omitted fields take their defaults. With `If-Match` (the `ETag` of a `GET`), a configuration changed in between is not overwritten: 412.",
  security,
  request: {
    headers: z.object({ "if-match": z.string().max(100).optional().openapi({ description: "The ETag read with GET; 412 when the configuration changed since" }) }),
    body: { required: true, content: { "application/json": { schema: SiteConfig } } },
  },
  responses: {
    200: { description: "Stored configuration", headers: { ETag: { schema: { type: "string" }, description: "The new version" } }, content: { "application/json": { schema: SiteConfig } } },
    ...errorResponses(400, 401, 403, 412, 413),
  },
});
