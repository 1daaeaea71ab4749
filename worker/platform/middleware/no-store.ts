import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../app-env";

/**
 * `Cache-Control: no-store` on every answer it wraps, success or error. /v1 answers carry
 * profiles, keys, reward codes and webhook payloads for one caller; no shared cache, proxy or
 * browser history may keep them. Set after the handler (and after `onError` rendered a thrown
 * error), so no route can forget it and a refusal is not cacheable either. No /v1 route caches on
 * purpose (the widget's cacheable assets live outside /v1).
 */
export function noStore(): MiddlewareHandler<AppEnv> {
  return async function noStore(c, next) {
    await next();
    c.header("Cache-Control", "no-store");
  };
}
