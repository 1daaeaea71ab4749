import type { Locale, LoyaltySummary, Offer } from "../../../contract/experience";
import { emptyProfile, type ProfileState } from "../customers/profile";
import type { LedgerEntry } from "../loyalty/ledger";
import { balanceAt } from "../loyalty/ledger";
import { tierStatus } from "../loyalty/tiers";
import { loyaltySummary } from "../loyalty/view";
import { codeExpiry, occasionsFor, offerSubject, presentOffer, presentOffers, type IssuedOffer } from "../offers/offers";
import type { SiteConfig } from "../site/site-config.schemas";
import { nextQuestion } from "../surveys/survey";
import { DAY_MS } from "../../platform/time";

/**
 * The console's live preview (`POST /v1/experience/preview`): an invented shopper standing for a
 * segment, so a merchant sees what the widget would show "a lapsed customer" or "a VIP" before
 * saving a draft. Everything here is pure (time passed in, no storage): the shopper, their loyalty
 * block, their offers with a sample code, and the block in focus. The experience itself is built by
 * the same `buildExperience` as `GET /v1/experience`, so the preview cannot drift from what shoppers get.
 */

/** The code shown where a real shopper would get their own; never a real code from the shop's pool. */
export const PREVIEW_CODE = "PREVIEW-CODE";

/** A first name for the invented shopper in the shopper's language, so greetings read naturally in the preview. */
const NAMES: Record<Locale, string> = { en: "Sara", ar: "سارة", fa: "سارا" };

/** Who the preview shows: a new visitor, or a signed-in customer in a segment; `segment` as the API names it. */
export interface PreviewShopperInput {
  config: SiteConfig;
  segment: string | null;
  locale: Locale;
  /** A signed-in customer even without a segment (loyalty and offers belong to customers only). */
  customer: boolean;
  siteId: string;
  now: number;
}

/** Order history that puts a customer in `segment` (lifecycle stages and RFM groups read orders and recency). */
function historyFor(segment: string | null, lapsedAfterDays: number): { orders: number; spend: number; daysSinceOrder: number | null; visits: number } {
  switch (segment) {
    case "new":
      return { orders: 0, spend: 0, daysSinceOrder: null, visits: 1 };
    case "browsing":
    case "considering":
      return { orders: 0, spend: 0, daysSinceOrder: null, visits: 3 };
    case "first_purchase":
    case "rfm-new-customers":
    case "rfm-promising":
      return { orders: 1, spend: 60, daysSinceOrder: 5, visits: 3 };
    case "loyal":
    case "rfm-champions":
    case "rfm-loyal":
      return { orders: 6, spend: 600, daysSinceOrder: 10, visits: 20 };
    case "at_risk":
    case "rfm-at-risk":
    case "rfm-cant-lose":
    case "rfm-about-to-sleep":
    case "rfm-need-attention":
      return { orders: 3, spend: 240, daysSinceOrder: Math.ceil(lapsedAfterDays * 0.75), visits: 8 };
    case "lapsed":
    case "rfm-hibernating":
    case "rfm-lost":
      return { orders: 2, spend: 150, daysSinceOrder: lapsedAfterDays + 30, visits: 5 };
    default:
      // repeat, the other RFM groups and the shop's rule segments: a returning customer with a couple of orders.
      return { orders: 2, spend: 120, daysSinceOrder: 20, visits: 5 };
  }
}

/**
 * The invented shopper's profile: a first-visit visitor without a segment (unless a customer is
 * asked for), else a customer whose order history fits the segment and who is filed in it (the
 * experience reads membership from the profile, as for a real customer).
 */
export function previewProfile(x: PreviewShopperInput): ProfileState {
  const customer = x.customer || x.segment !== null;
  const p = emptyProfile(customer ? "customer" : "visitor", x.siteId, customer ? "preview-customer" : "preview-visitor", x.now);
  const h = historyFor(x.segment, x.config.lapsedAfterDays);
  p.visits = customer ? h.visits : 1;
  p.lastSeen = x.now;
  if (!customer) return p;
  p.createdAt = x.now - 400 * DAY_MS;
  p.previousVisitAt = h.daysSinceOrder !== null ? x.now - h.daysSinceOrder * DAY_MS : x.now - 2 * DAY_MS;
  p.traits = { ...p.traits, firstName: NAMES[x.locale] };
  p.orders = h.orders;
  p.spend = h.spend;
  p.lastOrderAt = h.daysSinceOrder !== null ? x.now - h.daysSinceOrder * DAY_MS : null;
  p.firstOrderAt = h.orders > 0 ? x.now - 300 * DAY_MS : null;
  p.segments = x.segment !== null ? [x.segment] : [];
  return p;
}

/**
 * Points that show the loyalty block at its most telling: most of the way to the next tier above
 * the first (or, without tiers, enough for the cheapest reward), earned a while ago so they are available.
 */
