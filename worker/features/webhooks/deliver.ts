/**
 * One delivery attempt of a webhook (README, "Webhooks out"): check the target again, sign,
 * POST with a timeout, and say what happened in a fixed vocabulary. The only I/O is the `fetch`
 * and the clock passed in, so unit tests drive every outcome with a fake network.
 */

import { checkOutboundUrl, deliveryError, REFUSAL_REASONS } from "../../platform/outbound-url";
import { signWebhook } from "../../platform/standard-webhooks";

/** How long one POST may take before it counts as a "timeout" failure. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** What is sent: the event id (`webhook-id`, the same on every retry so receivers can dedupe), where, and the body. */
export interface DeliveryTarget {
  eventId: string;
  endpoint: string;
  payload: string;
}

/** The outside world of an attempt, passed in so tests can replace the network and the clock. */
export interface DeliveryDeps {
  /** The network (the runtime's `fetch` in production). */
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** The clock, read when the attempt starts and when it ends. */
  now: () => number;
  /** Whether the local-development exception of the outbound URL policy is on. */
  allowLocalDev: boolean;
  /** Overrides DELIVERY_TIMEOUT_MS (tests). */
  timeoutMs?: number;
}

/** What one attempt came to, as the deliveries log records it. */
export interface AttemptResult {
  /** The HTTP status of the answer; null when none came (refused, timeout, connection failed). */
  status: number | null;
  /** null on a 2xx; else `HTTP nnn`, "timeout", "connection failed" or a refusal reason, never the runtime's text. */
  error: string | null;
  /** The target was refused by the outbound URL policy and never fetched. */
  refused: boolean;
  startedAt: number;
  endedAt: number;
}

/** Posts `target` once, signed with the site's `secret`; never throws, every failure is an `error`. */
export async function deliverOnce(target: DeliveryTarget, secret: string, deps: DeliveryDeps): Promise<AttemptResult> {
  const startedAt = deps.now();
  // Checked again before every call: the endpoint may have been stored before this check
  // existed, or under a dev setting since removed. A refused target is never fetched (and the
  // caller makes it dead at once: it will not become allowed by waiting).
  const verdict = checkOutboundUrl(target.endpoint, { allowLocalDev: deps.allowLocalDev });
  if (!verdict.ok) return { status: null, error: REFUSAL_REASONS[verdict.refusal], refused: true, startedAt, endedAt: startedAt };
  let status: number | null = null;
  let error: string | null = null;
  try {
    const headers = await signWebhook(secret, target.eventId, Math.floor(startedAt / 1000), target.payload);
    const res = await deps.fetch(target.endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json", "User-Agent": "Revisit-Webhooks/1", ...headers },
      body: target.payload,
      redirect: "manual",
      signal: AbortSignal.timeout(deps.timeoutMs ?? DELIVERY_TIMEOUT_MS),
    });
    status = res.status;
    await res.body?.cancel();
    // A redirect is not followed (it could lead anywhere) and counts as a failure.
    if (!res.ok) error = `HTTP ${res.status}`;
  } catch (err) {
    // A fixed vocabulary, never the runtime's text: it would tell a config author about the network.
    error = deliveryError(err);
  }
  return { status, error, refused: false, startedAt, endedAt: deps.now() };
}
