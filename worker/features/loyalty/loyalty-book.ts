import type { LedgerEntry } from "./ledger";
import type { OrderRow } from "../orders/order-types";
import type { OrderRec } from "../insights/rec-attribution";
import type { Sql } from "../../platform/sql";
import type { ReferralProgress } from "./site-loyalty";

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

  /** Appends lines computed by a LedgerDraft (sources already there are skipped). */
  appendAll(entries: readonly LedgerEntry[]): void {
    for (const e of entries) this.append(e);
  }

  order(id: string): OrderRow | undefined {
    return this.sql<OrderRow & Record<string, SqlStorageValue>>`SELECT id, status, total, refunded, currency, created_at, items, points, stamps FROM orders WHERE id = ${id}`[0];
  }

  /** Stores a new order (its id is new: the caller checked), with the lines recommendation clicks earned (`recs`, JSON or null). */
  insertOrder(o: { id: string; status: string; total: number; currency: string; createdAt: number; items: string; points: number; stamps: string; recs?: string | null }): void {
    this.sql`INSERT INTO orders (id, status, total, currency, created_at, items, points, stamps, recs)
      VALUES (${o.id}, ${o.status}, ${o.total}, ${o.currency}, ${o.createdAt}, ${o.items}, ${o.points}, ${o.stamps}, ${o.recs ?? null})`;
  }

  /** Orders with lines earned by recommendation clicks, oldest first: what the shop's insights attribute to recommendations (insights/customer-facts.ts). */
  orderRecs(): { orderId: string; at: number; recs: OrderRec[] }[] {
    return this.sql<{ id: string; created_at: number; recs: string }>`SELECT id, created_at, recs FROM orders WHERE recs IS NOT NULL ORDER BY created_at, id`.map((o) => ({
      orderId: o.id,
      at: o.created_at,
      recs: JSON.parse(o.recs) as OrderRec[],
    }));
  }

  /** Whether a refund id was already recorded (a refund applies once). */
  hasRefund(id: string): boolean {
    return this.sql`SELECT 1 AS x FROM refunds WHERE id = ${id}`.length > 0;
  }

  /** Records a refund and the order's new refunded sum and status. */
  recordRefund(r: { id: string; orderId: string; amount: number; points: number; at: number }, order: { refunded: number; status: string }): void {
    this.sql`INSERT INTO refunds (id, order_id, amount, points, at) VALUES (${r.id}, ${r.orderId}, ${r.amount}, ${r.points}, ${r.at})`;
    this.sql`UPDATE orders SET refunded = ${order.refunded}, status = ${order.status} WHERE id = ${r.orderId}`;
  }

  /** The 50 latest orders, as the customer view lists them. */
  recentOrders() {
    return this.sql<Omit<OrderRow, "items" | "stamps">>`SELECT id, status, total, refunded, currency, created_at, points FROM orders ORDER BY created_at DESC LIMIT 50`;
  }

  /** Every order with its lines and the lines recommendation clicks earned (null: none), oldest first (the export). */
  allOrders() {
    return this.sql<Omit<OrderRow, "refunded" | "stamps"> & { recs: string | null }>`SELECT id, status, total, currency, created_at, items, points, recs FROM orders ORDER BY created_at`.map((o) => ({
      ...o,
      items: JSON.parse(o.items) as { productId: string; quantity: number; price: number }[],
      recs: o.recs === null ? null : (JSON.parse(o.recs) as OrderRec[]),
    }));
  }

  /** Every refund, oldest first (the export). */
  refunds() {
    return this.sql<{ id: string; order_id: string; amount: number; points: number; at: number }>`SELECT id, order_id, amount, points, at FROM refunds ORDER BY at`;
  }

  /** Starts a redemption (pending until a code is had). */
  startRedemption(id: string, rewardId: string, cost: number, at: number): void {
    this.sql`INSERT INTO redemptions (id, reward_id, cost, status, code, at) VALUES (${id}, ${rewardId}, ${cost}, 'pending', NULL, ${at})`;
  }

  /** Ends a redemption: issued with its code, failed, or voided (the code, if any, is kept for the record). */
  settleRedemption(id: string, status: Exclude<Redemption["status"], "pending">, code?: string | null): void {
    if (code === undefined) this.sql`UPDATE redemptions SET status = ${status} WHERE id = ${id}`;
    else this.sql`UPDATE redemptions SET status = ${status}, code = ${code} WHERE id = ${id}`;
  }

  redemption(id: string): Redemption | null {
    const r = this.sql<{
      id: string;
      reward_id: string;
      cost: number;
      status: string;
      code: string | null;
      at: number;
    }>`SELECT id, reward_id, cost, status, code, at FROM redemptions WHERE id = ${id}`[0];
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
