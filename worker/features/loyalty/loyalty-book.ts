import { lotTimes, type LedgerEntry, type LoyaltyProgram } from "./index";
import type { Sql } from "../../platform/sql";
import type { ReferralProgress } from "./site-loyalty";

export interface OrderRow {
  id: string;
  status: string;
  total: number;
  refunded: number;
  currency: string;
  created_at: number;
  items: string;
  points: number;
  stamps: string;
}

export interface Redemption {
  id: string;
  rewardId: string;
  cost: number;
  /** `voided`: a punch-card reward whose stamps were taken back by a cancelled or refunded order. */
  status: "pending" | "issued" | "failed" | "voided";
  code: string | null;
  at: number;
}

/** Reads and appends the ledger; every write is keyed by its source, so repeating one is a no-op. */
export class LoyaltyBook {
  /**
   * The ledger as last read. Every write goes through `append` (which drops it) and erasure calls
   * `forget`, so an experience reads a long ledger from SQLite once per object lifetime, not per page.
   */
  private cached: LedgerEntry[] | null = null;

  constructor(private readonly sql: Sql) {}

  /** The whole ledger in order (a fresh array; the entries themselves are shared, so not to be changed). */
  entries(): LedgerEntry[] {
    this.cached ??= this.read();
    return this.cached.slice();
  }

  /** Drops the cached ledger (after storage was wiped). */
  forget(): void {
    this.cached = null;
  }

  private read(): LedgerEntry[] {
    return this.sql<{ source: string; kind: string; points: number; at: number; available_at: number; expires_at: number | null; reverses: string | null; spend: number; reason: string }>`
      SELECT source, kind, points, at, available_at, expires_at, reverses, spend, reason FROM ledger ORDER BY seq`.map((r) => ({
      source: r.source,
      kind: r.kind as LedgerEntry["kind"],
      points: r.points,
      at: r.at,
      availableAt: r.available_at,
      expiresAt: r.expires_at,
      reverses: r.reverses,
      spend: r.spend,
      reason: r.reason,
    }));
  }

  has(source: string): boolean {
    return this.sql`SELECT 1 AS x FROM ledger WHERE source = ${source}`.length > 0;
  }

  /** Appends an entry unless its source is already there; returns whether it was added. */
  append(e: LedgerEntry): boolean {
    this.cached = null;
    return (
      this.sql`INSERT OR IGNORE INTO ledger (source, kind, points, at, available_at, expires_at, reverses, spend, reason)
        VALUES (${e.source}, ${e.kind}, ${e.points}, ${e.at}, ${e.availableAt}, ${e.expiresAt}, ${e.reverses}, ${e.spend}, ${e.reason}) RETURNING seq`.length > 0
    );
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

  /** Full reversal of whatever an earn entry still holds, once. */
  reverseAll(source: string, of: string, at: number, reason: string): boolean {
    const earned = this.sql<{ points: number }>`SELECT points FROM ledger WHERE source = ${of} AND kind = 'earn'`[0]?.points ?? 0;
    const already = this.sql<{ n: number | null }>`SELECT -sum(points) AS n FROM ledger WHERE reverses = ${of}`[0]?.n ?? 0;
    return this.reverse(source, of, earned - already, at, { reason });
  }

  order(id: string): OrderRow | undefined {
    return this.sql<OrderRow & Record<string, SqlStorageValue>>`SELECT id, status, total, refunded, currency, created_at, items, points, stamps FROM orders WHERE id = ${id}`[0];
  }

  redemption(id: string): Redemption | null {
    const r = this.sql<{ id: string; reward_id: string; cost: number; status: string; code: string | null; at: number }>`SELECT id, reward_id, cost, status, code, at FROM redemptions WHERE id = ${id}`[0];
    return r ? { id: r.id, rewardId: r.reward_id, cost: r.cost, status: r.status as Redemption["status"], code: r.code, at: r.at } : null;
  }

  /**
   * The punch-card rewards of `cardId` still standing (not voided) beyond completion number
   * `keep`: what a reversal that left `keep` completions must take back. Ids are
   * `punch-{cardId}-{n}`, or `punch-{cardId}-{n}-r{orderId}` for a completion earned again after a void.
   */
  punchRewardsBeyond(cardId: string, keep: number): Redemption[] {
    const prefix = `punch-${cardId}-`;
    return this.sql<{ id: string }>`SELECT id FROM redemptions WHERE substr(id, 1, ${prefix.length}) = ${prefix} AND status != 'voided'`.flatMap((r) => {
      const n = /^(\d+)(?:-r.+)?$/.exec(r.id.slice(prefix.length))?.[1];
      return n !== undefined && Number(n) > keep ? (this.redemption(r.id) ?? []) : [];
    });
  }

  redemptions(): Redemption[] {
    return this.sql<{ id: string }>`SELECT id FROM redemptions ORDER BY at DESC`.flatMap((r) => this.redemption(r.id) ?? []);
  }
}

interface CachedReferral extends ReferralProgress {
  /** The email the Site was told with this code (a changed email is sent again). */
  email: string | null;
}

/**
 * The customer's referral code and counts, cached on their profile so an experience does not ask
 * the Site object on every page. The Site owns the truth and tells the referrer's profile whenever
 * a friend joins, orders, is reversed or erased (`invalidate`); a fetch that was in flight during
 * such a change is not stored (the generation moved), so the next page asks again.
 */
export class ReferralCache {
  constructor(private readonly kv: SyncKvStorage) {}

  /** The cached progress, when it was fetched with this email. */
  get(email: string | null): ReferralProgress | null {
    const c = this.kv.get<CachedReferral>("referral");
    return c && c.email === email ? { code: c.code, friendsJoined: c.friendsJoined, friendsOrdered: c.friendsOrdered } : null;
  }

  generation(): number {
    return this.kv.get<number>("referral:gen") ?? 0;
  }

  /** Stores a fetched progress unless the Site reported a change since `gen` was read. */
  store(gen: number, email: string | null, p: ReferralProgress): void {
    if (this.generation() === gen) this.kv.put<CachedReferral>("referral", { ...p, email });
  }

  invalidate(): void {
    this.kv.put("referral:gen", this.generation() + 1);
    this.kv.delete("referral");
  }
}
