import type { Env } from "../../env";
import type { Locale, Offer } from "../../../contract/experience";
import { occasionsFor, offerSubject, presentOffers } from "./offers";
import type { ProfileState } from "../customers/profile";
import type { ProfileRef } from "../customers/profile-types";
import type { SiteRuntime } from "../../platform/kv-layout";
import { profileStub } from "../../platform/stubs";

/**
 * The shopper's offers for `GET /v1/experience`, from the profile snapshot the experience already
 * read: which offers apply is decided here, without I/O (segment membership, tier, orders,
 * birthday in their calendar); only when a coded occasion applies (a lapse, a birthday or
 * anniversary window) is the profile asked for its code, once per occasion. So the common page
 * view costs no extra round trip, and a site without offers costs nothing.
 */
export async function shopperOffers(env: Env, site: SiteRuntime, ref: ProfileRef, profile: ProfileState, locale: Locale, now: number): Promise<Offer[]> {
  const rules = site.config.offers ?? [];
  if (ref.kind !== "customer" || rules.length === 0) return [];
  const occasions = occasionsFor(rules, offerSubject(profile), now);
  if (occasions.length === 0) return [];
  const coded = occasions.filter((o) => o.needsCode);
  try {
    const issued = coded.length
      ? await profileStub(env, ref).issueOffers(
          ref,
          coded,
          rules.filter((r) => coded.some((o) => o.offerId === r.id)),
          now,
        )
      : [];
    return presentOffers(rules, occasions, issued, locale, now);
  } catch (err) {
    // Offers never fail the experience: coded ones are left out until the next visit.
    console.error("offers:", err instanceof Error ? err.message : err);
    return presentOffers(
      rules,
      occasions.filter((o) => !o.needsCode),
      [],
      locale,
      now,
    );
  }
}
