import type { Env } from "../../env";
import { endpointsFor, type WebhookEndpoint, type WebhookEventType } from "./webhooks";
import { siteRuntime } from "../../platform/store";
import { outboxStub } from "../../platform/stubs";

/**
 * Queues a webhook event for every endpoint of the site that subscribed to `type` (site config
 * `webhooks: [{ url, events }]`). The same `idempotencyKey` records the event once, so a retried
 * request or alarm never sends it twice. Resolves once the event is stored (delivery follows from
 * the outbox's alarm, with retries); a site without subscribers costs one memoised config read.
 *
 * Callers that already hold the site's config (the Site object) pass `webhooks` to skip the read.
 */
export async function emitWebhook(
  env: Env,
  siteId: string,
  type: WebhookEventType,
  data: Record<string, unknown>,
  idempotencyKey: string,
  opts: { webhooks?: readonly WebhookEndpoint[]; now?: number } = {},
): Promise<{ eventId: string; created: boolean } | null> {
  const webhooks = opts.webhooks ?? (await siteRuntime(env, siteId))?.config.webhooks ?? [];
  const endpoints = endpointsFor(webhooks, type);
  if (endpoints.length === 0) return null;
  return outboxStub(env, siteId).emit(siteId, type, data, `${type}:${idempotencyKey}`, endpoints, opts.now ?? Date.now());
}

/**
 * `emitWebhook` for a batch of events of one type (a fan-out): one outbox call for the batch, each
 * event still stored once per `idempotencyKey`. Returns how many were new (0 without subscribers).
 */
export async function emitWebhooks(
  env: Env,
  siteId: string,
  type: WebhookEventType,
  events: { data: Record<string, unknown>; idempotencyKey: string }[],
  opts: { webhooks: readonly WebhookEndpoint[]; now: number },
): Promise<number> {
  const endpoints = endpointsFor(opts.webhooks, type);
  if (endpoints.length === 0 || events.length === 0) return 0;
  return outboxStub(env, siteId).emitMany(
    siteId,
    type,
    events.map((e) => ({ data: e.data, idempotencyKey: `${type}:${e.idempotencyKey}` })),
    endpoints,
    opts.now,
  );
}
