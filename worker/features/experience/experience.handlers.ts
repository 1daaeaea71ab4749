import type { AppRouteHandler } from "../../platform/create-router";
import type { experienceRoute } from "./experience.routes";
import { shopperExperience } from "./experience.service";

/** GET /v1/experience: everything the widget shows this shopper now (experience.service.ts). */
export const experience: AppRouteHandler<typeof experienceRoute> = async (c) => {
  const body = await shopperExperience(c.env, c.get("site"), c.get("shopper"), c.req.valid("query"), Date.now());
  c.header("Cache-Control", "no-store");
  return c.json(body, 200);
};
