import type { JsonSchema } from "./schema-arbitrary";

/** One operation of `/openapi.json`, in the shape the fuzz and authorization harnesses need. */
export interface Operation {
  key: string;
  method: string;
  path: string;
  pathParams: { name: string; schema: JsonSchema }[];
  queryParams: { name: string; schema: JsonSchema; required: boolean }[];
  /** Required header parameters the document names (e.g. `idempotency-key`), made from their schemas. */
  headerParams: { name: string; schema: JsonSchema }[];
  body: { schema: JsonSchema; required: boolean } | null;
  /** Security scheme names of the first requirement (e.g. ["publishableKey", "visitorId"]); [] when open. */
  security: string[];
  /** Statuses the document lists for the operation. */
  statuses: number[];
}

/** The parts of an OpenAPI operation (or path item) the fuzzer reads. */
interface OpenApiOperation {
  parameters?: unknown[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, unknown>;
  security?: unknown[];
  [key: string]: unknown;
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, OpenApiOperation> & OpenApiOperation>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const METHODS = ["get", "post", "put", "patch", "delete"];

/** Every `/v1` operation the document describes, in document order. */
export function operations(doc: OpenApiDoc): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith("/v1/")) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])] as { name: string; in: string; required?: boolean; schema: JsonSchema }[];
      const json = op.requestBody?.content?.["application/json"];
      out.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === "path").map((p) => ({ name: p.name, schema: p.schema })),
        queryParams: params.filter((p) => p.in === "query").map((p) => ({ name: p.name, schema: p.schema, required: p.required === true })),
        headerParams: params.filter((p) => p.in === "header" && p.required === true).map((p) => ({ name: p.name, schema: p.schema })),
        body: json ? { schema: json.schema as JsonSchema, required: op.requestBody?.required === true } : null,
        security: Object.keys((op.security as Record<string, unknown>[] | undefined)?.[0] ?? {}),
        statuses: Object.keys(op.responses ?? {}).map(Number),
      });
    }
  }
  return out;
}

/** `/v1/customers/{customerId}` with values filled in (each URI-encoded). */
export function fillPath(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(values[name] ?? "")));
}

/** Error codes of the v1 contract (worker/platform/errors.ts ErrorCode), checked on every error. */
export const ERROR_CODES = [
  "invalid_request",
  "malformed_json",
  "unauthorized",
  "forbidden",
  "csrf_failed",
  "origin_not_allowed",
  "invalid_customer_hash",
  "not_found",
  "conflict",
  "payload_too_large",
  "unsupported_currency",
  "rate_limited",
  "internal_error",
];

/**
 * Statuses any /v1 route may answer without listing them: 413 (body limit, before routing),
 * 415 (a body route called without a JSON content type; code `invalid_request`) and 429 (rate limits).
 */
export const GLOBAL_STATUSES = [413, 415, 429];

/**
 * Checks one response against the v1 error contract. Returns a list of violations
 * (empty when the response is fine) so callers can report all of them with the request.
 */
export async function contractViolations(op: Operation | null, res: Response): Promise<{ violations: string[]; body: unknown }> {
  const violations: string[] = [];
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // leave as text
  }
  if (res.status >= 500) violations.push(`server error ${res.status}`);
  if (res.status >= 400) {
    if (!(res.headers.get("Content-Type") ?? "").includes("application/json")) violations.push(`error without JSON content type (${res.headers.get("Content-Type")})`);
    const err = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    if (!err || typeof err !== "object") violations.push("error body is not { error: {...} }");
    else {
      if (typeof err.code !== "string" || !ERROR_CODES.includes(err.code)) violations.push(`unknown error code ${JSON.stringify(err.code)}`);
      if (typeof err.message !== "string" || !err.message) violations.push("error without message");
      const extra = Object.keys(body as object).filter((k) => k !== "error");
      if (extra.length) violations.push(`unexpected top-level keys ${extra.join(",")}`);
    }
    if (/\bat [^\s]+ \(|\.ts:\d+|\.js:\d+:\d+|node_modules/.test(text)) violations.push("stack trace or source path in error body");
    if (res.status === 429 && !res.headers.get("Retry-After")) violations.push("429 without Retry-After");
  }
  if (op && res.status >= 400 && !GLOBAL_STATUSES.includes(res.status) && !op.statuses.includes(res.status)) {
    violations.push(`status ${res.status} is not documented for ${op.key} (documented: ${op.statuses.join(", ")})`);
  }
  return { violations, body };
}
