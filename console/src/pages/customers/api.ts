import { ApiFailure, getV1, request } from "../../api";
import type { Locale } from "../../i18n/i18n";

/**
 * The customers pages' calls to the public API (`/v1/customers*`, the same routes a shop's backend
 * uses with its secret key), typed as the routes answer them (worker/features/customers/customers.routes.ts,
 * customers.service.ts `present`, loyalty.routes.ts `adjustPointsRoute`).
 */

/** One row of the customer list, from the site's customer index. */
export interface CustomerRow {
  customerId: string;
  email: string | null;
  firstName: string | null;
  stage: string;
  orders: number;
  spend: number;
  points: number;
  /** Loyalty tier id (the shop names it in the site configuration). */
  tier: string | null;
  lastSeen: string | null;
  lastOrderAt: string | null;
}

/** A page of the list; `nextCursor` continues after its last row (null: no more). */
export interface CustomerPage {
  customers: CustomerRow[];
  nextCursor: string | null;
}

/** How many customers one page of the list shows. */
export const PAGE_SIZE = 25;

/** `GET /v1/customers`: a page of customers, optionally only those whose id or email starts with `query`. */
export function listCustomers(query: string, cursor: string | null): Promise<CustomerPage> {
  return getV1<CustomerPage>("customers", { query: query || undefined, cursor: cursor ?? undefined, limit: PAGE_SIZE });
}

interface TierRef {
  id: string;
  name: string;
  threshold: number;
}

/** A customer's order as the profile lists it (newest first), with what was refunded of it. */
export interface CustomerOrder {
  id: string;
  status: string;
  total: number;
  refunded: number;
  currency: string;
  createdAt: string | null;
  points: number;
}

/** `GET /v1/customers/{id}`: what Revisit knows about one customer (the parts the console shows). */
export interface CustomerView {
  customerId: string;
  traits: { firstName?: string | null; email?: string | null; birthday?: string | null; locale?: string | null; marketingConsent?: boolean | null; calendar?: string | null };
  visits: number;
  firstSeen: string | null;
  lastSeen: string | null;
  loyalty: {
    points: number;
    pending: number;
    owed: number;
    tier: TierRef | null;
    nextTier: TierRef | null;
    toNextTier: number;
    progress: number;
    basis: "points" | "spend";
    redeemed: { id: string; rewardId: string; name: string; code: string; at: string }[];
    referral: { code: string; friendsJoined: number; friendsOrdered: number } | null;
  };
  orders: { count: number; spend: number; lastOrderAt: string | null; recent: CustomerOrder[] };
  surveyAnswers: { key: string; answers: string[]; tags: string[]; score: number | null; text: string | null; at: string | null }[];
  attributes: Record<string, string>;
  lifecycleStage: string | null;
  segments: string[];
  offers: { offerId: string; occasion: string; code: string | null; issuedAt: string; expiresAt: string | null }[];
}

/** One line of the points ledger, as the export holds it (times in ms). */
export interface LedgerLine {
  source: string;
  kind: "earn" | "reverse" | "redeem" | "adjust";
  points: number;
  at: number;
  reason: string;
}

/** A refund as the export holds it (times in ms). */
export interface RefundLine {
  id: string;
  order_id: string;
  amount: number;
  at: number;
}

/** The parts of `GET /v1/customers/{id}/export` the page reads: the points ledger (with reasons) and the refunds. */
export interface CustomerExport {
  ledger: LedgerLine[];
  refunds: RefundLine[];
}

const customerPath = (id: string) => `/v1/customers/${encodeURIComponent(id)}`;

/** `GET /v1/customers/{id}`. */
export function getCustomer(id: string): Promise<CustomerView> {
  return request<CustomerView>("GET", customerPath(id));
}

/** `GET /v1/customers/{id}/export` as the raw JSON text's object (the Export button saves it whole). */
export function exportCustomer(id: string): Promise<CustomerExport & Record<string, unknown>> {
  return request("GET", `${customerPath(id)}/export`);
}

/** `DELETE /v1/customers/{id}`: erases the customer and the visitors merged into them. */
export function eraseCustomer(id: string): Promise<{ deleted: true; visitorsErased: number }> {
  return request("DELETE", customerPath(id));
}

/** The answer of a points adjustment. */
export interface AdjustAnswer {
  adjustment: { idempotencyKey: string; points: number; reason: string; at: string };
  balance: number | { points?: number; available?: number };
  duplicate: boolean;
}

/**
 * `POST /v1/customers/{id}/points` under `key`: the same key for a retry of the same submission,
 * so a retry after a lost answer never credits twice (the API answers `duplicate: true`).
 */
export function adjustPoints(id: string, key: string, points: number, reason: string): Promise<AdjustAnswer> {
  return request<AdjustAnswer>("POST", `${customerPath(id)}/points`, { points, reason }, { headers: { "Idempotency-Key": key } });
}

/** The spendable balance in an adjustment's answer (a number, or an object with `points`). */
export function balanceOf(answer: AdjustAnswer): number | null {
  const b = answer.balance;
  if (typeof b === "number") return b;
  return b?.points ?? b?.available ?? null;
}

/**
 * Whether the API refused an adjustment as such (422, or 409: the balance is short, or the key was
 * used for another body), rather than failing to answer; the form then re-reads the balance to say which.
 */
export function isRefusal(error: unknown): boolean {
  return error instanceof ApiFailure && (error.status === 409 || error.status === 422);
}

/** What the pages need from the shop's configuration: its currency, its tier names and its own segments' names. */
export interface ShopBasics {
  currency: string;
  tiers: Record<string, { en: string; ar?: string; fa?: string }>;
  segments: Record<string, string>;
}

interface ConfigPart {
  currency?: string;
  loyalty?: { tiers?: { id: string; name: { en: string; ar?: string; fa?: string } }[] };
  segments?: { id: string; name: string }[];
}

/** The shop's currency, tier and segment names from `GET /v1/site/config` (read on each visit to a page, so a renamed tier shows). */
export async function shopBasics(): Promise<ShopBasics> {
  const c = await request<ConfigPart>("GET", "/v1/site/config");
  return {
    currency: c.currency ?? "USD",
    tiers: Object.fromEntries((c.loyalty?.tiers ?? []).map((t) => [t.id, t.name])),
    segments: Object.fromEntries((c.segments ?? []).map((s) => [s.id, s.name])),
  };
}

/** A tier's name in the console's language (the shop's English name when it wrote none), else its id. */
export function tierName(shop: ShopBasics | null, id: string, locale: Locale): string {
  const name = shop?.tiers[id];
  return name ? (name[locale] ?? name.en) : id;
}

let flash = "";

/** Leaves a status message for the list to announce after navigating to it (e.g. "erased"). */
export function setFlash(message: string) {
  flash = message;
}

/** The message left for the list, once. */
export function takeFlash(): string {
  const m = flash;
  flash = "";
  return m;
}
