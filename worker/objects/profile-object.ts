import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { orderPoints } from "../domain/loyalty";
import { emptyProfile, LIMITS, type ProfileState, type SurveyAnswer, type Traits } from "../domain/profile";
import { applyEvent, mergeInto, noteCategories, notePurchases, type ShopperEvent } from "../domain/profile-changes";
import { touchVisit } from "../domain/visits";
import { createSql, migrate, type Sql } from "../lib/sql";
import type { CustomerIndexEntry } from "./site-object";

/** Which profile an RPC call is about; objects are named `site:{siteId}:{kind}:{id}`. */
export interface ProfileRef {
  siteId: string;
  kind: "visitor" | "customer";
  id: string;
}

export type StoredEvent = ShopperEvent & { id: string; at: number };

export interface OrderInput {
  id: string;
  email?: string | undefined;
  items: { productId: string; quantity: number; price: number }[];
  total: number;
  currency: string;
  createdAt: number;
  status: "paid" | "refunded" | "cancelled";
}

export interface OrderResult {
  result: "created" | "duplicate" | "updated";
  orderId: string;
  status: OrderInput["status"];
  pointsChange: number;
  points: number;
}

/** What a visitor profile hands over when it is merged into a customer's. */
export interface MergePayload {
  state: ProfileState;
  events: StoredEvent[];
}

const SCHEMA = [
  "CREATE TABLE IF NOT EXISTS profile (k INTEGER PRIMARY KEY CHECK (k = 1), state TEXT NOT NULL)",
  "CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, type TEXT NOT NULL, at INTEGER NOT NULL, data TEXT NOT NULL)",
  "CREATE INDEX IF NOT EXISTS events_at ON events (at)",
  "CREATE TABLE IF NOT EXISTS orders (id TEXT PRIMARY KEY, status TEXT NOT NULL, total REAL NOT NULL, currency TEXT NOT NULL, created_at INTEGER NOT NULL, items TEXT NOT NULL, points INTEGER NOT NULL)",
  "CREATE TABLE IF NOT EXISTS ledger (seq INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL UNIQUE, points INTEGER NOT NULL, reason TEXT NOT NULL, at INTEGER NOT NULL)",
];

/**
 * One shopper of one shop (DESIGN §2). Every change to that shopper goes through this object,
 * so two tabs can never lose each other's update. Public methods are the RPC API.
 */
