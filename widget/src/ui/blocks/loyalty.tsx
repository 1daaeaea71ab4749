import { formatMoney, formatNumber } from "../format";
import { t } from "../i18n";
import type { BlockProps } from "./props";

/** Points, tier badge and progress to the next tier (by points or by spend, per the site). */
export function Loyalty({ exp, l }: BlockProps) {
  const y = exp.loyalty;
  if (!y) return null;
  const next = y.nextTier;
  const pct = Math.round(Math.min(1, Math.max(0, y.progress || 0)) * 100);
  return (
    <section class="box" data-testid="revisit-loyalty" aria-labelledby="rv-loy">
      <h2 id="rv-loy">
        {t(l, "rewards")}
        {y.tier && <span class="badge">{y.tier.name}</span>}
      </h2>
      <p class="m0">
        <strong>{t(l, "points", { n: formatNumber(l, y.points) }, y.points)}</strong>
      </p>
      {next ? (
        <>
          <div class="bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={t(l, "progress", { tier: next.name })}>
            <span style={{ width: `${pct}%` }} />
          </div>
          <p class="muted m0">
            {y.basis === "spend"
              ? t(l, "to_spend", { amount: formatMoney(l, y.toNextTier, exp.currency), tier: next.name })
              : t(l, "to_points", { n: formatNumber(l, y.toNextTier), tier: next.name }, y.toNextTier)}
          </p>
        </>
      ) : (
        <p class="muted m0">
          {t(l, "top")}
        </p>
      )}
    </section>
  );
}
