/**
 * The tables of one site's webhook outbox (platform/migrations/outbox.ts): events (`outbox`), one
 * delivery per event and endpoint (`deliveries`) and every attempt (`attempts`). SQL only: no
 * network, no alarm, no clock (callers pass `now`).
 */

import type { Sql } from "../../platform/sql";
import { randomToken } from "../../platform/crypto";
import { DAY_MS, isoOrNull } from "../../platform/time";
import type { AttemptResult } from "./deliver";
import { webhookBody, type DeliveryEventType, type DeliveryStatus } from "./webhooks";

/** Delivered events, dead letters and their attempts are kept this long for the log and replays. */
export const RETENTION_MS = 30 * DAY_MS;

/** One delivery as the deliveries log shows it. */
export interface DeliveryView {
  id: string;
  eventId: string;
  type: DeliveryEventType;
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

/** One delivery with its payload and every attempt (the log's detail page). */
export interface DeliveryDetail extends DeliveryView {
  payload: unknown;
  attemptLog: { n: number; at: string | null; status: number | null; error: string | null; ms: number }[];
}

/** A delivery joined with its event: what the alarm needs to post it. */
export interface DeliveryRow extends Record<string, SqlStorageValue> {
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

const view = (r: DeliveryRow): DeliveryView => ({
  id: r.id,
  eventId: r.event_id,
  type: r.type as DeliveryEventType,
  endpoint: r.endpoint,
  status: r.status as DeliveryStatus,
  attempts: r.attempt,
  nextAttemptAt: r.status === "pending" ? isoOrNull(r.next_at) : null,
  lastStatus: r.last_status,
  lastError: r.last_error,
  createdAt: isoOrNull(r.created_at) as string,
  updatedAt: isoOrNull(r.updated_at) as string,
  deliveredAt: isoOrNull(r.delivered_at),
});

/** Reads and writes the outbox tables, so the Durable Object only wires storage, alarm and network. */
export class OutboxBook {
  constructor(private readonly sql: Sql) {}

  /** Records an event with one pending delivery per endpoint, once per `idempotencyKey`. */
  emit(siteId: string, type: DeliveryEventType, data: Record<string, unknown>, idempotencyKey: string, endpoints: string[], now: number): { eventId: string; created: boolean } {
    this.sql`INSERT OR IGNORE INTO meta (k, v) VALUES ('site', ${siteId})`;
    const seen = this.sql<{ id: string }>`SELECT id FROM outbox WHERE idem = ${idempotencyKey}`[0];
    if (seen) return { eventId: seen.id, created: false };
    const id = randomToken("evt_", 12);
    this.sql`INSERT INTO outbox (id, idem, type, payload, created_at) VALUES (${id}, ${idempotencyKey}, ${type}, ${webhookBody(type, now, data)}, ${now})`;
    for (const url of endpoints) {
      this.sql`INSERT INTO deliveries (id, event_id, endpoint, attempt, status, next_at, created_at, updated_at)
        VALUES (${randomToken("dlv_", 12)}, ${id}, ${url}, 0, 'pending', ${now}, ${now}, ${now})`;
    }
    return { eventId: id, created: true };
  }

  /** The site this outbox belongs to (recorded by the first `emit`), to fetch its signing secret. */
  siteId(): string | null {
    return this.sql<{ v: string }>`SELECT v FROM meta WHERE k = 'site'`[0]?.v ?? null;
  }

  /** The delivery log, newest first; `cursor` is the last `seq` of the previous page. */
  list(status: DeliveryStatus | null, cursor: number | null, limit: number): { deliveries: DeliveryView[]; nextCursor: number | null } {
    const rows = this.sql<DeliveryRow>`SELECT d.*, e.type, e.payload FROM deliveries d JOIN outbox e ON e.id = d.event_id
      WHERE (${status} IS NULL OR d.status = ${status}) AND d.seq < ${cursor ?? Number.MAX_SAFE_INTEGER} ORDER BY d.seq DESC LIMIT ${limit + 1}`;
    const page = rows.slice(0, limit);
    return { deliveries: page.map(view), nextCursor: rows.length > limit ? (page.at(-1)?.seq ?? null) : null };
  }

  /** The deliveries of one event (one per endpoint), as the log shows them. */
  deliveriesOf(eventId: string): DeliveryView[] {
    return this.sql<DeliveryRow>`SELECT d.*, e.type, e.payload FROM deliveries d JOIN outbox e ON e.id = d.event_id WHERE d.event_id = ${eventId} ORDER BY d.seq`.map(view);
  }

