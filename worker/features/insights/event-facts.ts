/** A visit as the experience counted it (visits.ts): when, the previous visit, and who. */
export interface VisitFact {
  at: number;
  previousAt: number | null;
  identified: boolean;
}

/** Recommendation events of one batch (placement and reason as the widget reported them). */
export interface RecFact {
  at: number;
  /** 0 impression (one per product shown), 1 click, 2 add to cart after a click, 3 attributed minor units. */
  event: 0 | 1 | 2 | 3;
  placement: string;
  reason: string;
  n: number;
}
