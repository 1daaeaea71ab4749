import type { CellBook } from "./cells";
import { monthLabel, monthOf } from "./period";
import { money, ratio } from "./summary";

/** One row of the recommendations table: a placement or a reason, and what its picks did. */
export interface RecRow {
  key: string;
  impressions: number;
  clicks: number;
  clickThroughRate: number | null;
  addToCarts: number;
  attributedRevenue: number;
}

/**
 * Recommendations over [from, to] by placement and by reason: impressions (one per product
 * shown), clicks, click-through (clicks ÷ impressions), add-to-carts of a clicked product, and
 * attributed revenue: what orders paid for a clicked product within the site's attribution window
 * after the click, net of refunds, counted on the order's day.
 */
export function recommendationInsights(cells: CellBook, from: number, to: number) {
  const by = { placement: new Map<string, number[]>(), reason: new Map<string, number[]>() };
  const total = [0, 0, 0, 0];
  for (const c of cells.range("rec", from, to)) {
    const [placement = "", reason = ""] = c.c.split("\u001f");
    for (const [map, key] of [
      [by.placement, placement],
      [by.reason, reason],
    ] as const) {
      const row = map.get(key) ?? [0, 0, 0, 0];
      map.set(key, row);
      row[c.b] = (row[c.b] ?? 0) + c.n;
    }
    total[c.b] = (total[c.b] ?? 0) + c.n;
  }
  const rows = (m: Map<string, number[]>) => [...m].map(([key, v]) => row(key, v)).sort((a, b) => b.impressions - a.impressions || a.key.localeCompare(b.key));
  return { total: row("total", total), byPlacement: rows(by.placement), byReason: rows(by.reason) };
}

const row = (key: string, [impressions = 0, clicks = 0, addToCarts = 0, minor = 0]: number[]): RecRow => ({
  key,
  impressions,
  clicks,
  clickThroughRate: ratio(clicks, impressions, 4),
  addToCarts,
  attributedRevenue: money(minor),
});

/**
 * Surveys over [from, to]: per survey, times shown and answered (response rate = answered ÷
 * shown); NPS per month: promoters (9–10) minus detractors (0–6), as a share of answers × 100.
 */
export function surveyInsights(cells: CellBook, from: number, to: number) {
  const surveys = new Map<string, [number, number]>();
  for (const c of cells.range("survey", from, to)) {
    const s = surveys.get(c.c) ?? [0, 0];
    surveys.set(c.c, s);
    s[c.b === 1 ? 1 : 0] += c.n;
  }
  const months = new Map<number, number[]>();
  for (const c of cells.range("nps", monthOf(from), monthOf(to))) {
    const h = months.get(c.a) ?? Array.from({ length: 11 }, () => 0);
    months.set(c.a, h);
    h[c.b] = (h[c.b] ?? 0) + c.n;
  }
  return {
    surveys: [...surveys].map(([survey, [shown, answered]]) => ({ survey, shown, answered, responseRate: ratio(answered, shown, 4) })).sort((a, b) => a.survey.localeCompare(b.survey)),
    nps: [...months]
      .sort((a, b) => a[0] - b[0])
      .map(([m, h]) => {
        const answers = h.reduce((s, n) => s + n, 0);
        const promoters = (h[9] ?? 0) + (h[10] ?? 0);
        const detractors = h.slice(0, 7).reduce((s, n) => s + n, 0);
        return { month: monthLabel(m), answers, promoters, passives: answers - promoters - detractors, detractors, nps: answers ? Math.round(((promoters - detractors) / answers) * 1000) / 10 : null };
      }),
  };
}
