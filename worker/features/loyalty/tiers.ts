import type { LedgerEntry } from "./ledger";
import type { LoyaltyProgram, TierDef } from "./program";
import { DAY_MS } from "../../platform/time";

export interface TierStatus {
  tier: TierDef | null;
  next: TierDef | null;
  /** Points or spend counted in the current window. */
  value: number;
  toNext: number;
  /** 0..1 progress from the current tier's threshold to the next one's. */
  progress: number;
  /** When the current tier ends unless requalified (null: never, or no tier). */
  heldUntil: number | null;
}

const YEAR = 365 * DAY_MS;

/**
 * Tier status at `now` (upgrade at once, downgrade only at the window's end).
 * A tier reached at time u is held until the end of u's window: forever for `lifetime`, the end of
 * the following calendar year for `calendar_year`, u + 12 months for `rolling_12_months`.
 * The status is the best tier held at `now`. Refunds lower the value from their own date, so
 * they can stop a future upgrade but never take away a tier mid-window.
 */
export function tierStatus(entries: LedgerEntry[], program: Pick<LoyaltyProgram, "tiers" | "tierBasis" | "tierWindow">, now: number): TierStatus {
  const tiers = [...program.tiers].sort((a, b) => a.threshold - b.threshold);
  const moments = qualifying(entries, program.tierBasis).filter((m) => m.at <= now);
  let held: TierDef | null = null;
  let heldUntil: number | null = null;
  // Each ledger line in order: what the window held just after it (lines at the same moment count
  // in the order they happened, so an upgrade followed by a refund in the same second still upgrades).
  const values = runningValues(moments, program.tierWindow);
  for (const [i, m] of moments.entries()) {
    const t = tierFor(tiers, values[i] ?? 0);
    const until = holdUntil(m.at, program.tierWindow);
    if (!t || (until !== null && until <= now)) continue;
    if (!held || t.threshold > held.threshold || (t.threshold === held.threshold && (until === null || (heldUntil !== null && until > heldUntil)))) {
      held = t;
      heldUntil = until;
    }
  }
  // A zero-threshold tier is everyone's floor.
  const floor = tiers[0] && tiers[0].threshold <= 0 ? tiers[0] : null;
  if (!held && floor) held = floor;
  const value = windowValue(moments, now, program.tierWindow);
  const next = tiers.find((t) => t.threshold > Math.max(value, held?.threshold ?? -1) && t.threshold > (held?.threshold ?? -1)) ?? null;
  const from = held?.threshold ?? 0;
  const toNext = next ? round2(Math.max(0, next.threshold - value)) : 0;
  const progress = next ? clamp01((value - from) / (next.threshold - from || 1)) : 1;
  return { tier: held, next, value: round2(value), toNext, progress: round2(progress), heldUntil: held === floor ? null : heldUntil };
}

/** The tier in force when an order is placed at `at` (for its earning multiplier): everything up to and including that moment counts. */
export function multiplierAt(entries: LedgerEntry[], program: Pick<LoyaltyProgram, "tiers" | "tierBasis" | "tierWindow">, at: number): number {
  return (
    tierStatus(
      entries.filter((e) => e.at <= at),
      program,
      at,
    ).tier?.multiplier ?? 1
  );
}

function qualifying(entries: LedgerEntry[], basis: LoyaltyProgram["tierBasis"]) {
  return entries
    .filter((e) => e.kind === "earn" || e.kind === "reverse")
    .map((e) => ({ at: e.at, amount: basis === "spend" ? e.spend : e.points }))
    .filter((m) => m.amount !== 0)
    .sort((a, b) => a.at - b.at);
}

/** Whether a moment at `t` counts in the window that ends at `at`. */
function inWindow(t: number, at: number, window: LoyaltyProgram["tierWindow"]): boolean {
  if (t > at) return false;
  if (window === "lifetime") return true;
  if (window === "calendar_year") return t >= Date.UTC(new Date(at).getUTCFullYear(), 0, 1);
  return t > at - YEAR;
}

/** The window's value at `at`: everything in it up to that moment. */
function windowValue(moments: { at: number; amount: number }[], at: number, window: LoyaltyProgram["tierWindow"]): number {
  let sum = 0;
  for (const m of moments) if (inWindow(m.at, at, window)) sum += m.amount;
  return sum;
}

/**
 * The window's value just after each moment, in one pass (a sliding window over the time-ordered
 * moments), so a long history costs linear time, not quadratic.
 */
function runningValues(moments: { at: number; amount: number }[], window: LoyaltyProgram["tierWindow"]): number[] {
  const out: number[] = [];
  let sum = 0;
  let first = 0;
  for (const [i, m] of moments.entries()) {
    sum += m.amount;
    while (first < i && !inWindow(moments[first]?.at ?? 0, m.at, window)) sum -= moments[first++]?.amount ?? 0;
    out.push(sum);
  }
  return out;
}

function holdUntil(at: number, window: LoyaltyProgram["tierWindow"]): number | null {
  if (window === "lifetime") return null;
  if (window === "calendar_year") return Date.UTC(new Date(at).getUTCFullYear() + 2, 0, 1);
  return at + YEAR;
}

function tierFor(sorted: TierDef[], value: number): TierDef | null {
  let t: TierDef | null = null;
  for (const x of sorted) if (value >= x.threshold) t = x;
  return t;
}

const clamp01 = (n: number) => Math.min(1, Math.max(0, n));
const round2 = (n: number) => Math.round(n * 100) / 100;
