import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { deliverOnce, type DeliveryDeps } from "../features/webhooks/deliver";
import { OutboxBook, type DeliveryDetail, type DeliveryRow, type DeliveryView } from "../features/webhooks/outbox-book";
import { afterAttempt, attemptsFor, type DeliveryEventType, type DeliveryStatus } from "../features/webhooks/webhooks";
import { createSql, migrate } from "../platform/sql";
import { OUTBOX_MIGRATIONS } from "../platform/migrations/outbox";
import { allowsLocalDev } from "../platform/outbound-url";
import { siteStub } from "../platform/stubs";

export type { DeliveryStatus } from "../features/webhooks/webhooks";
export type { DeliveryView } from "../features/webhooks/outbox-book";

/** Deliveries tried per alarm run (in parallel); the rest follow in the next run, at once. */
const BATCH = 25;
/** When the site's signing secret cannot be read, the alarm tries again this much later. */
const NO_SECRET_RETRY_MS = 60_000;

/**
 * The outgoing webhooks of one site (`site:{siteId}:outbox`, README, "Webhooks out"). An event
 * is written once per idempotency key with one delivery per subscribed endpoint; the alarm posts
 * due deliveries signed the Standard Webhooks way and retries failures on a fixed schedule
 * (features/webhooks/webhooks.ts) until they are delivered or become dead letters, which can be replayed.
 * At least once: a delivery is marked done only after a 2xx answer. A thin shell: the tables are
 * features/webhooks/outbox-book.ts, one attempt is features/webhooks/deliver.ts.
 */
export class WebhookOutbox extends DurableObject<Env> {
  private readonly book: OutboxBook;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.book = new OutboxBook(createSql(ctx.storage));
    migrate(ctx.storage, OUTBOX_MIGRATIONS);
  }

  /** Records an event for the given endpoints (once per `idempotencyKey`) and wakes the alarm. */
  async emit(siteId: string, type: DeliveryEventType, data: Record<string, unknown>, idempotencyKey: string, endpoints: string[], now: number): Promise<{ eventId: string; created: boolean }> {
    const out = this.book.emit(siteId, type, data, idempotencyKey, endpoints, now);
    if (out.created && endpoints.length) await this.arm(now);
    return out;
  }

  /**
   * Records many events of one type at once, each once per its key (a wishlist fan-out's batch):
   * one call and one storage commit for the batch instead of one of each per event. Returns how
   * many were new.
   */
  async emitMany(siteId: string, type: DeliveryEventType, events: { data: Record<string, unknown>; idempotencyKey: string }[], endpoints: string[], now: number): Promise<number> {
    let created = 0;
    for (const e of events) if (this.book.emit(siteId, type, e.data, e.idempotencyKey, endpoints, now).created) created++;
    if (created && endpoints.length) await this.arm(now);
    return created;
  }

  /** Queues an event like `emit` and answers its deliveries (one per endpoint), so a test send can show each one's result. */
  async emitWithDeliveries(
    siteId: string,
    type: DeliveryEventType,
    data: Record<string, unknown>,
    idempotencyKey: string,
    endpoints: string[],
    now: number,
  ): Promise<{ eventId: string; deliveries: DeliveryView[] }> {
    const { eventId } = await this.emit(siteId, type, data, idempotencyKey, endpoints, now);
    return { eventId, deliveries: this.book.deliveriesOf(eventId) };
  }

  /** The delivery log, newest first; `cursor` is the last `seq` of the previous page. */
  list(status: DeliveryStatus | null, cursor: number | null, limit: number): { deliveries: DeliveryView[]; nextCursor: number | null } {
    return this.book.list(status, cursor, limit);
  }

  /** One delivery with its payload and every attempt. */
  get(id: string): DeliveryDetail | null {
    return this.book.get(id);
  }

  /** Sends a delivery again from the start of the schedule (same `webhook-id`, so receivers can dedupe). */
  async replay(id: string, now: number): Promise<DeliveryView | null> {
    const d = this.book.replay(id, now);
    if (d) await this.arm(now);
    return d;
  }

  /** Re-queues every dead letter (after a receiver's long outage). */
  async replayDead(now: number): Promise<number> {
    const n = this.book.replayDead(now);
    if (n) await this.arm(now);
    return n;
  }

  /** Erasure: every event about the customer (`data.customerId`), with its deliveries and attempts, sent or not. */
  forget(customerId: string): number {
    return this.book.forget(customerId);
  }

  /** Posts every due delivery (a batch at a time), then sleeps until the next one is due. */
  async alarm(): Promise<void> {
    const now = Date.now();
    const due = this.book.due(now, BATCH);
    if (due.length) {
      const secret = await this.secret();
      if (secret === null) {
        // The site is gone (or not readable right now): try again later rather than lose anything.
        await this.ctx.storage.setAlarm(now + NO_SECRET_RETRY_MS);
        return;
      }
      const deps: DeliveryDeps = { fetch: (url, init) => fetch(url, init), now: () => Date.now(), allowLocalDev: allowsLocalDev(this.env) };
      await Promise.all(due.map((d) => this.attempt(d, secret, deps)));
    }
    this.book.prune(Date.now());
    await this.arm(Date.now());
  }

  /** One attempt: post, decide where the delivery stands (pure), record both. */
  private async attempt(d: DeliveryRow, secret: string, deps: DeliveryDeps): Promise<void> {
    const result = await deliverOnce({ eventId: d.event_id, endpoint: d.endpoint, payload: d.payload }, secret, deps);
    const n = d.attempt + 1;
    this.book.recordAttempt(d.id, n, result, afterAttempt(n, result, result.endedAt, attemptsFor(d.type)));
  }

  /** The alarm goes off when the soonest pending delivery is due (never later than one already set). */
  private async arm(now: number): Promise<void> {
    const next = this.book.nextDue();
    if (next === null) return;
    const current = await this.ctx.storage.getAlarm();
    const at = Math.max(next, now);
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  private async secret(): Promise<string | null> {
    const siteId = this.book.siteId();
    if (!siteId) return null;
    try {
      const record = await siteStub(this.env, siteId).get();
      return record?.secrets.webhookSecret ?? null;
    } catch {
      return null;
    }
  }
}
