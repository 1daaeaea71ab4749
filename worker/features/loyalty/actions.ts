import type { LedgerEntry } from "./ledger";
import type { Action, LoyaltyProgram } from "./program";
import { DAY_MS } from "../../platform/time";

export type ActionAward = { points: number; reason: "awarded" } | { points: 0; reason: "not_in_program" | "daily_limit" | "lifetime_limit" };

/**
 * Points for a fixed action under the program's caps. Counts earlier awards of the same action
 * from their ledger sources (`action:<name>:…`), per UTC day and over the shopper's lifetime.
 */
export function actionAward(action: Action, entries: LedgerEntry[], program: Pick<LoyaltyProgram, "actions" | "actionLimits">, at: number): ActionAward {
  const points = program.actions[action] ?? 0;
  if (points <= 0) return { points: 0, reason: "not_in_program" };
  const limits = program.actionLimits[action];
  const prefix = `action:${action}:`;
  const earlier = entries.filter((e) => e.kind === "earn" && e.source.startsWith(prefix));
  if (limits?.lifetime != null && earlier.length >= limits.lifetime) return { points: 0, reason: "lifetime_limit" };
  const day = Math.floor(at / DAY_MS);
  if (limits?.perDay != null && earlier.filter((e) => Math.floor(e.at / DAY_MS) === day).length >= limits.perDay) return { points: 0, reason: "daily_limit" };
  return { points, reason: "awarded" };
}
