import { getV1, request } from "../../api";

/**
 * The webhooks page's calls to the public API (`/v1/webhooks/*`, the same routes a shop's backend
 * uses with its secret key), typed as the routes answer them (worker/features/webhooks/webhooks.routes.ts).
 */

/** Where a delivery stands: waiting for an attempt, done, or a dead letter (every attempt failed). */
export type DeliveryStatus = "pending" | "delivered" | "dead";

/** One delivery of one event to one endpoint, as the log lists it. */
export interface Delivery {
  id: string;
  eventId: string;
  type: string;
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

/** A page of the log, newest first; `nextCursor` continues with older ones. */
export interface DeliveryPage {
  deliveries: Delivery[];
  nextCursor: string | null;
}

/** How many rows one page of a list shows. */
export const PAGE_SIZE = 20;

/** `GET /v1/webhooks/deliveries` (optionally by status) or `/v1/webhooks/dead-letters`. */
export function listDeliveries(kind: "log" | "dead", status: DeliveryStatus | null, cursor: string | null): Promise<DeliveryPage> {
  const path = kind === "dead" ? "webhooks/dead-letters" : "webhooks/deliveries";
  return getV1<DeliveryPage>(path, { limit: PAGE_SIZE, status: kind === "log" ? (status ?? undefined) : undefined, cursor: cursor ?? undefined });
}

/** `GET /v1/webhooks/deliveries/{id}`: one delivery as it stands now. */
export function getDelivery(id: string): Promise<Delivery> {
  return getV1<Delivery>(`webhooks/deliveries/${encodeURIComponent(id)}`);
}

/** `POST /v1/webhooks/deliveries/{id}/replay`: sends a dead letter again. */
export function replayDelivery(id: string): Promise<Delivery> {
  return request<Delivery>("POST", `/v1/webhooks/deliveries/${encodeURIComponent(id)}/replay`);
}

/** `POST /v1/webhooks/dead-letters/replay`: sends every dead letter again. */
export function replayAllDead(): Promise<{ replayed: number }> {
  return request<{ replayed: number }>("POST", "/v1/webhooks/dead-letters/replay");
}

/** `POST /v1/webhooks/test`: one signed `webhook.test` to one saved endpoint, or to all (null). */
export function sendTestEvent(endpoint: string | null): Promise<{ eventId: string; deliveries: Delivery[] }> {
  return request("POST", "/v1/webhooks/test", endpoint ? { endpoint } : {});
}
