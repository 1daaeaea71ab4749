import type { Sql } from "../../platform/sql";
import type { CellBook } from "../insights/cells";

/**
 * Who is in which arm of each experiment (`members` table, in the Insights object), and the
 * per-arm shopper counts kept beside the other counters (`xs` cells). A shopper is a Profile
 * object id: assignment is made by the shopper's object and stored there too; this copy only
 * counts, and follows identify's merges so a person is counted once.
 */
export class MemberBook {
  constructor(
    private readonly sql: Sql,
    private readonly cells: CellBook,
  ) {}

  /** Counts a shopper in an arm, once: a repeated or later call with another arm changes nothing. */
  assign(experiment: string, shopper: string, arm: string, at: number): void {
    const added = this.sql`INSERT OR IGNORE INTO members (experiment, shopper, arm, at) VALUES (${experiment}, ${shopper}, ${arm}, ${at}) RETURNING shopper`;
    if (added.length) this.cells.bump("xs", 0, 0, armKey(experiment, arm), 1);
  }

  /**
   * A visitor merged into a customer: if the customer already had an arm they keep it and the
   * visitor stops counting; otherwise the customer inherits the visitor's row (and arm).
   */
  merge(experiment: string, from: string, into: string): void {
    const old = this.sql<{ arm: string }>`SELECT arm FROM members WHERE experiment = ${experiment} AND shopper = ${from}`[0];
    if (!old || from === into) return;
    const kept = this.sql`SELECT 1 AS y FROM members WHERE experiment = ${experiment} AND shopper = ${into}`.length > 0;
    if (kept) {
      this.sql`DELETE FROM members WHERE experiment = ${experiment} AND shopper = ${from}`;
      this.cells.bump("xs", 0, 0, armKey(experiment, old.arm), -1);
    } else this.sql`UPDATE members SET shopper = ${into} WHERE experiment = ${experiment} AND shopper = ${from}`;
  }

  /** Erasure: the shopper leaves every experiment's count. */
  forget(shopper: string): void {
    for (const row of this.sql<{ experiment: string; arm: string }>`DELETE FROM members WHERE shopper = ${shopper} RETURNING experiment, arm`) {
      this.cells.bump("xs", 0, 0, armKey(row.experiment, row.arm), -1);
    }
  }
}

/** The text key of an experiment arm's figure in `x`/`xs` cells (customer-cells.ts writes the same). */
export const armKey = (experiment: string, arm: string, figure = "shoppers") => `${experiment}\u001f${arm}\u001f${figure}`;
