import type { Env } from "../../env";
import type { Sql } from "../../platform/sql";
import type { LoyaltyBook } from "../loyalty/loyalty-book";
import type { ActivityLog } from "./profile-activity";
import type { ProfileState } from "./profile";
import type { ProfileRef } from "./profile-types";

/**
 * What a flow running inside a Profile object may use: its storage (through the table classes)
 * and the three steps every change ends with: load the state, save it, refile the customer in the
 * shop's index. The object hands flows this instead of itself, so its private helpers never
 * become RPC methods.
 */
export interface ProfileHost {
  readonly env: Env;
  readonly sql: Sql;
  readonly book: LoyaltyBook;
  readonly activity: ActivityLog;
  /** The object's own id (a pseudonym the Site keys per-shopper rows by). */
  readonly objectId: string;
  load(ref: ProfileRef, now: number): ProfileState;
  save(p: ProfileState): void;
  index(p: ProfileState): Promise<void>;
  /** Sends a customer's facts to the shop's insights (features/insights/insights-reporter.ts); `force` even if unchanged. */
  report(p: ProfileState, force?: boolean): Promise<void>;
}
