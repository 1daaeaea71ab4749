import { useEffect, useState } from "preact/hooks";
import { CohortHeatmap } from "../charts/cohort-heatmap";
import { HoldoutCard } from "../charts/holdout-result";
import { TrendChart } from "../charts/trend-chart";
import { errorMessage } from "../errors";
import { useI18n } from "../i18n/i18n";
import { EmptyShop, Kpis, LoyaltyCard } from "./overview-parts";
import { isEmpty, loadOverview, type OverviewData, presetRange, type RangeChoice } from "./overview-data";
import { RangePicker } from "./range-picker";

/**
 * The overview: is the shop keeping its customers, what does loyalty owe, and what does
 * personalization earn? Everything comes from the insights API for the chosen range; a shop
 * without data yet sees its first steps instead of empty charts.
 */
export function Overview() {
  const { t, f } = useI18n();
  const [choice, setChoice] = useState<RangeChoice>("30d");
  const [range, setRange] = useState(() => presetRange("30d"));
  const [data, setData] = useState<OverviewData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  // `attempt` re-runs the load on Retry.
  useEffect(() => {
    let live = true;
    setError(null);
    loadOverview(range.from, range.to)
      .then((d) => live && setData(d))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [range.from, range.to, attempt]);

  const summary = data?.summary;
  // Months by name; weeks (and days) by their first day, without the year the range already gives.
  const seriesLabels = summary?.series.map((s) => (/^\d{4}-\d{2}$/.test(s.period) ? f.month(s.period) : f.dayMonth(s.from))) ?? [];
  const money = (n: number) => f.money(n, summary?.currency ?? "USD");
  const splits = summary?.series.map((p) => p.revenueFrom) ?? [];
  const nps = data?.surveys.nps.filter((m) => m.answers > 0) ?? [];

  return (
    <section class="page overview" aria-busy={!data && !error}>
      <div class="page-head">
        <h1 tabIndex={-1}>{t.overview.title}</h1>
        <RangePicker
          choice={choice}
          range={range}
          onChange={(c, r) => {
            setChoice(c);
            setRange(r);
          }}
        />
      </div>
      {error ? (
        <div class="card error-card" role="alert">
          <p>{errorMessage(t, error)}</p>
          <button type="button" class="button secondary" onClick={() => setAttempt(attempt + 1)}>
            {t.overview.retry}
          </button>
        </div>
      ) : !data || !summary ? (
        <p class="muted" role="status">
          {t.loading}
        </p>
      ) : isEmpty(data) ? (
        <EmptyShop />
      ) : (
        <>
          <Kpis total={summary.total} currency={summary.currency} />
          <div class="grid-2">
            <section class="card">
              {seriesLabels.length > 1 ? (
                <TrendChart
                  id="repeat-rate"
                  title={t.overview.repeatOverTime}
                  kind="line"
                  labels={seriesLabels}
                  series={[{ name: t.overview.repeatRate, tone: "a", values: summary.series.map((s) => s.repeatPurchaseRate) }]}
                  format={(n) => f.percent(n, 0)}
                  domain={[0, Math.max(0.1, ...summary.series.map((s) => s.repeatPurchaseRate ?? 0))]}
                />
              ) : (
                <p class="muted">{t.overview.chartNone}</p>
              )}
            </section>
            <section class="card">
              <TrendChart
                id="revenue-split"
                title={t.overview.revenueSplit}
                kind="stacked"
                labels={seriesLabels}
                series={[
                  { name: t.overview.newLabel, tone: "a", values: splits.map((s) => s.new) },
                  { name: t.overview.returningLabel, tone: "b", values: splits.map((s) => s.returning) },
                ]}
                format={money}
              />
            </section>
          </div>
          <section class="card" aria-labelledby="cohorts-title">
            <h2 id="cohorts-title">{t.overview.cohortsTitle}</h2>
            <p class="muted">{t.overview.cohortsIntro}</p>
            {data.cohorts.cohorts.length ? <CohortHeatmap data={data.cohorts} /> : <p class="muted">{t.overview.chartNone}</p>}
          </section>
          <div class="grid-2">
            <LoyaltyCard data={data.loyalty} />
            <section class="card">
              {nps.length ? (
                <TrendChart
                  id="nps"
                  title={t.overview.npsTitle}
                  kind="line"
                  labels={nps.map((m) => f.month(m.month))}
                  series={[{ name: "NPS", tone: "a", values: nps.map((m) => m.nps) }]}
                  format={f.number}
                  domain={[-100, 100]}
                />
              ) : (
                <>
                  <h2>{t.overview.npsTitle}</h2>
                  <p class="muted">{t.overview.npsNone}</p>
                </>
              )}
            </section>
          </div>
          {data.holdout && <HoldoutCard result={data.holdout} />}
        </>
      )}
    </section>
  );
}
