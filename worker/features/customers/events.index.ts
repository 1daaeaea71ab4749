import { shopperRef } from "../../app-env";
import { createRouter } from "../../platform/create-router";
import type { StoredEvent } from "../../objects/profile-object";
import { productCategories } from "../../platform/store";
import { eventsRoute } from "./events.routes";
import { profileStub } from "../../platform/stubs";

/** Client clocks drift: event times in the future are clamped to now. */
const MAX_FUTURE_MS = 5 * 60_000;

export const events = createRouter().openapi(eventsRoute, async (c) => {
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
  const result = await profileStub(c.env, ref).recordEvents(ref, stored, categoriesOf, now, site.config.retention.eventsDays);
  return c.json(result, 202);
});
