import type { ProfileObject } from "./objects/profile-object";
import type { SiteObject } from "./objects/site-object";
import type { WebhookOutbox } from "./objects/webhook-outbox";
import type { InsightsObject } from "./objects/insights-object";

/** Bindings declared in wrangler.toml; secrets (ADMIN_TOKEN) are set with `wrangler secret put`. */
export interface Env {
  PROFILE: DurableObjectNamespace<ProfileObject>;
  SITE: DurableObjectNamespace<SiteObject>;
  /** One outbox per site (`site:{siteId}:outbox`): webhooks out, retries, dead letters. */
  WEBHOOKS: DurableObjectNamespace<WebhookOutbox>;
  /** One per site (`site:{siteId}:insights`): retention counters and experiment arms. */
  INSIGHTS: DurableObjectNamespace<InsightsObject>;
  KV: KVNamespace;
  ASSETS: Fetcher;
  /** Bearer token for /v1/admin routes; admin routes answer 401 while it is unset. */
  ADMIN_TOKEN?: string;
  MAX_BODY_BYTES?: string;
  /** Rate Limiting bindings (`[[ratelimits]]`): per visitor, per client IP, per API key. */
  RL_VISITOR?: RateLimit;
  RL_IP?: RateLimit;
  RL_SERVER?: RateLimit;
  /** "off" disables rate limits (local load tests from one IP). */
  RATE_LIMITS?: string;
  /**
   * "1" lets webhooks go to exactly `http://localhost:PORT` / `http://127.0.0.1:PORT` (local
   * development: `npm start` and the tests set it; a deploy never does). worker/platform/outbound-url.ts
   */
  DEV_ALLOW_LOCAL_WEBHOOKS?: string;
}
