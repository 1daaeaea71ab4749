import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { nextAttemptAt, webhookBody, type WebhookEventType } from "../features/webhooks/webhooks";
import { randomToken } from "../platform/crypto";
import { createSql, migrate, type Sql } from "../platform/sql";
import { OUTBOX_MIGRATIONS } from "../platform/migrations/outbox";
import { signWebhook } from "../platform/standard-webhooks";
import { allowsLocalDev, checkOutboundUrl, deliveryError, REFUSAL_REASONS } from "../platform/outbound-url";
import { DAY_MS } from "../platform/time";
import { siteStub } from "../platform/stubs";

/** Deliveries tried per alarm run (in parallel); the rest follow in the next run, at once. */
const BATCH = 25;
const TIMEOUT_MS = 10_000;
/** Delivered events, dead letters and their attempts are kept this long for the log and replays. */
const RETENTION_MS = 30 * DAY_MS;

export type DeliveryStatus = "pending" | "delivered" | "dead";

export interface DeliveryView {
  id: string;
  eventId: string;
  type: WebhookEventType;
  endpoint: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
}

interface DeliveryRow extends Record<string, SqlStorageValue> {
  seq: number;
  id: string;
  event_id: string;
  endpoint: string;
  attempt: number;
  status: string;
  next_at: number | null;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  delivered_at: number | null;
  type: string;
  payload: string;
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
const view = (r: DeliveryRow): DeliveryView => ({
  id: r.id,
  eventId: r.event_id,
  type: r.type as WebhookEventType,
  endpoint: r.endpoint,
  status: r.status as DeliveryStatus,
  attempts: r.attempt,
  nextAttemptAt: r.status === "pending" ? iso(r.next_at) : null,
  lastStatus: r.last_status,
  lastError: r.last_error,
  createdAt: iso(r.created_at) as string,
  updatedAt: iso(r.updated_at) as string,
  deliveredAt: iso(r.delivered_at),
});

/**
 * The outgoing webhooks of one site (`site:{siteId}:outbox`, DESIGN §6 "Webhooks out"). An event
 * is written once per idempotency key with one delivery per subscribed endpoint; the alarm posts
 * due deliveries signed the Standard Webhooks way and retries failures on a fixed schedule
 * (features/webhooks/webhooks.ts) until they are delivered or become dead letters, which can be replayed.
 * At least once: a delivery is marked done only after a 2xx answer.
 */
export class WebhookOutbox extends DurableObject<Env> {
  private readonly sql: Sql;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = createSql(ctx.storage);
    migrate(ctx.storage, OUTBOX_MIGRATIONS);
  }

  /** Records an event for the given endpoints (once per `idempotencyKey`) and wakes the alarm. */
  async emit(siteId: string, type: WebhookEventType, data: Record<string, unknown>, idempotencyKey: string, endpoints: string[], now: number): Promise<{ eventId: string; created: boolean }> {
    this.sql`INSERT OR IGNORE INTO meta (k, v) VALUES ('site', ${siteId})`;
    const seen = this.sql<{ id: string }>`SELECT id FROM outbox WHERE idem = ${idempotencyKey}`[0];
    if (seen) return { eventId: seen.id, created: false };
    const id = randomToken("evt_", 12);
    this.sql`INSERT INTO outbox (id, idem, type, payload, created_at) VALUES (${id}, ${idempotencyKey}, ${type}, ${webhookBody(type, now, data)}, ${now})`;
    for (const url of endpoints) {
      this.sql`INSERT INTO deliveries (id, event_id, endpoint, attempt, status, next_at, created_at, updated_at)
        VALUES (${randomToken("dlv_", 12)}, ${id}, ${url}, 0, 'pending', ${now}, ${now}, ${now})`;
    }
    if (endpoints.length) await this.arm(now);
    return { eventId: id, created: true };
  }

  /** The delivery log, newest first; `cursor` is the last `seq` of the previous page. */
  list(status: DeliveryStatus | null, cursor: number | null, limit: number): { deliveries: DeliveryView[]; nextCursor: number | null } {
    const rows = this.sql<DeliveryRow>`SELECT d.*, e.type, e.payload FROM deliveries d JOIN outbox e ON e.id = d.event_id
      WHERE (${status} IS NULL OR d.status = ${status}) AND d.seq < ${cursor ?? Number.MAX_SAFE_INTEGER} ORDER BY d.seq DESC LIMIT ${limit + 1}`;
    const page = rows.slice(0, limit);
    return { deliveries: page.map(view), nextCursor: rows.length > limit ? (page.at(-1)?.seq ?? null) : null };
  }

  /** One delivery with its payload and every attempt. */
  get(id: string) {
    const r = this.row(id);
    if (!r) return null;
    const attempts = this.sql<{ n: number; at: number; status: number | null; error: string | null; ms: number }>`SELECT n, at, status, error, ms FROM attempts WHERE delivery_id = ${id} ORDER BY n`;
    return { ...view(r), payload: JSON.parse(r.payload) as unknown, attemptLog: attempts.map((a) => ({ n: a.n, at: iso(a.at), status: a.status, error: a.error, ms: a.ms })) };
  }

  /** Sends a delivery again from the start of the schedule (same `webhook-id`, so receivers can dedupe). */
  async replay(id: string, now: number): Promise<DeliveryView | null> {
    const r = this.sql<{ id: string }>`UPDATE deliveries SET status = 'pending', attempt = 0, next_at = ${now}, updated_at = ${now}, delivered_at = NULL WHERE id = ${id} RETURNING id`[0];
    if (!r) return null;
    this.sql`DELETE FROM attempts WHERE delivery_id = ${id}`;
    await this.arm(now);
    return view(this.row(id) as DeliveryRow);
  }

