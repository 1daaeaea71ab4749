import type { LedgerEntry } from "./ledger";
import { lotTimes } from "./ledger";
import type { LoyaltyProgram } from "./program";

/**
 * The ledger lines one change adds, computed without touching storage: the stored ledger plus
 * what was added so far. A source that is already there is skipped (as the table's UNIQUE source
 * does), which is what makes applying the same change twice harmless. The caller persists `added`.
 */
export class LedgerDraft {
  readonly added: LedgerEntry[] = [];
  private readonly sources: Set<string>;

  constructor(private readonly stored: readonly LedgerEntry[]) {
    this.sources = new Set(stored.map((e) => e.source));
  }

  /** Stored and added lines, in order. */
  all(): LedgerEntry[] {
    return [...this.stored, ...this.added];
  }

  has(source: string): boolean {
    return this.sources.has(source);
  }

  /** Adds a line unless its source is there; returns whether it was added. */
  append(e: LedgerEntry): boolean {
    if (this.sources.has(e.source)) return false;
    this.sources.add(e.source);
    this.added.push(e);
    return true;
  }

  /** Earns points at `at` (pending through the return window when `pending`). */
  earn(source: string, points: number, at: number, program: LoyaltyProgram, { pending, spend = 0, reason }: { pending: boolean; spend?: number; reason: string }): boolean {
    const { availableAt, expiresAt } = lotTimes(at, program, pending);
    return this.append({ source, kind: "earn", points, at, availableAt, expiresAt, reverses: null, spend, reason });
  }

  /** Takes back (part of) an earlier earn; the shortfall, if already spent, shows as owed. */
  reverse(source: string, of: string, points: number, at: number, { spend = 0, reason }: { spend?: number; reason: string }): boolean {
    if (points <= 0 && spend === 0) return false;
    return this.append({ source, kind: "reverse", points: -Math.max(0, points), at, availableAt: at, expiresAt: null, reverses: of, spend: -spend, reason });
  }

  /** Reverses whatever an earn still holds, once; returns the points taken back (0 when nothing was). */
  reverseAll(source: string, of: string, at: number, reason: string): number {
    const lines = this.all();
    const earned = lines.find((e) => e.source === of && e.kind === "earn")?.points ?? 0;
    const already = -lines.filter((e) => e.reverses === of).reduce((n, e) => n + e.points, 0);
    const points = earned - already;
    return this.reverse(source, of, points, at, { reason }) ? Math.max(0, points) : 0;
  }
}
