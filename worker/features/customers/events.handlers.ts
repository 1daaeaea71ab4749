import { shopperRef } from "../../app-env";
import type { AppRouteHandler } from "../../platform/create-router";
import { productCategories } from "../../platform/store";
import { profileStub } from "../../platform/stubs";
import type { eventsRoute } from "./events.routes";
import type { StoredEvent } from "./profile-types";

/** Client clocks drift: event times in the future are clamped to now. */
const MAX_FUTURE_MS = 5 * 60_000;

/** Stamps the batch with trusted times and the viewed products' categories, then records it on the shopper's profile. */
export const events: AppRouteHandler<typeof eventsRoute> = async (c) => {
  const { events: batch } = c.req.valid("json");
  const site = c.get("site");
  const now = Date.now();
  const stored = batch.map((e) => {
    const t = e.at ? Date.parse(e.at) : now;
    return { ...e, at: t > now + MAX_FUTURE_MS ? now : t } as StoredEvent;
  });
  const viewed = new Set(batch.flatMap((e) => (e.type === "product_view" ? [e.productId] : [])));
  const categoriesOf = await productCategories(c.env, site.siteId, [...viewed]);
  const ref = shopperRef(site.siteId, c.get("shopper"));
  const result = await profileStub(c.env, ref).recordEvents(ref, stored, categoriesOf, now, site.config.retention.eventsDays, site.config.insights.attributionDays);
  return c.json(result, 202);
};
