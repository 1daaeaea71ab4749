import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Machine-readable error codes of the v1 contract (the v1 contract, /openapi.json). Clients branch on these, never on messages. */
export type ErrorCode =
  | "invalid_request"
  | "malformed_json"
  | "unauthorized"
  | "forbidden"
  | "csrf_failed"
  | "origin_not_allowed"
  | "invalid_customer_hash"
  | "not_found"
  | "conflict"
  | "precondition_failed"
  | "payload_too_large"
  | "unsupported_currency"
  | "rate_limited"
  | "internal_error";

/**
 * The one way a handler reports a failure: thrown anywhere, rendered by `onError` as
 * `{ error: { code, message, details? } }` with its status. Keeps every error the same shape.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** JSON body of an error response; exported for tests and the OpenAPI document. */
export function errorBody(code: ErrorCode, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** `app.onError`: known errors keep their status; anything else is a logged 500 without internals. */
export function handleError(err: Error, c: Context) {
  if (err instanceof ApiError) {
    const retryAfter = (err as { retryAfter?: number }).retryAfter;
    if (retryAfter !== undefined) c.header("Retry-After", String(retryAfter));
    return c.json(errorBody(err.code, err.message, err.details), err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    if (status === 400) return c.json(errorBody("malformed_json", "Request body is not valid JSON."), 400);
    if (status === 413) return c.json(errorBody("payload_too_large", "Request body is too large."), 413);
    if (status === 401) return c.json(errorBody("unauthorized", err.message || "Unauthorized."), 401);
    return c.json(errorBody(status >= 500 ? "internal_error" : "invalid_request", err.message || "Request failed."), status);
  }
  console.error("unhandled error", err);
  return c.json(errorBody("internal_error", "Something went wrong on our side. Please retry."), 500);
}

/** `app.notFound`: unknown paths get the same JSON shape as every other error. */
export function handleNotFound(c: Context) {
  return c.json(errorBody("not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`), 404);
}
