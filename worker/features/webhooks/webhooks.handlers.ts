import type { AppRouteHandler } from "../../platform/create-router";
import { ApiError } from "../../platform/errors";
import type { deadLettersRoute, getDeliveryRoute, listDeliveriesRoute, replayDeadLettersRoute, replayDeliveryRoute, sendTestRoute } from "./webhooks.routes";
import { outboxStub, siteStub } from "../../platform/stubs";
import { randomToken } from "../../platform/crypto";
import { TEST_EVENT } from "./webhooks";
import { testTargets } from "./test-event";

/** Cursors are opaque to clients (base64url of the last row's sequence number). */
const encode = (seq: number | null) => (seq === null ? null : btoa(String(seq)).replace(/=+$/, ""));
function decode(cursor: string | undefined): number | null {
  if (!cursor) return null;
  try {
    const n = Number(atob(cursor.replace(/-/g, "+").replace(/_/g, "/")));
    if (Number.isSafeInteger(n) && n > 0) return n;
  } catch {
    // fall through
  }
  throw new ApiError(400, "invalid_request", "Invalid cursor.");
}

/** Lists a page of this site's deliveries from its outbox, optionally by status. */
export const listDeliveries: AppRouteHandler<typeof listDeliveriesRoute> = async (c) => {
  const { status, cursor, limit } = c.req.valid("query");
  const page = await outboxStub(c.env, c.get("site").siteId).list(status ?? null, decode(cursor), limit);
  return c.json({ deliveries: page.deliveries, nextCursor: encode(page.nextCursor) }, 200);
};

/** Lists a page of the outbox's dead letters only. */
export const deadLetters: AppRouteHandler<typeof deadLettersRoute> = async (c) => {
  const { cursor, limit } = c.req.valid("query");
  const page = await outboxStub(c.env, c.get("site").siteId).list("dead", decode(cursor), limit);
  return c.json({ deliveries: page.deliveries, nextCursor: encode(page.nextCursor) }, 200);
};

/** One delivery with payload and attempt log; 404 when the outbox has no such id. */
export const getDelivery: AppRouteHandler<typeof getDeliveryRoute> = async (c) => {
  const d = await outboxStub(c.env, c.get("site").siteId).get(c.req.valid("param").deliveryId);
  if (!d) throw new ApiError(404, "not_found", "No such delivery.");
  return c.json(d, 200);
};

/** Re-queues one delivery at the start of the retry schedule; 404 when the outbox has no such id. */
export const replayDelivery: AppRouteHandler<typeof replayDeliveryRoute> = async (c) => {
  const d = await outboxStub(c.env, c.get("site").siteId).replay(c.req.valid("param").deliveryId, Date.now());
  if (!d) throw new ApiError(404, "not_found", "No such delivery.");
  return c.json(d, 202);
};

/** Re-queues every dead letter of this site. */
export const replayDeadLetters: AppRouteHandler<typeof replayDeadLettersRoute> = async (c) => {
  const replayed = await outboxStub(c.env, c.get("site").siteId).replayDead(Date.now());
  return c.json({ replayed }, 202);
};

/**
 * Queues a test event to the chosen configured endpoint (or all), read from the Site object rather
 * than the edge's cached copy, so an endpoint saved a moment ago can be tested at once.
 */
export const sendTest: AppRouteHandler<typeof sendTestRoute> = async (c) => {
  const siteId = c.get("site").siteId;
  const body = (c.req.valid("json") as { endpoint?: string } | undefined) ?? {};
  const record = await siteStub(c.env, siteId).get();
  if (!record) throw new ApiError(404, "not_found", "Site not found.");
  const targets = testTargets(record.config.webhooks, body.endpoint);
  if (!targets.ok) throw new ApiError(400, "invalid_request", targets.message, targets.issues);
  const now = Date.now();
  const data = { siteId, message: "A test event from Revisit: this endpoint receives and can verify Revisit's webhooks." };
  const sent = await outboxStub(c.env, siteId).emitWithDeliveries(siteId, TEST_EVENT, data, `${TEST_EVENT}:${randomToken("", 12)}`, targets.endpoints, now);
  c.set("auditNote", `test event to ${targets.endpoints.length} endpoint(s)`);
  return c.json(sent, 202);
};
