import { balanceAt, lotTimes, type LedgerEntry } from "./ledger";
import type { LoyaltyProgram } from "./program";

/**
 * A shop's own change to a customer's points (goodwill credit, correcting a mistake), decided
 * before anything is written. Idempotent by the caller's key: the ledger line's source is
 * `adjust:<key>`, and the ledger's unique source makes a second write impossible even if two
 * requests race. A positive adjustment is a lot spendable at once that expires like earned points;
 * it does not count towards tiers (tiers reflect what customers earned by buying and acting, not
 * what the shop granted). A negative one spends lots like a redemption and cannot go below zero.
 */
export type AdjustDecision =
  | { kind: "write"; line: LedgerEntry }
  | { kind: "duplicate"; line: LedgerEntry }
  | { kind: "key_reused"; line: LedgerEntry }
  | { kind: "insufficient_points"; available: number };

/** The ledger source of an adjustment key. */
export const adjustSource = (key: string) => `adjust:${key}`;

/** What `POST /v1/customers/{id}/points` does with `points` and `reason` under `key`, given the ledger at `now`. */
export function decideAdjustment(entries: readonly LedgerEntry[], key: string, points: number, reason: string, program: LoyaltyProgram, now: number): AdjustDecision {
  const source = adjustSource(key);
  const seen = entries.find((e) => e.source === source);
  if (seen) return seen.points === points && seen.reason === reason ? { kind: "duplicate", line: seen } : { kind: "key_reused", line: seen };
  if (points < 0) {
    const b = balanceAt([...entries], now);
    const available = b.available - b.owed;
    if (available < -points) return { kind: "insufficient_points", available: Math.max(0, available) };
  }
  const expiresAt = points > 0 ? lotTimes(now, program, false).expiresAt : null;
  return { kind: "write", line: { source, kind: "adjust", points, at: now, availableAt: now, expiresAt, reverses: null, spend: 0, reason } };
}