export class ProfileObject extends DurableObject<Env> {
  private readonly sql: Sql;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = createSql(ctx.storage);
    migrate(ctx.storage, SCHEMA);
  }

  /** Counts the visit (a page load) and returns the profile as the experience needs it. */
  visit(ref: ProfileRef, now: number, idleMs: number): ProfileState {
    const p = this.load(ref, now);
    const t = touchVisit(p, now, idleMs);
    p.visits = t.visits;
    p.lastSeen = t.lastSeen;
    p.previousVisitAt = t.previousVisitAt;
    this.save(p);
    return p;
  }

  /** Stores a batch of browser events; ids already seen are skipped, so retries are harmless. */
  recordEvents(ref: ProfileRef, events: StoredEvent[], categoriesOf: Record<string, string[]>, now: number) {
    const p = this.load(ref, now);
    let accepted = 0;
    for (const e of [...events].sort((a, b) => a.at - b.at)) {
      const { id, at, ...data } = e;
      const inserted = this.sql`INSERT OR IGNORE INTO events (id, type, at, data) VALUES (${id}, ${e.type}, ${at}, ${JSON.stringify(data)}) RETURNING id`;
      if (inserted.length === 0) continue;
      accepted++;
      applyEvent(p, e, at);
      if (e.type === "product_view") noteCategories(p, categoriesOf[e.productId] ?? []);
    }
    if (accepted > 0) {
      this.trimEvents();
      this.save(p);
      if (p.kind === "customer") this.ctx.waitUntil(this.index(p));
    }
    return { accepted, duplicates: events.length - accepted };
  }

  /** Stores a survey answer (a later answer to the same question replaces the earlier one). */
  answer(ref: ProfileRef, key: string, answer: SurveyAnswer, now: number): void {
    const p = this.load(ref, now);
    p.answers[key] = answer;
    this.save(p);
  }

  /** Sets traits; `null` clears one, absent leaves it. Creates the customer profile if needed. */
  async setTraits(ref: ProfileRef, traits: Partial<Traits>, now: number): Promise<ProfileState> {
    const p = this.load(ref, now);
    Object.assign(p.traits, stripUndefined(traits));
    this.save(p);
    if (p.kind === "customer") await this.index(p);
    return p;
  }

  /** A visitor's data, for merging into a customer. Read-only: the visitor is cleared only after the merge succeeded. */
  mergePayload(ref: ProfileRef, now: number): MergePayload {
    const state = this.load(ref, now);
    const events = this.sql<{ id: string; at: number; data: string }>`SELECT id, at, data FROM events ORDER BY at`.map(
      (r) => ({ ...(JSON.parse(r.data) as ShopperEvent), id: r.id, at: r.at }),
    );
    return { state, events };
  }

  /**
   * Folds a visitor's payload into this customer. Applied once per visitor version, so a retried
   * identify never double-counts visits.
   */
  async absorb(ref: ProfileRef, from: MergePayload, now: number): Promise<ProfileState> {
    const p = this.load(ref, now);
    if (p.mergedFrom[from.state.id] !== from.state.version && from.state.version > 0) {
      mergeInto(p, from.state);
      for (const e of from.events) {
        const { id, at, ...data } = e;
        this.sql`INSERT OR IGNORE INTO events (id, type, at, data) VALUES (${id}, ${e.type}, ${at}, ${JSON.stringify(data)})`;
      }
      p.mergedFrom[from.state.id] = from.state.version;
      this.trimEvents();
    }
    this.save(p);
    await this.index(p);
    return p;
  }

  /** After a merge: the anonymous profile keeps only its visit count and a pointer to the customer. */
  markMerged(ref: ProfileRef, customerId: string, now: number): void {
    const old = this.load(ref, now);
    const p = emptyProfile(ref.kind, ref.siteId, ref.id, old.createdAt);
    Object.assign(p, { visits: old.visits, handedOverVisits: old.visits, lastSeen: old.lastSeen, previousVisitAt: old.previousVisitAt, mergedInto: customerId, version: old.version });
    this.sql`DELETE FROM events`;
    this.save(p);
  }

  /**
   * Records a trusted order exactly once per (id, status): the first `paid` credits points,
   * a later `refunded` / `cancelled` reverses what that order earned. Returns what changed.
   */
  async recordOrder(ref: ProfileRef, order: OrderInput, pointsPerUnit: number, now: number): Promise<OrderResult> {
    const p = this.load(ref, now);
    if (order.email && !p.traits.email) p.traits.email = order.email;
    const existing = this.sql<{ status: string; points: number }>`SELECT status, points FROM orders WHERE id = ${order.id}`[0];
    const done = (result: OrderResult["result"], pointsChange: number): OrderResult => ({
      result,
      orderId: order.id,
      status: (existing?.status as OrderInput["status"] | undefined) ?? order.status,
      pointsChange,
      points: p.points,
    });
    if (existing && (existing.status === order.status || existing.status !== "paid")) return done("duplicate", 0);

    if (!existing) {
      const points = order.status === "paid" ? orderPoints(order.total, pointsPerUnit) : 0;
      this.sql`INSERT INTO orders (id, status, total, currency, created_at, items, points) VALUES (${order.id}, ${order.status}, ${order.total}, ${order.currency}, ${order.createdAt}, ${JSON.stringify(order.items)}, ${points})`;
      if (order.status === "paid") {
        this.credit(p, `order:${order.id}`, points, "order", now);
        p.orders += 1;
        p.spend = round2(p.spend + order.total);
        p.lastOrderAt = Math.max(p.lastOrderAt ?? 0, order.createdAt);
        p.purchased = [...new Set([...order.items.map((i) => i.productId), ...p.purchased])].slice(0, LIMITS.purchased);
        notePurchases(p, order.items, order.createdAt);
      }
      this.save(p);
      await this.index(p);
      if (order.status === "paid") await this.site(ref.siteId).recordPurchases({ customerId: ref.id, items: order.items, at: order.createdAt });
      const r = done("created", order.status === "paid" ? points : 0);
      return { ...r, status: order.status };
    }

    // A paid order is now refunded or cancelled: reverse exactly what it earned.
    this.sql`UPDATE orders SET status = ${order.status} WHERE id = ${order.id}`;
    this.credit(p, `order:${order.id}:reversal`, -existing.points, order.status, now);
    p.orders = Math.max(0, p.orders - 1);
    const total = this.sql<{ total: number }>`SELECT total FROM orders WHERE id = ${order.id}`[0]?.total ?? 0;
    p.spend = round2(Math.max(0, p.spend - total));
    this.save(p);
    await this.index(p);
    return { ...done("updated", -existing.points), status: order.status };
  }

  /** The whole profile as the server API shows it. */
  view(ref: ProfileRef, now: number) {
    const state = this.load(ref, now);
    const orders = this.sql<{ id: string; status: string; total: number; currency: string; created_at: number; points: number }>`SELECT id, status, total, currency, created_at, points FROM orders ORDER BY created_at DESC LIMIT 50`;
    return { exists: state.version > 0, state, orders };
  }

  /** Everything held about this shopper (GDPR access): state, every stored event, orders and ledger. */
  exportAll(ref: ProfileRef, now: number) {
    const { state } = this.view(ref, now);
    return {
      profile: state,
      events: this.mergePayload(ref, now).events,
      orders: this.sql<{ id: string; status: string; total: number; currency: string; created_at: number; items: string; points: number }>`SELECT id, status, total, currency, created_at, items, points FROM orders ORDER BY created_at`.map((o) => ({
        ...o,
        items: JSON.parse(o.items) as OrderInput["items"],
      })),
      ledger: this.sql<{ source: string; points: number; reason: string; at: number }>`SELECT source, points, reason, at FROM ledger ORDER BY seq`,
    };
  }

  /** Erases this profile completely (GDPR erasure). Returns the visitor ids that were merged into it. */
  async erase(): Promise<string[]> {
    const row = this.sql<{ state: string }>`SELECT state FROM profile`[0];
    const merged = row ? Object.keys((JSON.parse(row.state) as ProfileState).mergedFrom) : [];
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    // This instance may serve more calls before it is evicted: give it its (empty) tables back.
    migrate(this.ctx.storage, SCHEMA);
    return merged;
  }

  private credit(p: ProfileState, source: string, points: number, reason: string, now: number): void {
    const added = this.sql`INSERT OR IGNORE INTO ledger (source, points, reason, at) VALUES (${source}, ${points}, ${reason}, ${now}) RETURNING seq`;
    if (added.length) p.points += points;
  }

  private load(ref: ProfileRef, now: number): ProfileState {
    const row = this.sql<{ state: string }>`SELECT state FROM profile`[0];
    return row ? (JSON.parse(row.state) as ProfileState) : emptyProfile(ref.kind, ref.siteId, ref.id, now);
  }

  private save(p: ProfileState): void {
    p.version += 1;
    this.sql`INSERT INTO profile (k, state) VALUES (1, ${JSON.stringify(p)}) ON CONFLICT (k) DO UPDATE SET state = excluded.state`;
  }

  /** Raw events are bounded: the oldest beyond the cap go (their effect lives on in the aggregates). */
  private trimEvents(): void {
    this.sql`DELETE FROM events WHERE id IN (SELECT id FROM events ORDER BY at DESC LIMIT -1 OFFSET ${LIMITS.rawEvents})`;
  }

  private site(siteId: string) {
    return this.env.SITE.get(this.env.SITE.idFromName(siteId));
  }

  /** Keeps the shop's customer index (listing, segments) current. */
  private async index(p: ProfileState): Promise<void> {
    const entry: CustomerIndexEntry = {
      customerId: p.id,
      email: p.traits.email,
      firstName: p.traits.firstName,
      visits: p.visits,
      productViews: p.eventCounts["product_view"] ?? 0,
      cartItems: p.cart?.items.length ?? 0,
      orders: p.orders,
      spend: p.spend,
      points: p.points,
      lastOrderAt: p.lastOrderAt,
      lastSeen: p.lastSeen,
    };
    await this.site(p.siteId).indexCustomer(entry);
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;
function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
