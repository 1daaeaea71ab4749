import type { CellBook } from "./cells";
import { monthLabel, monthOf } from "./period";
import { money } from "./summary";

/** One first-order cohort: its month, size, and one value per month since (month 0 first). */
export interface Cohort {
  cohort: string;
  customers: number;
  values: number[];
}

/**
 * Monthly first-order cohorts whose first month is in [from, to] (local day numbers): a
 * customer's cohort is the month of their first order ever. For each later month k (up to the
 * month of `to`): `customers` gives the share of the cohort that ordered in month k (month 0 is
 * always 1); `revenue` gives net revenue per cohort customer from month 0 up to month k, in major
 * units (a CLV curve; refunds count in the month they happen).
 */
export function cohorts(cells: CellBook, from: number, to: number, metric: "customers" | "revenue"): Cohort[] {
  const first = monthOf(from);
  const last = monthOf(to);
  const counts = new Map<number, Map<number, number>>();
  for (const c of cells.range(metric === "customers" ? "cohort" : "crev", first, last, last)) {
    const row = counts.get(c.a) ?? new Map<number, number>();
    counts.set(c.a, row);
    row.set(c.b, (row.get(c.b) ?? 0) + c.n);
  }
  const sizes = new Map<number, number>();
  for (const c of cells.range("cohort", first, last, last)) if (c.a === c.b) sizes.set(c.a, c.n);
  const out: Cohort[] = [];
  for (let m = first; m <= last; m++) {
    const size = sizes.get(m) ?? 0;
    if (size === 0) continue;
    const row = counts.get(m) ?? new Map<number, number>();
    const values: number[] = [];
    let sum = 0;
    for (let k = m; k <= last; k++) {
      if (metric === "customers") values.push(Math.round(((row.get(k) ?? 0) / size) * 10000) / 10000);
      else {
        sum += row.get(k) ?? 0;
        values.push(Math.round((money(sum) / size) * 100) / 100);
      }
    }
    out.push({ cohort: monthLabel(m), customers: size, values });
  }
  return out;
}
