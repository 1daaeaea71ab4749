import { createRoute } from "@hono/zod-openapi";
import { createRouter } from "../../platform/create-router";
import { ApiError } from "../../platform/errors";
import { errorResponses } from "../../platform/schemas";
import { SiteConfig } from "./site-config.schemas";
import { assertOutboundUrls } from "../../platform/outbound-url-schema";
import { allowsLocalDev } from "../../platform/outbound-url";
import { forgetSite } from "../../platform/store";
import { siteStub } from "../../platform/stubs";

const security = [{ secretKey: [] }];

export const getConfigRoute = createRoute({
  method: "get",
  path: "/v1/site/config",
  tags: ["Server"],
  summary: "The site's configuration",
  security,
  responses: { 200: { description: "Configuration", content: { "application/json": { schema: SiteConfig } } }, ...errorResponses(401, 403) },
});

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

export const siteConfig = createRouter()
  .openapi(getConfigRoute, async (c) => {
    const record = await siteStub(c.env, c.get("site").siteId).get();
    if (!record) throw new ApiError(404, "not_found", "Site not found.");
    return c.json(record.config, 200);
  })
  .openapi(putConfigRoute, async (c) => {
    const siteId = c.get("site").siteId;
    const config = c.req.valid("json");
    // Outbound URLs under this deployment's policy (the schema alone cannot know the dev setting).
    assertOutboundUrls(config, { allowLocalDev: allowsLocalDev(c.env) });
    const saved = await siteStub(c.env, siteId).putConfig(config);
    if (!saved) throw new ApiError(404, "not_found", "Site not found.");
    forgetSite(siteId);
    return c.json(saved, 200);
  });
