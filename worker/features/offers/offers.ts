import { birthdayIn, occurrenceAround, type Occurrence } from "../../platform/calendars";
import type { Locale, Offer, OfferKind } from "../../../contract/experience";
import { localize, type LocalText } from "../../platform/localize";
import type { BirthdayCalendar, ProfileState } from "../customers/profile";
import { shopperSegments } from "../segments/membership";
import { DAY_MS } from "../../platform/time";

/**
 * Offers, decided from one shopper's facts: which of the shop's offers apply now, and
 * under which occasion each is issued (a code is issued once per occasion: per lapse for win-back,
 * per year of the shopper's calendar for birthdays, per year for first-order anniversaries).
 * Pure: the Profile object remembers what was issued (features/offers/profile-offers.ts).
 */

export const OFFER_KINDS = ["win_back", "birthday", "anniversary", "early_access"] as const satisfies readonly OfferKind[];

/** An offer as the site config defines it (worker/features/offers/offers.schemas.ts). */
export interface OfferRule {
  id: string;
  kind: OfferKind;
  title: LocalText;
  message?: LocalText | undefined;
  discount?: { type: "fixed" | "percent"; value: number } | undefined;
  audience: { segments: string[]; tiers: string[] };
  validDays: number;
  windowDays: number;
  url?: string | undefined;
}

/** What eligibility reads about a shopper (from the profile). */
export interface OfferSubject {
  /** A verified customer: only they get offers (codes are personal). */
  identified: boolean;
  segments: ReadonlySet<string>;
  tier: string | null;
  lastOrderAt: number | null;
  firstOrderAt: number | null;
  /** Gregorian YYYY-MM-DD. */
  birthday: string | null;
  calendar: BirthdayCalendar;
}

/** One offer that applies now, and the occasion its code is issued for. */
export interface Occasion {
  offerId: string;
  kind: OfferKind;
  /** Names the occasion: at most one code per (offer, key). */
  key: string;
  needsCode: boolean;
  /** When the occasion's window closes (birthday / anniversary), or null (win-back: while lapsed; early access: always). */
  endsAt: number | null;
}

/** What the profile remembers about an issued offer. */
export interface IssuedOffer {
  offerId: string;
  occasion: string;
  /** Null when no code could be had (pool empty, mint webhook down); retried later. */
  code: string | null;
  issuedAt: number;
  /** When the code expires (`validDays` after issue), null without a code. */
  expiresAt: number | null;
}

/** What eligibility reads, from a profile snapshot; `identified` only for verified customers' profiles. */
export function offerSubject(p: ProfileState): OfferSubject {
  return {
    identified: p.kind === "customer",
    segments: shopperSegments(p),
    tier: p.tier ?? null,
    lastOrderAt: p.lastOrderAt,
    firstOrderAt: p.firstOrderAt ?? null,
    birthday: p.traits.birthday,
    calendar: p.traits.calendar ?? "gregorian",
  };
}

/**
 * The offers to show, from the occasions that apply and what was issued for them, in the
 * shopper's language (occasions without a code, such as early access, need no issue).
 */
export function presentOffers(rules: readonly OfferRule[], occasions: readonly Occasion[], issued: readonly IssuedOffer[], locale: Locale, now: number): Offer[] {
  const out: Offer[] = [];
  for (const o of occasions) {
    const rule = rules.find((r) => r.id === o.offerId);
    const mine = issued.find((i) => i.offerId === o.offerId && i.occasion === o.key);
    if (rule && stillShown(o, mine, now)) out.push(presentOffer(rule, o, mine, locale));
  }
  return out;
}

/** No audience means everyone the offer's kind applies to; otherwise any listed segment or tier. */
export function inAudience(rule: Pick<OfferRule, "audience">, s: Pick<OfferSubject, "segments" | "tier">): boolean {
  const { segments, tiers } = rule.audience;
  if (segments.length === 0 && tiers.length === 0) return true;
  return segments.some((x) => s.segments.has(x)) || (s.tier !== null && tiers.includes(s.tier));
}

/** The first-order anniversary around `now` (same Gregorian month/day, a year or more after the first order). */
export function anniversaryAround(firstOrderAt: number, now: number, windowDays: number): Occurrence | null {
  const first = new Date(firstOrderAt);
  const o = occurrenceAround("gregorian", { month: first.getUTCMonth() + 1, day: first.getUTCDate() }, now, windowDays);
  return o && o.year > first.getUTCFullYear() ? o : null;
}

/** The offers that apply to a shopper now, each with its occasion. */
export function occasionsFor(rules: readonly OfferRule[], s: OfferSubject, now: number): Occasion[] {
  if (!s.identified) return [];
  const out: Occasion[] = [];
  for (const r of rules) {
    if (!inAudience(r, s)) continue;
    const base = { offerId: r.id, kind: r.kind };
    if (r.kind === "win_back") {
      // One lapse = the silence after one last order; a new order ends it, the next lapse is a new occasion.
      if (s.segments.has("lapsed") && s.lastOrderAt !== null) out.push({ ...base, key: `lapse:${s.lastOrderAt}`, needsCode: true, endsAt: null });
    } else if (r.kind === "birthday") {
      const md = s.birthday ? birthdayIn(s.calendar, s.birthday) : null;
      const o = md ? occurrenceAround(s.calendar, md, now, r.windowDays) : null;
      if (o) out.push({ ...base, key: `birthday:${s.calendar}:${o.year}`, needsCode: true, endsAt: o.at + (r.windowDays + 1) * DAY_MS });
    } else if (r.kind === "anniversary") {
      const o = s.firstOrderAt !== null ? anniversaryAround(s.firstOrderAt, now, r.windowDays) : null;
      if (o) out.push({ ...base, key: `anniversary:${o.year}`, needsCode: true, endsAt: o.at + (r.windowDays + 1) * DAY_MS });
    } else {
      out.push({ ...base, key: "early_access", needsCode: false, endsAt: null });
    }
  }
  return out;
}

/**
 * Whether an occasion is still shown given what was issued for it: a code shows until it expires
 * (then the occasion is spent: no second code for the same lapse or year); an occasion whose code
 * could not be had shows without one.
 */
export function stillShown(o: Occasion, issued: IssuedOffer | undefined, now: number): boolean {
  if (!o.needsCode || !issued) return true;
  return issued.expiresAt === null || issued.expiresAt > now;
}

/** When a code issued now expires. */
export const codeExpiry = (rule: Pick<OfferRule, "validDays">, issuedAt: number) => issuedAt + rule.validDays * DAY_MS;

/** The offer as the widget shows it (experience contract), in the shopper's language. */
export function presentOffer(rule: OfferRule, o: Occasion, issued: IssuedOffer | undefined, locale: Locale): Offer {
  const code = o.needsCode ? (issued?.code ?? null) : null;
  const expiresAt = code !== null ? (issued?.expiresAt ?? null) : o.endsAt;
  return {
    id: rule.id,
    kind: rule.kind,
    title: localize(rule.title, locale),
    message: rule.message ? localize(rule.message, locale) : null,
    code,
    discount: rule.discount ?? null,
    expiresAt: expiresAt !== null ? new Date(expiresAt).toISOString() : null,
    url: rule.url ?? null,
  };
}
