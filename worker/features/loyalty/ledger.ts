import type { LoyaltyProgram } from "./program";
import { DAY_MS } from "../../platform/time";

/**
 * One line of a shopper's append-only points ledger. Each has a unique `source` (the event that
 * caused it), which is what makes crediting idempotent.
 */
export interface LedgerEntry {
  source: string;
  kind: "earn" | "reverse" | "redeem" | "adjust";
  /** Positive for earn, negative for reverse and redeem. */
  points: number;
  at: number;
  /** Earn: when the points stop being pending. */
  availableAt: number;
  /** Earn: when unspent points expire (null = never). */
  expiresAt: number | null;
  /** Reverse: the earn entry it takes back. */
  reverses: string | null;
  /** Money that counts towards spend-based tiers (order total; negative for refunds). */
  spend: number;
  reason: string;
}

export interface Balance {
  /** Points the shopper can spend now. */
  available: number;
  /** Earned but still inside the return window. */
  pending: number;
  /** Points reversed after they were spent: future earnings pay this off first. */
  owed: number;
  /** The soonest expiry of available points, if any. */
  nextExpiry: { points: number; at: number } | null;
  lifetimeEarned: number;
  redeemed: number;
  expired: number;
}

interface Lot {
  source: string;
  remaining: number;
  availableAt: number;
  expiresAt: number | null;
}

/** The ledger folded into lots (what each earn still holds), owed points and lifetime totals. */
function foldLots(entries: LedgerEntry[]) {
  const lots = new Map<string, Lot>();
  let owed = 0;
  let lifetimeEarned = 0;
  let redeemed = 0;
  const sorted = [...entries].sort((a, b) => a.at - b.at || a.source.localeCompare(b.source));
  for (const e of sorted) {
    if (e.kind === "earn" || (e.kind === "adjust" && e.points > 0)) {
      lifetimeEarned += e.points;
      const paid = Math.min(owed, e.points);
      owed -= paid;
      lots.set(e.source, { source: e.source, remaining: e.points - paid, availableAt: e.availableAt, expiresAt: e.expiresAt });
    } else if (e.kind === "reverse") {
      const lot = e.reverses ? lots.get(e.reverses) : undefined;
      const take = Math.min(lot?.remaining ?? 0, -e.points);
      if (lot) lot.remaining -= take;
      lifetimeEarned += e.points;
      owed += -e.points - take;
    } else {
      // redeem (or a negative adjustment): spend usable lots, soonest expiry first
      let need = -e.points;
      if (e.kind === "redeem") redeemed += need;
      for (const lot of usable(lots, e.at)) {
        const take = Math.min(lot.remaining, need);
        lot.remaining -= take;
        need -= take;
        if (need === 0) break;
      }
      owed += need;
    }
  }
  return { lots, owed, lifetimeEarned, redeemed };
}

/**
 * Folds the ledger into a balance at `now`. Points live in lots (one per earn); redemptions spend
 * the lots that expire first; a reversal takes back from its own lot and turns any shortfall
 * (points already spent) into `owed`, which the next earnings pay off. Pure and deterministic.
 */
export function balanceAt(entries: LedgerEntry[], now: number): Balance {
  const { lots, owed, lifetimeEarned, redeemed } = foldLots(entries);
  let available = 0;
  let pending = 0;
  let expired = 0;
  let nextExpiry: Balance["nextExpiry"] = null;
  for (const lot of lots.values()) {
    if (lot.remaining <= 0) continue;
    if (lot.expiresAt !== null && lot.expiresAt <= now) expired += lot.remaining;
    else if (lot.availableAt > now) pending += lot.remaining;
    else {
      available += lot.remaining;
      if (lot.expiresAt !== null && (!nextExpiry || lot.expiresAt < nextExpiry.at)) nextExpiry = { points: lot.remaining, at: lot.expiresAt };
      else if (lot.expiresAt !== null && nextExpiry && lot.expiresAt === nextExpiry.at) nextExpiry.points += lot.remaining;
    }
  }
  return { available, pending, owed, nextExpiry, lifetimeEarned, redeemed, expired };
}

/**
 * When unspent points expire and how many, given every entry so far (insights count expiry on the
 * day it happens: a lot's remainder at its expiry date; a later entry cannot spend an expired lot).
 */
export function expirySchedule(entries: LedgerEntry[]): { at: number; points: number }[] {
  return [...foldLots(entries).lots.values()].filter((l) => l.expiresAt !== null && l.remaining > 0).map((l) => ({ at: l.expiresAt as number, points: l.remaining }));
}

/** Lots that can be spent at time `t`, the ones expiring soonest first. */
function usable(lots: Map<string, Lot>, t: number): Lot[] {
  return [...lots.values()]
    .filter((l) => l.remaining > 0 && l.availableAt <= t && (l.expiresAt === null || l.expiresAt > t))
    .sort((a, b) => (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) || a.availableAt - b.availableAt);
}

/** Availability and expiry of points earned at `at` under the program. */
export function lotTimes(at: number, program: Pick<LoyaltyProgram, "pendingDays" | "expiryDays">, pending: boolean) {
  const availableAt = pending ? at + program.pendingDays * DAY_MS : at;
  return { availableAt, expiresAt: program.expiryDays === null ? null : availableAt + program.expiryDays * DAY_MS };
}
