/** A table as `toCsv` takes it. */
export interface Table {
  columns: { key: string; label: string }[];
  rows: Record<string, unknown>[];
}

const cols = (...keys: string[]) => keys.map((key) => ({ key, label: key }));
type Row = Record<string, unknown>;
type Figures = Row & { averageOrderValue: { new: number | null; returning: number | null }; revenueFrom: { new: number; returning: number }; visitors: { identified: number; anonymous: number } };

/**
 * Each insight's CSV table (`Accept: text/csv`): one flat row per period, cohort, reward, group
 * or arm, with the JSON field names as column labels so a spreadsheet and the API agree.
 */
export function asTable(name: string, body: unknown): Table {
  const b = body as Row;
  if (name === "summary") {
    const flat = (f: Figures) => ({
      ...f,
      aovNew: f.averageOrderValue.new,
      aovReturning: f.averageOrderValue.returning,
      revenueNew: f.revenueFrom.new,
      revenueReturning: f.revenueFrom.returning,
      identifiedVisitors: f.visitors.identified,
      anonymousVisitors: f.visitors.anonymous,
    });
    return {
      columns: cols(
        "period",
        "from",
        "to",
        "customersWithOrder",
        "newCustomers",
        "returningCustomers",
        "orders",
        "revenue",
        "aovNew",
        "aovReturning",
        "revenueNew",
        "revenueReturning",
        "repeatCustomers",
        "repeatPurchaseRate",
        "medianDaysToSecondOrder",
        "visits",
        "returningVisitShare",
        "identifiedVisitors",
        "anonymousVisitors",
      ),
      rows: [...(b.series as Figures[]), b.total as Figures].map(flat),
    };
  }
  if (name.startsWith("cohorts-")) {
    const list = b.cohorts as { cohort: string; customers: number; values: number[] }[];
    const width = Math.max(0, ...list.map((c) => c.values.length));
    const months = Array.from({ length: width }, (_, k) => `month${k}`);
    return { columns: cols("cohort", "customers", ...months), rows: list.map((c) => ({ cohort: c.cohort, customers: c.customers, ...Object.fromEntries(c.values.map((v, k) => [`month${k}`, v])) })) };
  }
  if (name === "loyalty-series") return { columns: cols("period", "from", "to", "issued", "redeemed", "expired", "reversed"), rows: b.series as Row[] };
  if (name === "loyalty-rewards") return { columns: cols("reward", "redemptions"), rows: b.rewards as Row[] };
  if (name === "loyalty-comparison") {
    const c = b.comparison as { members: Row; nonMembers: Row };
    return {
      columns: cols("group", "customers", "orders", "revenue", "averageOrderValue", "ordersPerCustomer", "repeatPurchaseRate"),
      rows: [
        { group: "members", ...c.members },
        { group: "nonMembers", ...c.nonMembers },
      ],
    };
  }
  if (name.startsWith("recommendations-")) {
    const by = name.endsWith("reason") ? (b.byReason as Row[]) : (b.byPlacement as Row[]);
    return { columns: cols("key", "impressions", "clicks", "clickThroughRate", "addToCarts", "attributedRevenue"), rows: [...by, b.total as Row] };
  }
  if (name === "surveys-surveys") return { columns: cols("survey", "shown", "answered", "responseRate"), rows: b.surveys as Row[] };
  if (name === "surveys-nps") return { columns: cols("month", "answers", "promoters", "passives", "detractors", "nps"), rows: b.nps as Row[] };
  if (name === "lifecycle") {
    const series = b.series as { period: string; day: string | null; stages: Record<string, number>; tiers: Record<string, Record<string, number>> }[];
    const flat = series.map((s) => ({
      period: s.period,
      day: s.day,
      ...Object.fromEntries(Object.entries(s.stages).map(([k, v]) => [`stage:${k}`, v])),
      ...Object.fromEntries(Object.entries(s.tiers).flatMap(([tier, buckets]) => Object.entries(buckets).map(([k, v]) => [`tier:${tier}:${k}`, v]))),
    }));
    const keys = [...new Set(flat.flatMap((r) => Object.keys(r)))];
    return { columns: cols(...keys), rows: flat };
  }
  if (name === "experiment") {
    const arms = b.arms as Record<string, Row>;
    return {
      columns: cols("arm", "shoppers", "convertingShoppers", "orders", "revenue", "revenuePerShopper", "conversionRate", "repeatPurchaseRate"),
      rows: Object.entries(arms).map(([arm, r]) => ({ arm, ...r })),
    };
  }
  return { columns: [], rows: [] };
}
