import { z } from "@hono/zod-openapi";

/** Ids a shop or a browser makes up: bounded, printable, no separators we use in object names. */
export const Id = z
  .string()
  .min(1)
  .max(128)
  // Not "." or "..": URLs collapse them. Written without look-ahead so schema-driven generators can read it.
  .regex(/^(?:[A-Za-z0-9._@+-]{3,}|[A-Za-z0-9_@+-][A-Za-z0-9._@+-]?|\.[A-Za-z0-9_@+-])$/, "letters, digits and . _ @ + - only (not . or ..)");

/** Visitor ids are random 128-bit values made by the widget; accept hex or base64url of sane length. */
export const VisitorId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "16-64 characters of [A-Za-z0-9_-]");

export const Locale = z.enum(["en", "ar", "fa"]);
export const Currency = z.string().regex(/^[A-Z]{3}$/, "ISO 4217 code, e.g. USD");
export const Money = z.number().finite().min(0).max(1e9);

/** Localised shop text: English required, Arabic and Persian optional (falls back to English). */
export const LocalText = z.object({ en: z.string().min(1).max(500), ar: z.string().max(500).optional(), fa: z.string().max(500).optional() });

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "invalid_request" }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error");

/**
 * Standard error responses every route may give, so the OpenAPI document lists them. 429 is on
 * every route: each sits behind a rate limit (platform/middleware/rate-limit.ts), and a client
 * validating answers against the document (the end-to-end suite's proxy) must accept it.
 */
export function errorResponses(...given: (400 | 401 | 403 | 404 | 409 | 412 | 413 | 422)[]) {
  const statuses: number[] = [...given, 429];
  const text: Record<number, string> = {
    400: "Invalid input; `details` lists the zod issues",
    401: "Missing or invalid credentials",
    403: "Credentials valid but not allowed here",
    404: "Not found",
    409: "Conflict",
    412: "`If-Match` names a version that is no longer current; read again and retry",
    413: "Request body too large",
    422: "Valid input the site cannot process as configured; `code` says why",
    429: "Too many requests (`rate_limited`); retry after the `Retry-After` seconds",
  };
  return Object.fromEntries(statuses.map((s) => [s, { description: text[s] ?? "Error", content: { "application/json": { schema: ErrorResponse } } }]));
}
