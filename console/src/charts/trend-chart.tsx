import { useI18n } from "../i18n/i18n";
import { useWidth } from "./use-width";

/** One line (or one layer of stacked bars) of a chart; `tone` picks its colour from the stylesheet. */
export interface Series {
  name: string;
  values: (number | null)[];
  tone: "a" | "b";
}

const HEIGHT = 200;
const PAD = { top: 12, bottom: 28, end: 12 };

/**
 * A small hand-drawn SVG chart (README "Design notes": a few hundred bytes instead of a chart
 * library): lines for rates and scores over time, stacked bars for money split in two. Time runs
 * with the reading direction (right to left in Arabic and Persian). Every chart also has its
 * figures as a table under a disclosure, for screen readers and for copying.
 */
export function TrendChart(props: { id: string; title: string; labels: string[]; series: Series[]; kind: "line" | "stacked"; format: (n: number) => string; domain?: [number, number] }) {
  const { locale, t } = useI18n();
  const [ref, width] = useWidth<HTMLDivElement>();
  const rtl = locale !== "en";
  const n = props.labels.length;
  const totals = props.labels.map((_, i) => props.series.reduce((s, x) => s + (props.kind === "stacked" ? (x.values[i] ?? 0) : 0), 0));
  const all = props.kind === "stacked" ? totals : props.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const [lo, hi] = props.domain ?? [Math.min(0, ...all), Math.max(0, ...all) || 1];
  const ticks = [lo, (lo + hi) / 2, hi];
  // Room for the longest y label (about 7 px a character at 12 px), so money never runs off the edge.
  const start = 14 + 7 * Math.max(...ticks.map((v) => props.format(v).length));
  const plotW = width - start - PAD.end;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const band = plotW / Math.max(1, n);
  const X = (px: number) => (rtl ? width - px : px);
  const xAt = (i: number) => start + band * i + band / 2;
  const yAt = (v: number) => PAD.top + plotH - ((v - lo) / (hi - lo || 1)) * plotH;
  const every = Math.max(1, Math.ceil(n / Math.max(2, Math.floor(plotW / 80))));
  // Every `every`-th label, and always the newest one (anchored at its edge so it is never clipped).
  const shown = (i: number) => i === n - 1 || (i % every === 0 && n - 1 - i >= every);
  // SVG text does not take the page's direction in Chromium; set it, so "end" is the far side in both.
  const dir = rtl ? "rtl" : "ltr";
  const captionId = `${props.id}-caption`;

  return (
    <figure class="chart">
      <figcaption id={captionId}>{props.title}</figcaption>
      <div ref={ref} class="chart-box">
        <svg width={width} height={HEIGHT} role="img" aria-labelledby={captionId} class="chart-svg">
          <title>{props.title}</title>
          {ticks.map((v) => (
            <g key={v}>
              <line class="grid" x1={X(start)} x2={X(width - PAD.end)} y1={yAt(v)} y2={yAt(v)} />
              <text class="tick" x={X(start - 6)} y={yAt(v) + 4} text-anchor="end" direction={dir}>
                {props.format(v)}
              </text>
            </g>
          ))}
          {props.labels.map((label, i) =>
            shown(i) ? (
              <text key={label} class="tick" x={X(i === n - 1 && n > 1 ? xAt(i) + band / 2 : xAt(i))} y={HEIGHT - 8} text-anchor={i === n - 1 && n > 1 ? "end" : "middle"} direction={dir}>
                {label}
              </text>
            ) : null,
          )}
          {props.kind === "stacked"
            ? props.labels.map((label, i) => {
                let base = 0;
                return props.series.map((s) => {
                  const v = s.values[i] ?? 0;
                  const y0 = yAt(base);
                  const y1 = yAt((base += v));
                  const w = Math.max(2, band * 0.6);
                  return (
                    <rect key={`${label}-${s.name}`} class={`bar tone-${s.tone}`} x={X(xAt(i)) - w / 2} y={Math.min(y0, y1)} width={w} height={Math.abs(y0 - y1)}>
                      <title>{`${label} · ${s.name}: ${props.format(v)}`}</title>
                    </rect>
                  );
                });
              })
            : props.series.map((s) => {
                const points = s.values.flatMap((v, i) => (v === null ? [] : [[X(xAt(i)), yAt(v), i, v] as const]));
                return (
                  <g key={s.name} class={`line tone-${s.tone}`}>
                    <polyline points={points.map(([x, y]) => `${x},${y}`).join(" ")} />
                    {points.map(([x, y, i, v]) => (
                      <circle key={i} cx={x} cy={y} r={3.5}>
                        <title>{`${props.labels[i]}: ${props.format(v)}`}</title>
                      </circle>
                    ))}
                  </g>
                );
              })}
        </svg>
      </div>
      {props.series.length > 1 && (
        <ul class="legend">
          {props.series.map((s) => (
            <li key={s.name}>
              <span class={`swatch tone-${s.tone}`} aria-hidden="true" />
              {s.name}
            </li>
          ))}
        </ul>
      )}
      <details class="figures">
        <summary>{t.overview.tableOf(props.title)}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t.overview.period}</th>
              {props.series.map((s) => (
                <th key={s.name} scope="col">
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.labels.map((label, i) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {props.series.map((s) => {
                  const v = s.values[i];
                  return <td key={s.name}>{v === null || v === undefined ? t.overview.none : props.format(v)}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
