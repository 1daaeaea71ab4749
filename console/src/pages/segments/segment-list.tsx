import { useEffect, useState } from "preact/hooks";
import { TrendChart } from "../../charts/trend-chart";
import { errorMessage } from "../../errors";
import { useI18n, usePageMessages } from "../../i18n/i18n";
import { hrefOf, linkClick } from "../../router";
import { type HistoryDay, loadMembers, type Member, type SegmentRow, trendOf } from "./data";
import { messages, type SegmentMessages } from "./messages";

/** What a shop calls a segment: stage and RFM group names in the page's language, rule segments by their own name. */
export function segmentName(page: SegmentMessages, s: Pick<SegmentRow, "id" | "kind" | "name">): string {
  if (s.kind === "lifecycle") return page.stages[s.id] ?? s.name;
  if (s.kind === "rfm") return page.rfm[s.id.slice(4).replaceAll("-", "_")] ?? s.name;
  return s.name;
}

/** A tiny line of the counts (decoration: the figure and its change are written beside it). */
function Sparkline(props: { values: number[] }) {
  const W = 96;
  const H = 24;
  const hi = Math.max(...props.values, 1);
  const step = W / Math.max(1, props.values.length - 1);
  const points = props.values.map((v, i) => `${(i * step).toFixed(1)},${(H - 2 - (v / hi) * (H - 4)).toFixed(1)}`).join(" ");
  return (
    <svg class="spark" width={W} height={H} aria-hidden="true" focusable="false">
      <polyline points={points} />
    </svg>
  );
}

/** Which segment's detail is open, and which part. */
export interface Selection {
  id: string;
  view: "trend" | "members";
}

/** Every segment, grouped by kind (stages, RFM groups, the shop's rules), with today's count, a 90-day sparkline and buttons for its trend and its customers. */
export function SegmentTable(props: { segments: SegmentRow[]; days: HistoryDay[]; today: string; selected: Selection | null; onSelect: (s: Selection) => void }) {
  const page = usePageMessages(messages);
  const { f, locale } = useI18n();
  const l = page.list;
  const signed = new Intl.NumberFormat(locale, { signDisplay: "exceptZero" });
  return (
    <div class="table-wrap">
      <table class="data segments-table">
        <caption class="visually-hidden">{l.title}</caption>
        <thead>
          <tr>
            <th scope="col">{l.name}</th>
            <th scope="col" class="num">
              {l.members}
            </th>
            <th scope="col" class="trend-col">
              {l.trend}
            </th>
            <th scope="col">{l.actions}</th>
          </tr>
        </thead>
        {(["lifecycle", "rfm", "rule"] as const).map((kind) => (
          <tbody key={kind}>
            <tr class="group">
              <th scope="colgroup" colSpan={4}>
                {l.kinds[kind]}
              </th>
            </tr>
            {props.segments
              .filter((s) => s.kind === kind)
              .map((s) => {
                const name = segmentName(page, s);
                const trend = trendOf(s.id, props.days, props.today, s.members);
                const delta = trend.length > 1 ? s.members - (trend[0]?.value ?? 0) : null;
                const open = (view: Selection["view"]) => props.selected?.id === s.id && props.selected.view === view;
                return (
                  <tr key={s.id} class={props.selected?.id === s.id ? "selected" : undefined}>
                    <th scope="row">
                      <bdi>{name}</bdi>
                    </th>
                    <td class="num">{f.number(s.members)}</td>
                    <td class="trend-col">
                      {delta === null ? (
                        <span class="muted small">{l.noHistory}</span>
                      ) : (
                        <div class="trend-cell">
                          <Sparkline values={trend.map((p) => p.value)} />
                          <span class="small">{l.change(signed.format(delta))}</span>
                        </div>
                      )}
                    </td>
                    <td>
                      <div class="segment-actions">
                        <button type="button" class="button secondary small" aria-pressed={open("trend")} onClick={() => props.onSelect({ id: s.id, view: "trend" })}>
                          {l.trendButton}
                          <span class="visually-hidden">: {name}</span>
                        </button>
                        <button type="button" class="button secondary small" aria-pressed={open("members")} onClick={() => props.onSelect({ id: s.id, view: "members" })}>
                          {l.membersButton}
                          <span class="visually-hidden">: {name}</span>
                        </button>
                      </div>
                    </td>
                  </tr>
                );
              })}
          </tbody>
        ))}
      </table>
    </div>
  );
}

/** The 90-day chart of one segment (the overview's TrendChart), today's live count last. */
export function SegmentTrend(props: { segment: SegmentRow; days: HistoryDay[]; today: string }) {
  const page = usePageMessages(messages);
  const { f } = useI18n();
  const trend = trendOf(props.segment.id, props.days, props.today, props.segment.members);
  const name = segmentName(page, props.segment);
  return (
    <>
      <TrendChart
        id={`trend-${props.segment.id}`}
        title={page.detail.chartTitle(name)}
        labels={trend.map((p) => (p.day === props.today ? page.detail.today : f.dayMonth(p.day)))}
        series={[{ name, values: trend.map((p) => p.value), tone: "a" }]}
        kind="line"
        format={f.number}
      />
      <p class="muted small">{page.detail.historyNote}</p>
    </>
  );
}

/** A segment's customers, 25 at a time, each linking to their profile. */
export function SegmentMembers(props: { segment: SegmentRow }) {
  const page = usePageMessages(messages);
  const { t, f } = useI18n();
  const [rows, setRows] = useState<Member[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [busy, setBusy] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const more = (cursor: string | null, live = { on: true }) => {
    setBusy(true);
    setError(null);
    loadMembers(props.segment.id, cursor)
      .then((p) => {
        if (!live.on) return;
        setRows((r) => (cursor ? [...r, ...p.customers] : p.customers));
        setNext(p.nextCursor);
      })
      .catch((e) => live.on && setError(e))
      .finally(() => live.on && setBusy(false));
  };
  useEffect(() => {
    const live = { on: true };
    setRows([]);
    more(null, live);
    return () => {
      live.on = false;
    };
  }, [props.segment.id]);
  const d = page.detail;
  return (
    <div aria-busy={busy}>
      {rows.length > 0 && (
        <div class="table-wrap">
          <table class="data">
            <caption class="visually-hidden">{d.membersTitle(segmentName(page, props.segment))}</caption>
            <thead>
              <tr>
                <th scope="col">{d.customer}</th>
                <th scope="col">{d.email}</th>
                <th scope="col" class="num">
                  {d.orders}
                </th>
                <th scope="col">{d.stage}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.customerId}>
                  <th scope="row">
                    <a href={hrefOf("/customers", c.customerId)} onClick={linkClick("/customers", c.customerId)}>
                      <bdi>{c.firstName || c.customerId}</bdi>
                    </a>
                  </th>
                  <td>
                    <bdi>{c.email ?? ""}</bdi>
                  </td>
                  <td class="num">{f.number(c.orders)}</td>
                  <td>{page.stages[c.stage] ?? c.stage}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!busy && !error && rows.length === 0 && <p>{d.none}</p>}
      {busy && (
        <p class="muted" role="status">
          {d.loading}
        </p>
      )}
      {error !== null && (
        <p class="form-error" role="alert">
          {errorMessage(t, error)}{" "}
          <button type="button" class="button secondary small" onClick={() => more(rows.length ? next : null)}>
            {t.forms.retry}
          </button>
        </p>
      )}
      {next && !busy && (
        <button type="button" class="button secondary" onClick={() => more(next)}>
          {d.more}
        </button>
      )}
    </div>
  );
}
