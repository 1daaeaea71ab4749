/// <reference path="./revisit-ssr.d.ts" />
import { renderBlocks } from "revisit-ssr";
import type { AppRouteHandler } from "../../platform/create-router";
import type { experienceHtmlRoute } from "./experience-html.routes";
import { shopperExperience } from "./experience.service";

/**
 * GET /v1/experience/html: the experience of GET /v1/experience (same service, same visit count)
 * with the page's blocks rendered by the widget's own components (widget/src/server/render.tsx).
 */
export const experienceHtml: AppRouteHandler<typeof experienceHtmlRoute> = async (c) => {
  const { blocks, lang, visitorId: _v, customerId: _c, ...query } = c.req.valid("query");
  const experience = await shopperExperience(c.env, c.get("site"), c.get("shopper"), query, Date.now());
  const rendered = renderBlocks({ experience, placeholders: blocks.split(","), languages: [lang] });
  return c.json({ blocks: rendered, experience }, 200);
};
