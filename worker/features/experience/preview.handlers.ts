import type { AppRouteHandler } from "../../platform/create-router";
import { ApiError } from "../../platform/errors";
import { kvRecSource, topList } from "../../platform/store";
import { knownSegments } from "../offers/offers.schemas";
import { referenceTime } from "../recommendations";
import { buildExperience, memberAccess, recommendationContext } from "./experience";
import { neutralRecommendations } from "./neutral";
import { type FocusNote, focusOffer, focusSurvey, previewLoyalty, previewOffers, previewProfile } from "./preview";
import type { previewRoute } from "./preview.routes";

/**
 * POST /v1/experience/preview: the experience of an invented shopper (preview.ts) under a draft
 * config, built by the same `buildExperience` as GET /v1/experience. Reads the shop's popular
 * products from KV; writes nothing (no profile, visit, code, survey count or audit entry).
 */
export const preview: AppRouteHandler<typeof previewRoute> = async (c) => {
  const { config, locale: asked, segment, focus } = c.req.valid("json");
  const site = c.get("site");
  const now = Date.now();
  const locale = asked ?? config.locale;
  if (segment !== null && !knownSegments(config.segments.map((s) => s.id)).has(segment)) {
    const message = `unknown segment "${segment}": a lifecycle stage, rfm-<group> or one of the config's segments`;
    throw new ApiError(400, "invalid_request", `Invalid json: segment: ${message}`, [{ path: ["segment"], message, code: "custom" }]);
  }
  const [kind, id = ""] = (focus ?? "").split(/:(.*)/s);
  const profile = previewProfile({ config, segment, locale, customer: kind === "loyalty" || kind === "offer", siteId: site.siteId, now });
  const identified = profile.kind === "customer";
  const loyalty = identified ? previewLoyalty(config, locale, now) : null;
  let offers = identified ? previewOffers(config, profile, locale, now) : [];
  let note: FocusNote | null = focus ? { focus, visible: true, reason: null } : null;
  if (kind === "offer") ({ offers, note } = focusOffer(config, id, offers, locale, now));

  const top = await topList(c.env, site.siteId);
  const ctx = recommendationContext(config, locale, "home", null, referenceTime(now, top.latestAt, null));
  const recommendations = await neutralRecommendations(ctx, kvRecSource(c.env, site.siteId, top), memberAccess(config, identified, loyalty));
  const experience = buildExperience({ profile, identified, loyalty, config, catalog: [], recommendations, placement: "home", locale, productId: null, now, offers, arms: [] });
  if (kind === "survey") {
    const shown = focusSurvey(config, id, profile, locale, now);
    experience.survey = shown.question;
    note = shown.note;
  }
  if (kind === "content" && !experience.content[id]) note = { focus: focus as string, visible: false, reason: config.content.slots.some((s) => s.id === id) ? "not_for_segment" : "not_found" };
  const shopper = { kind: profile.kind, segment, visits: profile.visits, orders: profile.orders, points: loyalty?.points ?? null };
  c.header("Cache-Control", "no-store");
  return c.json({ experience, shopper, focus: note }, 200);
};
