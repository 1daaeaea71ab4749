import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../../app-env";
import { sessionCookie } from "../../features/console-auth/session-token";
import { sha256Hex } from "../crypto";
import { ApiError } from "../errors";

/**
 * Rate limits on the Workers Rate Limiting binding (`[[ratelimits]]` in wrangler.toml): per
 * visitor and per client IP on visitor routes, per key on server and admin routes. Over a limit
 * the answer is 429 `{ error: { code: "rate_limited" } }` with `Retry-After` (the binding's
 * period). Each limit has its own bucket, so one visitor's burst never slows another visitor.
 *
 * Limits live in wrangler.toml (per Cloudflare location, 10 s windows). A missing binding or
 * `RATE_LIMITS = "off"` (for local load tests from one IP) turns the check off; a failing
 * binding lets the request through (rate limiting must never take the API down).
 */
const PERIOD_SECONDS = 10;

type Limiter = keyof Pick<AppEnv["Bindings"], "RL_VISITOR" | "RL_IP" | "RL_SERVER">;

async function allowed(c: Context<AppEnv>, binding: Limiter, key: string): Promise<boolean> {
  const limiter = c.env[binding];
  if (!limiter || c.env.RATE_LIMITS === "off") return true;
  try {
    return (await limiter.limit({ key })).success;
  } catch (err) {
    console.error("rate limiter unavailable", binding, err instanceof Error ? err.message : String(err));
    return true;
  }
}

function tooMany(what: string): never {
  throw new RateLimited(what);
}

/** Thrown over a limit; rendered by the error handler like every ApiError, plus `Retry-After`. */
export class RateLimited extends ApiError {
  readonly retryAfter = PERIOD_SECONDS;
  constructor(what: string) {
    super(429, "rate_limited", `Too many requests for this ${what}; retry after ${PERIOD_SECONDS} seconds.`);
  }
}

/**
 * Visitor routes, before auth: per client IP (every request counts, refused ones too, so a flood
 * of bad keys or made-up visitor ids is cut off cheaply). Requests without `CF-Connecting-IP`
 * (only possible off Cloudflare, e.g. in unit tests) have no IP bucket.
 */
export function ipRateLimit(): MiddlewareHandler<AppEnv> {
  return async function ipRateLimit(c, next) {
    const ip = c.req.header("CF-Connecting-IP");
    if (c.req.method !== "OPTIONS" && ip && !(await allowed(c, "RL_IP", `ip:${ip}`))) tooMany("IP address");
    await next();
  };
}

/** Visitor routes, after auth: per visitor of a site (so CORS applies to the 429 and the widget can read it). */
export function visitorRateLimit(): MiddlewareHandler<AppEnv> {
  return async function visitorRateLimit(c, next) {
    const { siteId } = c.get("site");
    const { visitorId } = c.get("shopper");
    if (!(await allowed(c, "RL_VISITOR", `v:${siteId}:${visitorId}`))) tooMany("visitor");
    await next();
  };
}

/** Server and admin routes: per credential (its hash, never the key itself; a console session counts as one), before the key is looked up. */
export function keyRateLimit(): MiddlewareHandler<AppEnv> {
  return async function keyRateLimit(c, next) {
    const auth = c.req.header("Authorization") ?? sessionCookie(c.req.header("Cookie")) ?? "";
    const ip = c.req.header("CF-Connecting-IP");
    // Requests without credentials are counted per IP: they are refused anyway, but cheaply.
    const key = auth ? `k:${(await sha256Hex(auth)).slice(0, 32)}` : `anon:${ip ?? "unknown"}`;
    if (!(await allowed(c, "RL_SERVER", key))) tooMany("API key");
    await next();
  };
}
