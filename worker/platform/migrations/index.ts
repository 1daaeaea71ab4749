import type { MigrationStep } from "../sql";
import { INSIGHTS_MIGRATIONS } from "./insights";
import { OUTBOX_MIGRATIONS } from "./outbox";
import { PROFILE_MIGRATIONS } from "./profile";
import { SITE_MIGRATIONS } from "./site";

/**
 * The step list of each Durable Object class, keyed as in lock.json, so the lock script and the
 * lock test compare every class's steps with the released ones.
 */
export const MIGRATIONS: Readonly<Record<"profile" | "site" | "outbox" | "insights", readonly MigrationStep[]>> = {
  profile: PROFILE_MIGRATIONS,
  site: SITE_MIGRATIONS,
  outbox: OUTBOX_MIGRATIONS,
  insights: INSIGHTS_MIGRATIONS,
};
