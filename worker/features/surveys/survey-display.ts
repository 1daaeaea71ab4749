import type { SurveyRound } from "./survey-round";
import { DAY_MS } from "../../platform/time";

/**
 * When a survey may start for a shopper (site config `surveys[].display`). Rules are data, read
 * here and never executed; a survey the shopper already started continues whatever they say.
 */
export interface DisplayRules {
  /** `purchase`: only once the shopper has a paid order. */
  after: "any" | "purchase";
  /** From the shopper's Nth visit on. */
  minVisits: number;
  /** Only for members of any of these segments; empty: everyone. */
  segments: string[];
  /** Never again once completed or dismissed; false: again (from the start) after `cooldownDays`. */
  once: boolean;
  /** Not within this many days of the shopper's last survey answer or dismissal (any survey). */
  cooldownDays: number;
}

export const DEFAULT_DISPLAY: DisplayRules = { after: "any", minVisits: 1, segments: [], once: true, cooldownDays: 0 };

/** What the rules read about the shopper now. */
export interface DisplayFacts {
  /** Visits so far, the current one included. */
  visits: number;
  /** Paid orders (a fully refunded order no longer counts). */
  orders: number;
  /** Segment ids the shopper is in (lifecycle stage, `rfm-<group>`, rule segments). */
  segments: readonly string[];
  /** Latest survey answer or dismissal of any survey, ms; null: never. */
  lastSurveyAt: number | null;
  now: number;
}

export type HideReason = "completed" | "dismissed" | "same_visit" | "cooldown" | "purchase" | "visits" | "segment";
export type DisplayDecision = { show: true } | { show: false; reason: HideReason };

/** Whether a survey may be shown now, and if not, the first rule that stops it. Pure. */
export function displayDecision(
  rules: Partial<DisplayRules> | undefined,
  round: Pick<SurveyRound, "inProgress" | "completedAt" | "dismissedAt" | "closedVisit">,
  facts: DisplayFacts,
): DisplayDecision {
  const r = { ...DEFAULT_DISPLAY, ...rules };
  const hide = (reason: HideReason): DisplayDecision => ({ show: false, reason });
  if (r.once && round.completedAt !== null) return hide("completed");
  if (r.once && round.dismissedAt !== null) return hide("dismissed");
  if (round.inProgress) return { show: true };
  // "Not now" (or a finished survey shown again later) means at least not in this visit.
  if (round.closedVisit !== null && round.closedVisit === facts.visits) return hide("same_visit");
  if (facts.lastSurveyAt !== null && facts.now - facts.lastSurveyAt < r.cooldownDays * DAY_MS) return hide("cooldown");
  if (r.after === "purchase" && facts.orders < 1) return hide("purchase");
  if (facts.visits < r.minVisits) return hide("visits");
  if (r.segments.length > 0 && !r.segments.some((s) => facts.segments.includes(s))) return hide("segment");
  return { show: true };
}
