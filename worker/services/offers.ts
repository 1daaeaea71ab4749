import type { Env } from "../env";
import type { Locale, Offer } from "../domain/experience-types";
import type { ProfileRef } from "../objects/profile-object";
import type { SiteRuntime } from "./kv-layout";
import { profileStub } from "./store";

/**
 * The shopper's offers for `GET /v1/experience`: one call to their Profile object, which decides
 * eligibility from its own state (segment membership, tier, orders, birthday in their calendar)
 * and issues codes once per occasion. Costs nothing for visitors or sites without offers, and runs
 * alongside the experience's other reads (it needs nothing they return).
 */
export async function shopperOffers(env: Env, site: SiteRuntime, ref: ProfileRef, locale: Locale, now: number): Promise<Offer[]> {
  const rules = site.config.offers ?? [];
  if (ref.kind !== "customer" || rules.length === 0) return [];
  try {
    return await profileStub(env, ref).offers(ref, rules, locale, now);
  } catch (err) {
    // Offers never fail the experience: without them the widget still greets and recommends.
    console.error("offers:", err instanceof Error ? err.message : err);
    return [];
  }
}
