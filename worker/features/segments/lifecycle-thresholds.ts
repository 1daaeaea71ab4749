/** Lifecycle thresholds in days; null means "scale with the shop's own buying rhythm". */
export interface LifecycleConfig {
  atRiskAfterDays: number | null;
  lapsedAfterDays: number | null;
  /** Orders from which a repeat customer counts as loyal / VIP (with `vipSpend`, either is enough). */
  loyalMinOrders: number;
  vipSpend: number | null;
}

/**
 * Thresholds that scale with the shop's median days between a customer's orders: at risk after
 * twice the usual gap, lapsed after four times it (clamped to 14..730 days). A shop whose
 * customers reorder weekly lapses customers much sooner than one selling sofas.
 */
export function effectiveThresholds(cfg: LifecycleConfig, medianGapDays: number | null, fallbackLapsedDays: number) {
  const clamp = (d: number) => Math.min(730, Math.max(14, Math.round(d)));
  const lapsed = cfg.lapsedAfterDays ?? (medianGapDays ? clamp(medianGapDays * 4) : fallbackLapsedDays);
  const atRisk = cfg.atRiskAfterDays ?? (medianGapDays ? Math.min(lapsed, clamp(medianGapDays * 2)) : Math.round(lapsed / 2));
  return { atRiskAfterDays: atRisk, lapsedAfterDays: lapsed };
}

/** The median of the per-customer average gaps between orders, in days (null without repeat buyers). */
export function medianGap(gapsDays: number[]): number | null {
  if (gapsDays.length === 0) return null;
  const s = [...gapsDays].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? null) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}