function previewLedger(config: SiteConfig, now: number): LedgerEntry[] {
  const program = config.loyalty;
  const thresholds = program.tiers.map((t) => t.threshold).sort((a, b) => a - b);
  const target = thresholds.find((t) => t > 0 && t > (thresholds[0] ?? 0)) ?? thresholds.find((t) => t > 0) ?? 0;
  const cheapest = Math.min(...program.rewards.map((r) => r.cost), Number.POSITIVE_INFINITY);
  const points = target > 0 && program.tierBasis === "points" ? Math.round(target * 0.8) : Number.isFinite(cheapest) ? Math.ceil(cheapest * 1.2) : 250;
  const spend = target > 0 && program.tierBasis === "spend" ? Math.round(target * 0.8 * 100) / 100 : 0;
  const at = now - 60 * DAY_MS;
  return [{ source: "preview", kind: "earn", points, at, availableAt: at, expiresAt: program.expiryDays === null ? null : now + 30 * DAY_MS, reverses: null, spend, reason: "preview" }];
}

/** The invented customer's loyalty block, from an invented ledger through the same pure functions as a real one. */
export function previewLoyalty(config: SiteConfig, locale: Locale, now: number): LoyaltySummary {
  const entries = previewLedger(config, now);
  const facts = { balance: balanceAt(entries, now), tier: tierStatus(entries, config.loyalty, now), stamps: {}, redemptions: [] };
  const template = config.referralUrlTemplate ?? `${config.allowedOrigins[0] ?? ""}/?rv_ref={code}`;
  return loyaltySummary(facts, config.loyalty, locale, { code: PREVIEW_CODE, url: template.replace("{code}", PREVIEW_CODE), friendsJoined: 0, friendsOrdered: 0 });
}

/** Offers the invented customer would see now, each coded one with the sample code (nothing is issued). */
export function previewOffers(config: SiteConfig, profile: ProfileState, locale: Locale, now: number): Offer[] {
  const occasions = occasionsFor(config.offers, offerSubject(profile), now);
  const issued: IssuedOffer[] = occasions
    .filter((o) => o.needsCode)
    .map((o) => ({ offerId: o.offerId, occasion: o.key, code: PREVIEW_CODE, issuedAt: now, expiresAt: codeExpiry(config.offers.find((r) => r.id === o.offerId) ?? { validDays: 30 }, now) }));
  return presentOffers(config.offers, occasions, issued, locale, now);
}

/** What the preview says about the block in focus: whether shoppers like this one would really see it. */
export interface FocusNote {
  focus: string;
  /** A shopper like the invented one sees it with this draft. */
  visible: boolean;
  /** Why not: `paused` (a survey not launched), `not_for_segment` (display rules or audience), `not_found` (no such id in the draft). */
  reason: "paused" | "not_for_segment" | "not_found" | null;
}

/** The survey in focus, shown even where a real shopper would not get it (paused, rules): the merchant is designing it. */
export function focusSurvey(config: SiteConfig, surveyId: string, profile: ProfileState, locale: Locale, now: number) {
  const survey = config.surveys.find((s) => s.id === surveyId);
  if (!survey) return { question: null, note: { focus: `survey:${surveyId}`, visible: false, reason: "not_found" } satisfies FocusNote };
  const real = nextQuestion(config.surveys, profile, locale, now);
  const visible = real?.surveyId === surveyId;
  const reason = visible ? null : survey.active === false ? "paused" : "not_for_segment";
  const forced = visible ? real : nextQuestion([{ id: survey.id, questions: survey.questions }], { ...profile, answers: {}, surveys: {} }, locale, now);
  return { question: forced, note: { focus: `survey:${surveyId}`, visible, reason } satisfies FocusNote };
}

/** The offer in focus: the shopper's own when they get it, else presented with the sample code so its design can be seen. */
export function focusOffer(config: SiteConfig, offerId: string, offers: Offer[], locale: Locale, now: number) {
  const rule = config.offers.find((o) => o.id === offerId);
  if (!rule) return { offers, note: { focus: `offer:${offerId}`, visible: false, reason: "not_found" } satisfies FocusNote };
  if (offers.some((o) => o.id === offerId)) return { offers, note: { focus: `offer:${offerId}`, visible: true, reason: null } satisfies FocusNote };
  const coded = rule.kind !== "early_access";
  const shown = presentOffer(
    rule,
    { offerId, kind: rule.kind, key: "preview", needsCode: coded, endsAt: null },
    { offerId, occasion: "preview", code: PREVIEW_CODE, issuedAt: now, expiresAt: codeExpiry(rule, now) },
    locale,
  );
  return { offers: [shown, ...offers], note: { focus: `offer:${offerId}`, visible: false, reason: "not_for_segment" } satisfies FocusNote };
}
