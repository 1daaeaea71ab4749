/**
 * The shape of `GET /v1/experience`: everything the widget shows a shopper right now.
 * The Worker builds it; the widget imports these types (`import type`) so the two never drift.
 * Text the shop writes (survey prompts, option labels) arrives already in the requested locale;
 * text Revisit writes (greetings, reasons) arrives as codes the widget localises.
 */

export type Locale = "en" | "ar" | "fa";

export type GreetingKind = "first_visit" | "returning" | "known_customer" | "lapsed";

export interface Greeting {
  kind: GreetingKind;
  /** Shopper's first name when known (identified customer or set by identify). */
  firstName: string | null;
  /** Display name of the shopper's loyalty tier, when they have one. */
  tier: string | null;
}

export interface VisitorSummary {
  /** True from the shopper's second visit on (a visit ends after the site's idle gap, 30 min by default). */
  returning: boolean;
  visits: number;
  firstName: string | null;
  tier: string | null;
  /** True when the request carried a verified customer identity. */
  identified: boolean;
}

export type ReasonCode =
  | "recently_viewed"
  | "same_category"
  | "trending_in_category"
  | "survey_match"
  | "popular"
  | "bought_together"
  | "because_you_bought"
  | "buy_again"
  | "complete_the_set"
  | "because_you_saved";

export interface Reason {
  code: ReasonCode;
  /** The product or category or tag the reason refers to, for "Because you viewed …" sentences. */
  ref: string | null;
  /** Human label of `ref` (product title, category name, survey answer label). */
  label: string | null;
  /** The reason as a sentence in the requested locale ("Because you bought …"); the widget shows it. */
  text?: string;
}

/** Where recommendations are shown: home (and other pages), a product page, the cart. */
export type Placement = "home" | "product" | "cart";

export interface ProductCard {
  productId: string;
  title: string;
  url: string;
  image: string | null;
  price: number;
  currency: string;
}

export interface Recommendation extends ProductCard {
  reason: Reason;
}

export interface SavedCartItem extends ProductCard {
  quantity: number;
}

export interface SavedCart {
  items: SavedCartItem[];
  total: number;
  currency: string;
  /** ISO time of the last cart change on any device. */
  updatedAt: string;
  /** Link that restores this cart on the shop (from the site's cart URL template), or null. */
  restoreUrl: string | null;
}

/** A saved product as the catalog has it now (`data-revisit="saved"`). */
export interface SavedProduct extends ProductCard {
  inStock: boolean;
  /** ISO time it was saved (on any device). */
  savedAt: string;
  /** The price when it was saved (null when unknown), for "was … now …". */
  savedPrice: number | null;
  /** What changed since it was saved, for a line on the card: back in stock, cheaper, or nothing. */
  news: "back_in_stock" | "price_drop" | null;
}

/** The shopper's saved-for-later list, newest first (products no longer in the catalog are left out). */
export interface SavedList {
  items: SavedProduct[];
  /** How many products one shopper can keep saved. */
  limit: number;
}

export interface TierRef {
  id: string;
  name: string;
  threshold: number;
}

export interface LoyaltySummary {
  /** Spendable points now (available minus anything owed). */
  points: number;
  /** Earned, but inside the shop's return window. */
  pending: number;
  /** Points reversed after they were spent; paid off by future earnings. */
  owed: number;
  /** The next expiry of available points (ISO time), when the program expires points. */
  nextExpiry: { points: number; at: string } | null;
  tier: TierRef | null;
  nextTier: TierRef | null;
  /** Points (or spend, per the site's tier basis) still needed for nextTier; 0 at the top tier. */
  toNextTier: number;
  /** 0..1 progress from the current tier's threshold to the next tier's. */
  progress: number;
  basis: "points" | "spend";
  /** When the current tier ends unless requalified (ISO), null when it does not end. */
  tierHeldUntil: string | null;
  benefits: { multiplier: number; freeShipping: boolean; earlyAccess: boolean };
  punchCards: { id: string; name: string; stamps: number; required: number; completed: number }[];
  rewards: { id: string; name: string; cost: number; discount: { type: "fixed" | "percent"; value: number }; affordable: boolean }[];
  /** Codes this shopper has redeemed, newest first. */
  redeemed: { id: string; rewardId: string; name: string; code: string; at: string }[];
  referral: { code: string; url: string; friendsJoined: number; friendsOrdered: number } | null;
}

