import type { DailyCounts } from "../segments/event-windows";
import type { ProfileState } from "./profile";
import type { ShopperEvent } from "./profile-changes";

/** Which profile an RPC call is about; objects are named `site:{siteId}:{kind}:{id}` (platform/stubs.ts). */
export interface ProfileRef {
  siteId: string;
  kind: "visitor" | "customer";
  id: string;
}

/** A browser event as stored: its id (retries are recognised by it) and when it happened. */
export type StoredEvent = ShopperEvent & { id: string; at: number };

/** What a visitor profile hands over when it is merged into a customer's. */
export interface MergePayload {
  state: ProfileState;
  events: StoredEvent[];
  /** Daily event counts (they outlive raw events; see profile-activity.ts). */
  days?: DailyCounts;
}
