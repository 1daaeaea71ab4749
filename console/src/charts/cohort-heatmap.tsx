import type { Cohorts } from "../pages/overview-data";
import { useI18n } from "../i18n/i18n";

/**
 * The cohort retention triangle as a heat map: a real <table> (rows are first-order months,
 * columns months after), each cell shaded by its share through a CSS custom property, so it
 * reads cell by cell with a screen reader and mirrors with the page in right-to-left languages.
 */
export function CohortHeatmap(props: { data: Cohorts }) {
  const { t, f } = useI18n();
  const width = Math.max(0, ...props.data.cohorts.map((c) => c.values.length));
  const months = Array.from({ length: width }, (_, k) => k);
  return (
    <div class="heatmap-scroll">
      <table class="heatmap">
        <caption class="visually-hidden">{t.overview.cohortsTitle}</caption>
        <thead>
          <tr>
            <th scope="col">{t.overview.cohort}</th>
            <th scope="col">{t.overview.customers}</th>
            {months.map((k) => (
              <th key={k} scope="col">
                {t.overview.monthN(f.number(k))}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.data.cohorts.map((c) => (
            <tr key={c.cohort}>
              <th scope="row">{f.month(c.cohort)}</th>
              <td class="count">{f.number(c.customers)}</td>
              {months.map((k) => {
                const v = c.values[k];
                if (v === undefined) return <td key={k} class="cell empty" />;
                return (
                  <td key={k} class={v >= 0.5 ? "cell strong" : "cell"} style={{ "--share": String(v) }}>
                    {f.percent(v, 0)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
