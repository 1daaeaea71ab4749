import type { ProfileState } from "./profile";

/** A new visit starts after 30 minutes idle. */
export const DEFAULT_IDLE_MINUTES = 30;

export interface VisitTouch {
  visits: number;
  lastSeen: number;
  previousVisitAt: number | null;
  /** True when this touch started a new visit. */
  newVisit: boolean;
}

/**
 * Counts visits the way analytics tools do: activity more than `idleMs` after the previous
 * activity starts a new visit. Clock skew (a `now` before `lastSeen`) never un-counts a visit.
 */
export function touchVisit(p: Pick<ProfileState, "visits" | "lastSeen" | "previousVisitAt">, now: number, idleMs: number): VisitTouch {
  const newVisit = p.visits === 0 || now - p.lastSeen > idleMs;
  return {
    visits: newVisit ? p.visits + 1 : p.visits,
    lastSeen: Math.max(now, p.lastSeen),
    previousVisitAt: newVisit ? (p.visits === 0 ? null : p.lastSeen) : p.previousVisitAt,
    newVisit,
  };
}
