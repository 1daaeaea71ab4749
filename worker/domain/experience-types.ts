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
  | "complete_the_set";

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

export interface SurveyQuestion {
  surveyId: string;
  questionId: string;
  type: "single" | "multi";
  prompt: string;
  options: SurveyOption[];
}

export interface WidgetSettings {
  /** Show the floating launcher when the page has no `data-revisit` placeholders. */
  launcher: boolean;
  position: "bottom-end" | "bottom-start";
  /** CSS custom properties applied on the widget host, e.g. { "--revisit-accent": "#0a7" }. */
  theme: Record<string, string>;
}

/** An offer for this shopper (win-back code, birthday reward, early access). Filled by the offers issue. */
export interface Offer {
  id: string;
  kind: "win_back" | "birthday" | "anniversary" | "early_access";
  title: string;
  code: string | null;
  expiresAt: string | null;
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
  /** Null for anonymous visitors: points belong to verified customers only. */
  loyalty: LoyaltySummary | null;
  survey: SurveyQuestion | null;
  offers: Offer[];
  settings: WidgetSettings;
}
