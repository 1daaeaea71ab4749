import { forgetPurchases, notePurchases } from "../customers/profile-changes";
import { LIMITS, type ProfileState } from "../customers/profile";
import { actionAward, multiplierAt, orderPoints, refundReversal, stampsFor, type LedgerEntry, type LoyaltyProgram } from "../loyalty";
import { LedgerDraft } from "../loyalty/ledger-draft";
import { DEFAULT_ATTRIBUTION_DAYS, orderRecs } from "../insights/rec-attribution";
import type { OrderInput, OrderRow, RefundInput } from "./order-types";

/**
 * What an order does to one shopper, decided without I/O: the profile after it, the ledger lines
 * it adds, the row to store and the punch cards it completed. The Profile object persists this
 * and then runs the effects (referral, the shop's index and learning, punch-card codes, webhooks).
 */
export interface AppliedOrder {
  state: ProfileState;
  entries: LedgerEntry[];
  /** `recs`: JSON of the lines recommendation clicks earned (insights/rec-attribution.ts `orderRecs`), null when none. */
  row: { id: string; status: string; total: number; currency: string; createdAt: number; items: string; points: number; stamps: string; recs: string | null };
  /** Punch cards this order completed, by completion number (each earns the free item once). */
  completed: { cardId: string; n: number }[];
  pointsChange: number;
  /** The shopper's first paid order (a referred friend's first order rewards both sides). */
  firstOrder: boolean;
}

/**
 * A new order: a paid one earns points at its currency's rate times the tier multiplier in force
 * when it was placed (pending through the return window), the first-order bonus and punch-card
 * stamps, and counts towards orders, spend and purchases; its lines whose product was clicked in
 * a recommendation within the attribution window are attributed to that click (stored with the
 * order, so refunds take back their share). An order first seen as refunded or cancelled is only recorded.
 */
export function applyOrder(state: ProfileState, ledger: readonly LedgerEntry[], order: OrderInput, program: LoyaltyProgram, categoriesOf: Record<string, string[]>): AppliedOrder {
  const p = structuredClone(state);
  if (order.email && !p.traits.email) p.traits.email = order.email;
  const paid = order.status === "paid";
  const draft = new LedgerDraft(ledger);
  const points = paid ? orderPoints(order.total, order.rate, program, multiplierAt([...ledger], program, order.createdAt)) : 0;
  const items = order.items.map((i) => ({ ...i, categories: categoriesOf[i.productId] ?? [] }));
  const stamps: Record<string, number> = Object.fromEntries(program.punchCards.map((c) => [c.id, paid ? stampsFor(c, items) : 0] as const).filter(([, n]) => n !== 0));
  const row = {
    id: order.id,
    status: order.status,
    total: order.total,
    currency: order.currency,
    createdAt: order.createdAt,
    items: JSON.stringify(order.items),
    points,
    stamps: JSON.stringify(stamps),
    recs: null as string | null,
  };
  const firstOrder = paid && p.orders === 0;
  const completed: AppliedOrder["completed"] = [];
  let pointsChange = 0;
  if (paid) {
    draft.earn(`order:${order.id}`, points, order.createdAt, program, { pending: true, spend: order.value, reason: "order" });
    pointsChange += points;
    if (firstOrder) {
      const a = actionAward("first_order", [...ledger], program, order.createdAt);
      if (a.points > 0 && draft.earn(`action:first_order:${order.id}`, a.points, order.createdAt, program, { pending: true, reason: "first_order" })) pointsChange += a.points;
    }
    for (const [card, n] of Object.entries(stamps)) {
      const def = program.punchCards.find((c) => c.id === card);
      const before = p.stamps[card] ?? 0;
      p.stamps[card] = before + n;
      if (def) for (let k = Math.floor(before / def.required) + 1; k <= Math.floor(p.stamps[card] / def.required); k++) completed.push({ cardId: card, n: k });
    }
    p.orders += 1;
    p.spend = round2(p.spend + order.value);
    p.lastOrderAt = Math.max(p.lastOrderAt ?? 0, order.createdAt);
    p.firstOrderAt = Math.min(p.firstOrderAt ?? order.createdAt, order.createdAt);
    p.purchased = [...new Set([...order.items.map((i) => i.productId), ...p.purchased])].slice(0, LIMITS.purchased);
    notePurchases(p, order.items, order.createdAt);
    const recs = orderRecs(p.recClicks, order, order.attributionDays ?? DEFAULT_ATTRIBUTION_DAYS);
    if (recs.length > 0) row.recs = JSON.stringify(recs);
  }
  return { state: p, entries: draft.added, row, completed, pointsChange, firstOrder };
}