  /** Re-queues every dead letter (after a receiver's long outage). */
  async replayDead(now: number): Promise<number> {
    const ids = this.sql<{ id: string }>`UPDATE deliveries SET status = 'pending', attempt = 0, next_at = ${now}, updated_at = ${now} WHERE status = 'dead' RETURNING id`;
    for (const { id } of ids) this.sql`DELETE FROM attempts WHERE delivery_id = ${id}`;
    if (ids.length) await this.arm(now);
    return ids.length;
  }

  /** Erasure: every event about the customer (`data.customerId`), with its deliveries and attempts, sent or not. */
  forget(customerId: string): number {
    const ids = this.sql<{ id: string }>`SELECT id FROM outbox WHERE json_extract(payload, '$.data.customerId') = ${customerId}`.map((r) => r.id);
    for (const id of ids) {
      this.sql`DELETE FROM attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE event_id = ${id})`;
      this.sql`DELETE FROM deliveries WHERE event_id = ${id}`;
      this.sql`DELETE FROM outbox WHERE id = ${id}`;
    }
    return ids.length;
  }

  /** Posts every due delivery (a batch at a time), then sleeps until the next one is due. */
  async alarm(): Promise<void> {
    const now = Date.now();
    const due = this.sql<DeliveryRow>`SELECT d.*, e.type, e.payload FROM deliveries d JOIN outbox e ON e.id = d.event_id
      WHERE d.status = 'pending' AND d.next_at <= ${now} ORDER BY d.next_at LIMIT ${BATCH}`;
    if (due.length) {
      const secret = await this.secret();
      if (secret === null) {
        // The site is gone (or not readable right now): try again later rather than lose anything.
        await this.ctx.storage.setAlarm(now + 60_000);
        return;
      }
      await Promise.all(due.map((d) => this.deliver(d, secret)));
    }
    this.prune(Date.now());
    await this.arm(Date.now());
  }

  private async deliver(d: DeliveryRow, secret: string): Promise<void> {
    const started = Date.now();
    const n = d.attempt + 1;
    let status: number | null = null;
    let error: string | null = null;
    // Checked again before every call: the endpoint may have been stored before this check
    // existed, or under a dev setting since removed. A refused target is never fetched and is
    // dead at once (it will not become allowed by waiting).
    const verdict = checkOutboundUrl(d.endpoint, { allowLocalDev: allowsLocalDev(this.env) });
    if (!verdict.ok) {
      error = REFUSAL_REASONS[verdict.refusal];
      this.sql`INSERT OR REPLACE INTO attempts (delivery_id, n, at, status, error, ms) VALUES (${d.id}, ${n}, ${started}, NULL, ${error}, 0)`;
      this.sql`UPDATE deliveries SET status = 'dead', attempt = ${n}, next_at = NULL, last_status = NULL, last_error = ${error}, updated_at = ${started} WHERE id = ${d.id}`;
      return;
    }
    try {
      const headers = await signWebhook(secret, d.event_id, Math.floor(started / 1000), d.payload);
      const res = await fetch(d.endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json", "User-Agent": "Revisit-Webhooks/1", ...headers },
        body: d.payload,
        redirect: "manual",
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      status = res.status;
      await res.body?.cancel();
      // A redirect is not followed (it could lead anywhere) and counts as a failure.
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (err) {
      // A fixed vocabulary, never the runtime's text: it would tell a config author about the network.
      error = deliveryError(err);
    }
    const at = Date.now();
    this.sql`INSERT OR REPLACE INTO attempts (delivery_id, n, at, status, error, ms) VALUES (${d.id}, ${n}, ${started}, ${status}, ${error}, ${at - started})`;
    if (error === null) {
      this.sql`UPDATE deliveries SET status = 'delivered', attempt = ${n}, next_at = NULL, last_status = ${status}, last_error = NULL, delivered_at = ${at}, updated_at = ${at} WHERE id = ${d.id}`;
      return;
    }
    const next = nextAttemptAt(n, at);
    this.sql`UPDATE deliveries SET status = ${next === null ? "dead" : "pending"}, attempt = ${n}, next_at = ${next}, last_status = ${status}, last_error = ${error}, updated_at = ${at} WHERE id = ${d.id}`;
  }

  /** The alarm goes off when the soonest pending delivery is due (never later than one already set). */
  private async arm(now: number): Promise<void> {
    const next = this.sql<{ t: number | null }>`SELECT min(next_at) AS t FROM deliveries WHERE status = 'pending'`[0]?.t ?? null;
    if (next === null) return;
    const current = await this.ctx.storage.getAlarm();
    const at = Math.max(next, now);
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  private async secret(): Promise<string | null> {
    const siteId = this.sql<{ v: string }>`SELECT v FROM meta WHERE k = 'site'`[0]?.v;
    if (!siteId) return null;
    try {
      const record = await siteStub(this.env, siteId).get();
      return record?.secrets.webhookSecret ?? null;
    } catch {
      return null;
    }
  }

  private prune(now: number): void {
    const before = now - RETENTION_MS;
    this.sql`DELETE FROM attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE status != 'pending' AND updated_at < ${before})`;
    this.sql`DELETE FROM deliveries WHERE status != 'pending' AND updated_at < ${before}`;
    this.sql`DELETE FROM outbox WHERE created_at < ${before} AND id NOT IN (SELECT event_id FROM deliveries)`;
  }

  private row(id: string): DeliveryRow | null {
    return this.sql<DeliveryRow>`SELECT d.*, e.type, e.payload FROM deliveries d JOIN outbox e ON e.id = d.event_id WHERE d.id = ${id}`[0] ?? null;
  }
}

