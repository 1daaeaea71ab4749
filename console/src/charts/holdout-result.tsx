import { useI18n } from "../i18n/i18n";
import type { HoldoutResult } from "../pages/overview-data";

interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/**
 * One lift with its 95 % confidence interval drawn on a number line around zero: the bar is the
 * interval, the dot the estimate, the thin line "no difference". A number line keeps negative on
 * the left in every language (dir="ltr"), and its ends are labelled, so it is never ambiguous.
 */
function IntervalLine(props: { label: string; interval: Interval; significant: boolean; format: (n: number) => string }) {
  const { t } = useI18n();
  const { low, high, estimate } = props.interval;
  const reach = Math.max(Math.abs(low), Math.abs(high), 1e-9) * 1.15;
  const at = (v: number) => `${((v + reach) / (2 * reach)) * 100}%`;
  const text = t.overview.interval(props.format(low), props.format(high));
  return (
    <div class="lift">
      <p class="lift-head">
        <span>{props.label}</span> <strong>{props.format(estimate)}</strong>{" "}
        <span class={props.significant ? "badge good" : "badge"}>{props.significant ? t.overview.significant : t.overview.notSignificant}</span>
      </p>
      <div class="interval" dir="ltr" role="img" aria-label={`${props.label}: ${props.format(estimate)}; ${text}`}>
        <span class="interval-zero" style={{ left: at(0) }} />
        <span class={props.significant ? "interval-range good" : "interval-range"} style={{ left: at(low), width: `${((high - low) / (2 * reach)) * 100}%` }} />
        <span class="interval-dot" style={{ left: at(estimate) }} />
      </div>
      <p class="muted small">{text}</p>
    </div>
  );
}

/** The holdout experiment: sample progress until there is enough data, then the lifts with their intervals. */
export function HoldoutCard(props: { result: HoldoutResult }) {
  const { t, f } = useI18n();
  const r = props.result;
  const shoppers = (arm: string) => f.number(r.arms[arm]?.shoppers ?? 0);
  const lift = r.lift;
  return (
    <section class="card" aria-labelledby="holdout-title">
      <h2 id="holdout-title">{t.overview.holdoutTitle}</h2>
      <p class="muted">{t.overview.holdoutIntro(f.percent(r.experiment.holdoutPercent / 100, 2))}</p>
      {r.status !== "ready" || !lift ? (
        <p>{t.overview.notEnoughData(f.number(r.sampleSize.neededPerArm), shoppers("treatment"), shoppers("holdout"))}</p>
      ) : (
        <>
          <IntervalLine label={t.overview.conversionLift} interval={lift.conversion.relative ?? lift.conversion.absolute} significant={lift.conversion.significant} format={f.signedPercent} />
          <IntervalLine
            label={t.overview.revenueLift}
            interval={lift.revenuePerShopper.relative ?? lift.revenuePerShopper.absolute}
            significant={lift.revenuePerShopper.significant}
            format={lift.revenuePerShopper.relative ? f.signedPercent : (n) => f.money(n, r.currency)}
          />
        </>
      )}
    </section>
  );
}