/** What a refund does to one shopper (see {@link applyRefund}). */
export interface AppliedRefund {
  state: ProfileState;
  entries: LedgerEntry[];
  refundRow: { id: string; orderId: string; amount: number; points: number; at: number };
  order: { refunded: number; status: "refunded" | "cancelled" | "partially_refunded" };
  pointsChange: number;
  /** The order left the shopper's count (a full refund of an order that counted): its stamps and bonuses went with it. */
  reversedWhole: boolean;
  /** Stamps taken back, by card: punch-card rewards they completed are voided by the caller. */
  stampsTaken: Record<string, number>;
  /** A referred friend's qualifying order was refunded: the referral is reversed at the Site. */
  referralReversed: boolean;
}

/**
 * A (partial) refund, once per refund id (the caller checks): reverses the share of the order's
 * points that the refunded amount is of its total, and spend at the rate the order added it. A
 * full refund also reverses the first-order and referral bonuses it unlocked, its stamps, its place
 * in the order count and its purchases. Points already spent show as owed, never as a silent minus.
 */
export function applyRefund(state: ProfileState, ledger: readonly LedgerEntry[], order: OrderRow, r: RefundInput): AppliedRefund {
  const p = structuredClone(state);
  const draft = new LedgerDraft(ledger);
  const left = round2(order.total - order.refunded);
  const amount = round2(Math.min(left, r.amount ?? left));
  const counted = order.status === "paid" || order.status === "partially_refunded";
  const reversal = counted ? refundReversal(order.points, order.total, order.refunded, amount) : 0;
  const full = amount >= left;
  // Spend goes back at the rate the order added it (its site-currency worth; 0 if never counted).
  const added = ledger.find((e) => e.source === `order:${order.id}` && e.kind === "earn")?.spend ?? 0;
  const spendBack = order.total > 0 ? round2((amount * added) / order.total) : 0;
  let pointsChange = 0;
  if (draft.reverse(`refund:${r.refundId}`, `order:${order.id}`, reversal, r.at, { spend: spendBack, reason: r.status ?? "refund" })) pointsChange -= reversal;
  let stampsTaken: Record<string, number> = {};
  let referralReversed = false;
  if (full && counted) {
    const bonus = `action:first_order:${order.id}`;
    if (draft.has(bonus)) pointsChange -= draft.reverseAll(`refund:${r.refundId}:first_order`, bonus, r.at, "first order refunded");
    const friend = `referral:friend:${order.id}`;
    if (draft.has(friend)) {
      pointsChange -= draft.reverseAll(`refund:${r.refundId}:referral`, friend, r.at, "referred order refunded");
      referralReversed = true;
    }
    stampsTaken = JSON.parse(order.stamps) as Record<string, number>;
    for (const [card, n] of Object.entries(stampsTaken)) p.stamps[card] = Math.max(0, (p.stamps[card] ?? 0) - n);
    p.orders = Math.max(0, p.orders - 1);
    forgetPurchases(p, JSON.parse(order.items) as OrderInput["items"], order.created_at);
  }
  p.spend = round2(Math.max(0, p.spend - (counted ? spendBack : 0)));
  return {
    state: p,
    entries: draft.added,
    refundRow: { id: r.refundId, orderId: order.id, amount, points: reversal, at: r.at },
    order: { refunded: round2(order.refunded + amount), status: full ? (r.status ?? "refunded") : "partially_refunded" },
    pointsChange,
    reversedWhole: full && counted,
    stampsTaken,
    referralReversed,
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
