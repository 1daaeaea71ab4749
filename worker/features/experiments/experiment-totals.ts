import type { CellBook } from "../insights/cells";
import type { ArmTotals } from "./statistics";

/** The two arms' sums of one experiment, from the `x` and `xs` counters (customer-cells.ts, member-book.ts). */
export function experimentTotals(cells: CellBook, experimentId: string): { treatment: ArmTotals; holdout: ArmTotals } {
  const arms = { treatment: empty(), holdout: empty() };
  for (const metric of ["x", "xs"]) {
    for (const c of cells.all(metric)) {
      const [experiment, arm, figure] = c.c.split("\u001f");
      if (experiment !== experimentId || (arm !== "treatment" && arm !== "holdout")) continue;
      const t = arms[arm];
      if (figure === "shoppers") t.shoppers += c.n;
      else if (figure === "converters") t.converters += c.n;
      else if (figure === "repeaters") t.repeaters += c.n;
      else if (figure === "orders") t.orders += c.n;
      else if (figure === "revenue") t.revenueCents += c.n;
      else if (figure === "sq") t.revenueSqCents += c.n;
    }
  }
  return arms;
}

const empty = (): ArmTotals => ({ shoppers: 0, converters: 0, repeaters: 0, orders: 0, revenueCents: 0, revenueSqCents: 0 });
