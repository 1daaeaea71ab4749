import type { Env } from "../../env";
import type { LoyaltySummary } from "../../../contract/experience";
import type { ProfileState } from "./profile";
import type { ProfileRef } from "./profile-types";
import type { SiteRuntime } from "../../platform/kv-layout";
import { customerLoyalty } from "../loyalty/loyalty.service";
import { insightsStub, outboxStub, profileObjectId, profileStub, siteStub } from "../../platform/stubs";

export const customerRef = (siteId: string, id: string): ProfileRef => ({ siteId, kind: "customer", id });

/** The profile as the server API shows it (the v1 contract, /openapi.json), or null when the customer is unknown. */
export async function customerView(env: Env, site: SiteRuntime, customerId: string) {
  const ref = customerRef(site.siteId, customerId);
  const now = Date.now();
  const [{ exists, state, orders, offers }, indexed] = await Promise.all([profileStub(env, ref).view(ref, now), siteStub(env, site.siteId).customer(customerId)]);
  if (!exists) return null;
  const loyalty = await customerLoyalty(env, site, customerId, state.traits.locale ?? site.config.locale, now);
  return { ...present(state, orders, loyalty, indexed), offers };
}

function present(
  p: ProfileState,
  orders: { id: string; status: string; total: number; refunded: number; currency: string; created_at: number; points: number }[],
  loyalty: LoyaltySummary,
  indexed: { stage: string; rfm: { r: number; f: number; m: number; group: string } | null; segments: string[] } | null,
) {
  const stage = indexed?.stage ?? null;
  return {
    customerId: p.id,
    traits: p.traits,
    visits: p.visits,
    firstSeen: iso(p.createdAt),
    lastSeen: iso(p.lastSeen),
    cart: p.cart ? { items: p.cart.items, updatedAt: iso(p.cart.updatedAt) } : null,
    /** Products saved for later (features/wishlist), newest first, with the price and stock when saved. */
    saved: (p.saved ?? []).map((s) => ({ productId: s.productId, savedAt: iso(s.at), priceWhenSaved: s.price, inStockWhenSaved: s.inStock })),
    loyalty: { ...loyalty, referredBy: p.referredBy },
    orders: {
      count: p.orders,
      spend: p.spend,
      lastOrderAt: iso(p.lastOrderAt),
      recent: orders.map((o) => ({ id: o.id, status: o.status, total: o.total, refunded: o.refunded, currency: o.currency, createdAt: iso(o.created_at), points: o.points })),
    },
    surveyAnswers: Object.entries(p.answers).map(([key, a]) => ({
      key,
      answers: a.answers,
      tags: a.tags,
      score: a.score ?? null,
      text: a.text ?? null,
      traits: a.traits ?? {},
      at: iso(a.at),
      source: a.source,
      consent: a.consent ?? null,
    })),
    /** Traits the survey answers mapped to (e.g. skinType), for segments and the shop's own tools. */
    attributes: p.attributes ?? {},
    surveys: Object.fromEntries(Object.entries(p.surveys ?? {}).map(([id, s]) => [id, { completedAt: iso(s.completedAt), dismissedAt: iso(s.dismissedAt) }])),
    interests: { recentlyViewed: p.recentlyViewed, categories: p.categoryViews },
    lifecycleStage: stage,
    segments: [...(stage ? [stage] : []), ...(indexed?.rfm ? [`rfm-${indexed.rfm.group.replaceAll("_", "-")}`] : []), ...(indexed?.segments ?? [])],
    rfm: indexed?.rfm ?? null,
  };
}

/** Erases a customer everywhere: profile, the visitor profiles merged into it, the site index, insights and webhook events about them. */
export async function eraseCustomer(env: Env, siteId: string, customerId: string): Promise<{ existed: boolean; visitorsErased: number }> {
  const ref = customerRef(siteId, customerId);
  const stub = profileStub(env, ref);
  const { exists } = await stub.view(ref, Date.now());
  const visitors = await stub.erase();
  await Promise.all(visitors.map((id) => profileStub(env, { siteId, kind: "visitor", id }).erase()));
  const indexed = await siteStub(env, siteId).removeCustomer(customerId);
  await outboxStub(env, siteId).forget(customerId);
  // Their share leaves every insight; experiment counts forget them and their merged visitors.
  const shoppers = [ref, ...visitors.map((id) => ({ siteId, kind: "visitor" as const, id }))].map((r) => profileObjectId(env, r));
  await insightsStub(env, siteId).forgetCustomer(customerId, shoppers);
  return { existed: exists || indexed, visitorsErased: visitors.length };
}

const iso = (ms: number | null) => (ms ? new Date(ms).toISOString() : null);
