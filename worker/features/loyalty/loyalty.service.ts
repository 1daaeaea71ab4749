import type { Env } from "../../env";
import type { Locale, LoyaltySummary } from "../../../contract/experience";
import { loyaltySummary } from "./index";
import type { LoyaltyState } from "./loyalty-flow";
import type { ReferralProgress } from "./site-loyalty";
import type { SiteRuntime } from "../../platform/kv-layout";
import { profileStub, siteStub } from "../../platform/stubs";

/** The shop's referral landing link for a code: the template, or the first allowed origin. */
export function referralUrl(site: SiteRuntime, code: string): string {
  const template = site.config.referralUrlTemplate ?? `${site.config.allowedOrigins[0] ?? ""}/?rv_ref={code}`;
  return template.replace("{code}", encodeURIComponent(code));
}

/** A customer's loyalty block: ledger facts from their profile, referral progress from the site. */
export async function customerLoyalty(env: Env, site: SiteRuntime, customerId: string, locale: Locale, now: number): Promise<LoyaltySummary> {
  const ref = { siteId: site.siteId, kind: "customer", id: customerId } as const;
  const facts = await profileStub(env, ref).loyalty(ref, site.config.loyalty, now);
  return loyaltyBlock(env, site, customerId, facts, locale);
}

/**
 * The loyalty block from facts already read from the customer's profile (the experience gets them,
 * and the referral progress the profile keeps, in the same call that counts the visit).
 */
export async function loyaltyBlock(env: Env, site: SiteRuntime, customerId: string, facts: LoyaltyState, locale: Locale, referral: ReferralProgress | null = null): Promise<LoyaltySummary> {
  const progress = referral ?? (await siteStub(env, site.siteId).referralCode(customerId, facts.email));
  return loyaltySummary(facts, site.config.loyalty, locale, { ...progress, url: referralUrl(site, progress.code) });
}