export interface SurveyOption {
  id: string;
  label: string;
}

/** Question kinds: single / multiple choice, Net Promoter Score 0–10 (with a "why" follow-up), short free text. */
export type SurveyQuestionType = "single" | "multi" | "nps" | "text";

export interface SurveyQuestion {
  surveyId: string;
  questionId: string;
  type: SurveyQuestionType;
  prompt: string;
  /** The choices of a single / multi question; empty for nps and text. */
  options: SurveyOption[];
  /** 1-based position of this question in its survey, and the survey's length (a multi-step quiz shows "2 of 3"). */
  step: number;
  steps: number;
  /** nps: the follow-up question ("What is the main reason for your score?"), answered with the score; else null. */
  followUp: string | null;
  /** Longest accepted free text (text answers and the nps follow-up), in characters. */
  maxLength: number;
}

export interface WidgetSettings {
  /** Show the floating launcher when the page has no `data-revisit` placeholders. */
  launcher: boolean;
  position: "bottom-end" | "bottom-start";
  /** CSS custom properties applied on the widget host, e.g. { "--revisit-accent": "#0a7" }. */
  theme: Record<string, string>;
  /** Digits on Arabic and Persian pages: null or absent, the page language's own (CLDR: `ar-EG` Arabic-Indic, `ar` Latin, `fa` Persian). */
  numberingSystem?: "latn" | "arab" | "arabext" | null;
  /** Calendar of dates on Arabic and Persian pages: null or absent, by language and region (`fa` Solar Hijri, `ar-SA` Umm al-Qura, other Arabic Gregorian). */
  calendar?: "gregory" | "islamic-umalqura" | "persian" | null;
}

export type OfferKind = "win_back" | "birthday" | "anniversary" | "early_access";

/** An offer for this shopper now: a win-back or birthday / first-order-anniversary code, or early access. */
export interface Offer {
  /** The offer's id in the site config. */
  id: string;
  kind: OfferKind;
  /** Shop-written, in the requested locale. */
  title: string;
  message: string | null;
  /** This shopper's own code (unique, issued once per occasion); null for offers without a code (early access). */
  code: string | null;
  discount: { type: "fixed" | "percent"; value: number } | null;
  /** When the code or the offer ends (ISO). */
  expiresAt: string | null;
  /** Where the offer leads (e.g. the early-access collection), or null. */
  url: string | null;
}

/**
 * Shop-written content for one `data-revisit="content:<slot>"` placeholder, chosen for this shopper
 * by segment (the first of the slot's variants whose segment the shopper is in, else the default).
 */
export interface ContentSlot {
  /** The segment whose variant was chosen; null for the slot's default. */
  segment: string | null;
  headline: string | null;
  message: string | null;
  image: { url: string; alt: string } | null;
  link: { url: string; label: string } | null;
  /** Id of an entry of `experience.offers` this slot presents (its code shows in the slot), or null. */
  offerId: string | null;
}

/** The shopper's arm in one experiment the site lists (site config `experiments`). */
export interface ExperimentArm {
  id: string;
  /** `holdout`: this experience is the neutral one (popular picks without reasons, a generic greeting, no targeted content, offers or surveys; loyalty as usual). */
  arm: "holdout" | "treatment";
}

export interface Experience {
  locale: Locale;
  currency: string;
  visitor: VisitorSummary;
  greeting: Greeting;
  /** Where the recommendations are for (the request's `placement`, or `product` when a product was given). */
  placement: Placement;
  recommendations: Recommendation[];
  savedCart: SavedCart | null;
  /** Products saved for later (`POST /v1/saved`). Absent from servers before the wishlist. */
  saved?: SavedList;
  /** Null for anonymous visitors: points belong to verified customers only. */
  loyalty: LoyaltySummary | null;
  survey: SurveyQuestion | null;
  offers: Offer[];
  /** Content per slot id, for the slots the shop configured that have something for this shopper. */
  content: Record<string, ContentSlot>;
  settings: WidgetSettings;
  /** The shopper's arm in each experiment the site lists (empty when none), for the shop's own analytics. Absent from servers before experiments. */
  experiments?: ExperimentArm[];
}
