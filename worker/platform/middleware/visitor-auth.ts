import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../app-env";
import { identityFailureMessage, verifyCustomer } from "../../features/identity/identity";
import { ApiError, handleError } from "../errors";
import { Id, VisitorId } from "../schemas";
import { resolveKey, siteRuntime } from "../store";

/** Headers the widget sends; also what CORS preflights must allow. */
export const VISITOR_HEADERS = ["Content-Type", "X-Revisit-Key", "X-Revisit-Visitor", "X-Revisit-Customer", "X-Revisit-Customer-Hash", "X-Revisit-Customer-Expires", "Idempotency-Key"];

/**
 * Visitor routes (SECURITY.md): a publishable key, a request from one of the site's allowed origins
 * (requests without `Origin`, from servers and curl, are let through: Origin only protects
 * browsers), a visitor id, and optionally a customer id whose HMAC verifies. Sets CORS for the
 * verified origin on the response, error responses included, so the widget can read them.
 */
export function visitorAuth({ maxClockSkewSeconds = 0 }: { maxClockSkewSeconds?: number } = {}): MiddlewareHandler<AppEnv> {
  return async function visitorAuth(c, next) {
    const origin = c.req.header("Origin") ?? null;
    if (c.req.method === "OPTIONS") return preflight(origin);
    c.set("corsOrigin", null);
    try {
      await authenticate();
      await next();
    } catch (err) {
      c.res = handleError(err instanceof Error ? err : new Error(String(err)), c);
    }
    const allowed = c.get("corsOrigin");
    if (allowed) {
      c.res.headers.set("Access-Control-Allow-Origin", allowed);
      c.res.headers.append("Vary", "Origin");
    }

    async function authenticate() {
      const key = c.req.header("X-Revisit-Key");
      if (!key) throw new ApiError(401, "unauthorized", "Missing X-Revisit-Key (your publishable key, pk_…).");
      const now = Date.now();
      const entry = await resolveKey(c.env, key, now);
      if (!entry) throw new ApiError(401, "unauthorized", "Unknown or expired publishable key.");
      if (entry.kind !== "publishable") throw new ApiError(403, "forbidden", "Visitor routes take a publishable key; never put a secret key in a browser.");
      const site = await siteRuntime(c.env, entry.siteId);
      if (!site) throw new ApiError(401, "unauthorized", "Unknown site.");
      if (origin !== null) {
        if (!site.config.allowedOrigins.includes(origin)) throw new ApiError(403, "origin_not_allowed", `Origin ${origin} is not in this site's allowed origins.`);
        c.set("corsOrigin", origin);
      }
      const visitor = VisitorId.safeParse(c.req.header("X-Revisit-Visitor"));
      if (!visitor.success) throw new ApiError(400, "invalid_request", "X-Revisit-Visitor must be 16-64 characters of [A-Za-z0-9_-].");
      let customerId: string | null = null;
      const claimed = c.req.header("X-Revisit-Customer");
      if (claimed) {
        if (!Id.safeParse(claimed).success) throw new ApiError(400, "invalid_request", "X-Revisit-Customer must be a customer id: 1-128 letters, digits and . _ @ + -.");
        const hash = c.req.header("X-Revisit-Customer-Hash") ?? "";
        const expiresHeader = c.req.header("X-Revisit-Customer-Expires");
        const expires = expiresHeader === undefined ? undefined : Number(expiresHeader);
        if (expires !== undefined && !Number.isSafeInteger(expires)) throw new ApiError(400, "invalid_request", "X-Revisit-Customer-Expires must be unix seconds.");
        const check = await verifyCustomer({ customerId: claimed, hash, expires }, site.identitySecret, {
          nowSeconds: Math.floor(now / 1000) - maxClockSkewSeconds,
          requireExpiring: site.config.requireExpiringHash,
        });
        if (!check.ok) throw new ApiError(401, "invalid_customer_hash", identityFailureMessage(check.reason));
        customerId = claimed;
      }
      c.set("site", site);
      c.set("shopper", { visitorId: visitor.data, customerId });
    }
  };
}

/**
 * Preflights carry no key, so the site is unknown here: answer permissively and enforce the
 * origin on the real request (which gets no CORS header, so the browser blocks it, when the
 * origin is not allowed).
 */
function preflight(origin: string | null): Response {
  return new Response(null, {
    status: 204,
    headers: {
      "Access-Control-Allow-Origin": origin ?? "*",
      "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
      "Access-Control-Allow-Headers": VISITOR_HEADERS.join(", "),
      "Access-Control-Max-Age": "86400",
      Vary: "Origin",
    },
  });
}