  /** One delivery with its payload and every attempt, or null. */
  get(id: string): DeliveryDetail | null {
    const r = this.row(id);
    if (!r) return null;
    const attempts = this.sql<{ n: number; at: number; status: number | null; error: string | null; ms: number }>`SELECT n, at, status, error, ms FROM attempts WHERE delivery_id = ${id} ORDER BY n`;
    return { ...view(r), payload: JSON.parse(r.payload) as unknown, attemptLog: attempts.map((a) => ({ n: a.n, at: isoOrNull(a.at), status: a.status, error: a.error, ms: a.ms })) };
  }

  /** Puts a delivery back at the start of the schedule, its attempts forgotten; null when there is none. */
  replay(id: string, now: number): DeliveryView | null {
    const r = this.sql<{ id: string }>`UPDATE deliveries SET status = 'pending', attempt = 0, next_at = ${now}, updated_at = ${now}, delivered_at = NULL WHERE id = ${id} RETURNING id`[0];
    if (!r) return null;
    this.sql`DELETE FROM attempts WHERE delivery_id = ${id}`;
    return view(this.row(id) as DeliveryRow);
  }

  /** Puts every dead letter back at the start of the schedule; how many. */
  replayDead(now: number): number {
    const ids = this.sql<{ id: string }>`UPDATE deliveries SET status = 'pending', attempt = 0, next_at = ${now}, updated_at = ${now} WHERE status = 'dead' RETURNING id`;
    for (const { id } of ids) this.sql`DELETE FROM attempts WHERE delivery_id = ${id}`;
    return ids.length;
  }

  /** Erasure: deletes every event about the customer (`data.customerId`) with its deliveries and attempts; how many events. */
  forget(customerId: string): number {
    const ids = this.sql<{ id: string }>`SELECT id FROM outbox WHERE json_extract(payload, '$.data.customerId') = ${customerId}`.map((r) => r.id);
    for (const id of ids) {
      this.sql`DELETE FROM attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE event_id = ${id})`;
      this.sql`DELETE FROM deliveries WHERE event_id = ${id}`;
      this.sql`DELETE FROM outbox WHERE id = ${id}`;
    }
    return ids.length;
  }

  /** Up to `limit` pending deliveries due by `now`, the longest-waiting first. */
  due(now: number, limit: number): DeliveryRow[] {
    return this.sql<DeliveryRow>`SELECT d.*, e.type, e.payload FROM deliveries d JOIN outbox e ON e.id = d.event_id
      WHERE d.status = 'pending' AND d.next_at <= ${now} ORDER BY d.next_at LIMIT ${limit}`;
  }

  /** When the soonest pending delivery is due, or null when none is pending (the alarm's next time). */
  nextDue(): number | null {
    return this.sql<{ t: number | null }>`SELECT min(next_at) AS t FROM deliveries WHERE status = 'pending'`[0]?.t ?? null;
  }

  /** Logs attempt `n` of a delivery and moves it to where `afterAttempt` (webhooks.ts) put it. */
  recordAttempt(deliveryId: string, n: number, r: AttemptResult, next: { status: DeliveryStatus; nextAt: number | null }): void {
    this.sql`INSERT OR REPLACE INTO attempts (delivery_id, n, at, status, error, ms) VALUES (${deliveryId}, ${n}, ${r.startedAt}, ${r.status}, ${r.error}, ${r.endedAt - r.startedAt})`;
    this.sql`UPDATE deliveries SET status = ${next.status}, attempt = ${n}, next_at = ${next.nextAt}, last_status = ${r.status}, last_error = ${r.error},
      delivered_at = CASE WHEN ${next.status} = 'delivered' THEN ${r.endedAt} ELSE delivered_at END, updated_at = ${r.endedAt} WHERE id = ${deliveryId}`;
  }

  /** Retention: drops deliveries done (delivered or dead) over RETENTION_MS ago, their attempts, and events left with none. */
  prune(now: number): void {
    const before = now - RETENTION_MS;
    this.sql`DELETE FROM attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE status != 'pending' AND updated_at < ${before})`;
    this.sql`DELETE FROM deliveries WHERE status != 'pending' AND updated_at < ${before}`;
    this.sql`DELETE FROM outbox WHERE created_at < ${before} AND id NOT IN (SELECT event_id FROM deliveries)`;
  }

  private row(id: string): DeliveryRow | null {
    return this.sql<DeliveryRow>`SELECT d.*, e.type, e.payload FROM deliveries d JOIN outbox e ON e.id = d.event_id WHERE d.id = ${id}`[0] ?? null;
  }
}
