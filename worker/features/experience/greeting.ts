import type { GreetingKind } from "../../../contract/experience";
import { DAY_MS } from "../../platform/time";

export interface GreetingInput {
  identified: boolean;
  visits: number;
  orders: number;
  firstName: string | null;
  /** Last activity before this visit (ms), or null on a first visit. */
  previousVisitAt: number | null;
  lastOrderAt: number | null;
  now: number;
  lapsedAfterDays: number;
}

/**
 * Picks the greeting tone. Lapsed wins for people we know (a customer, or someone who ordered)
 * whose last visit and last order are both older than the shop's lapse window: they get a
 * win-back tone rather than a plain "welcome back".
 */
export function chooseGreeting(g: GreetingInput): GreetingKind {
  const known = g.identified || g.orders > 0;
  const lastActive = Math.max(g.previousVisitAt ?? 0, g.lastOrderAt ?? 0);
  if (known && lastActive > 0 && g.now - lastActive > g.lapsedAfterDays * DAY_MS) return "lapsed";
  if (known && (g.visits > 1 || g.orders > 0)) return "known_customer";
  if (g.visits > 1) return "returning";
  return "first_visit";
}
