import type { Locale } from "../../../contract/experience";
import type { RecClick } from "../insights/rec-attribution";
import type { SavedItem } from "../wishlist/wishlist";

/** One cart line as the shopper left it (prices come from the catalog when shown). */
export interface CartLine {
  productId: string;
  quantity: number;
  price?: number | undefined;
}

export interface SavedCartState {
  items: CartLine[];
  updatedAt: number;
}

export interface Traits {
  firstName: string | null;
  email: string | null;
  birthday: string | null;
  locale: Locale | null;
  marketingConsent: boolean | null;
  /**
   * The calendar the shopper keeps their birthday in (the `birthday` trait is always written as a
   * Gregorian date): birthday offers and `customer.birthday` recur on that calendar's month/day.
   * Absent or null: Gregorian.
   */
  calendar?: BirthdayCalendar | null;
}

/** Calendars a birthday can recur in (see worker/platform/calendars.ts). */
export type BirthdayCalendar = "gregorian" | "persian" | "islamic";

export interface SurveyAnswer {
  /** Chosen option ids (single / multi); empty for nps and text. */
  answers: string[];
  /** Tags the shop mapped to the chosen options; they steer recommendations. */
  tags: string[];
  labels: string[];
  /** nps: the 0–10 score. */
  score?: number;
  /** text answers and the nps follow-up: plain text (trimmed, control characters removed), never interpreted. */
  text?: string;
  /** Traits the chosen options map to (e.g. `{ skinType: "dry" }`); folded into `ProfileState.attributes`. */
  traits?: Record<string, string>;
  at: number;
  source: "widget" | "api";
  /** What the profile knew of the shopper's consent when they answered (marketing: null = never stated). */
  consent?: { marketing: boolean | null };
}

/** One survey's history for a shopper, for display rules (`once`, `cooldownDays`) and quiz rounds. */
export interface SurveyStatus {
  /** When every question was last answered (a survey shown again starts a new round after this). */
  completedAt: number | null;
  /** When the shopper last said "Not now". */
  dismissedAt: number | null;
  /** The visit (count) in which it was last completed or dismissed: not shown again in that visit. */
  closedVisit: number | null;
  /** Latest answer or dismissal. */
  lastAt: number;
}

/**
 * Everything Revisit keeps about one shopper of one shop, apart from the raw event log,
 * orders and ledger (their own tables). Bounded: lists are capped so a profile stays small.
 */
export interface ProfileState {
  kind: "visitor" | "customer";
  id: string;
  siteId: string;
  createdAt: number;
  visits: number;
  /** Time of the latest request that counted as activity, ms since epoch. */
  lastSeen: number;
  /** Last activity before the current visit began; null on the first visit. */
  previousVisitAt: number | null;
  traits: Traits;
  cart: SavedCartState | null;
  points: number;
  /** Loyalty tier id in force at the last loyalty change (null without tiers). */
  tier?: string | null;
  spend: number;
  orders: number;
  lastOrderAt: number | null;
  /** Time of the first paid order (for the shop's buying rhythm). */
  firstOrderAt?: number | null;
  recentlyViewed: string[];
  categoryViews: Record<string, number>;
  eventCounts: Record<string, number>;
  purchased: string[];
  /** Per product bought: how many times (orders) and when last, for buy-again and owned-durable filters. */
  purchases: Record<string, { orders: number; units: number; lastAt: number }>;
  /** Product ids of the latest paid order, for cross-sell. */
  lastOrderItems: string[];
  answers: Record<string, SurveyAnswer>;
  /** Per survey id: completion and dismissal ("Not now"), read by display rules. */
  surveys?: Record<string, SurveyStatus>;
  /**
   * Traits the shopper's survey answers map to (`{ skinType: "dry" }`), newest answer winning per
   * name; shown in `GET /v1/customers/{id}` and the export.
   */
  attributes?: Record<string, string>;
  /** Referral code of the friend who referred this shopper (first one wins). */
  referredBy: string | null;
  /** Punch-card stamps collected per card id (refunded units already subtracted). */
  stamps: Record<string, number>;
  /** For a visitor profile folded into a customer: the customer id. */
  mergedInto: string | null;
  /** Visits of this visitor already handed to a customer profile by earlier merges. */
  handedOverVisits: number;
  /** Visitor ids folded into this customer, with the visitor's version at the time. */
  mergedFrom: Record<string, number>;
  /**
   * Segments the shopper is in as the Site's SegmentBook last filed them: lifecycle stage,
   * `rfm-<group>` and rule segment ids (customers only; see features/segments/segment-membership.ts).
   */
  segments?: string[];
  /**
   * Experiment arms by experiment id (site config `experiments`), assigned at the shopper's first
   * request and never reshuffled (features/experiments). Absent on profiles from before experiments.
   */
  experiments?: Record<string, { arm: "holdout" | "treatment"; at: number }>;
  /**
   * The latest clicks on recommendations, newest first and bounded (features/insights/rec-attribution.ts),
   * so an add to cart or an order within the site's attribution window counts for the placement
   * and reason that were clicked. Absent until the first click.
   */
  recClicks?: RecClick[];
  /**
   * Products saved for later, newest first, at most MAX_SAVED (features/wishlist/wishlist.ts), with
   * the price and stock seen when saved. Absent until the first save.
   */
  saved?: SavedItem[];
  /** Bumped on every change; lets a merge be applied exactly once. */
  version: number;
}

export const LIMITS = { recentlyViewed: 20, categories: 50, purchased: 500, rawEvents: 500 } as const;

/** A fresh, empty profile. */
export function emptyProfile(kind: ProfileState["kind"], siteId: string, id: string, now: number): ProfileState {
  return {
    kind,
    id,
    siteId,
    createdAt: now,
    visits: 0,
    lastSeen: 0,
    previousVisitAt: null,
    traits: { firstName: null, email: null, birthday: null, locale: null, marketingConsent: null, calendar: null },
    cart: null,
    points: 0,
    spend: 0,
    orders: 0,
    lastOrderAt: null,
    recentlyViewed: [],
    categoryViews: {},
    eventCounts: {},
    purchased: [],
    purchases: {},
    lastOrderItems: [],
    answers: {},
    referredBy: null,
    stamps: {},
    mergedInto: null,
    handedOverVisits: 0,
    mergedFrom: {},
    version: 0,
  };
}
