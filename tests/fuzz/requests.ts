import fc from "fast-check";
import { fillPath, type Operation } from "./openapi";
import { hostileValue, mutate, mutationKind, nest, validArbitrary, wildText, type ArbitraryOptions } from "./schema-arbitrary";

/** A generated request, kept as plain data so fast-check can print and shrink it. */
export interface FuzzRequest {
  mode: "valid" | "near-valid" | "hostile";
  note: string;
  method: string;
  path: string;
  query: [string, string][];
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** Open routes that verify a platform signature (e.g. Shopify) get a valid one added at send time. */
  sign: boolean;
  /** The path was changed into one no operation serves (its 404 is not the operation's). */
  foreignPath?: boolean;
}

/** Credentials and known objects of the site a route is fuzzed against. */
export interface FuzzContext {
  origin: string;
  publishableKey: string;
  secretKey: string;
  adminToken: string;
  visitors: string[];
  /** Customer id → valid identity hash. */
  customerHashes: Record<string, string>;
  opts: ArbitraryOptions;
}

const freshVisitor = fc.stringMatching(/^[A-Za-z0-9_-]{16,40}$/);

/** Header values must be byte strings: non-ASCII text travels percent-encoded (raw UTF-8 bytes in headers only make workerd log warnings), controls are dropped. */
export function toByteString(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

function authArb(op: Operation, ctx: FuzzContext): fc.Arbitrary<Record<string, string>> {
  const s = new Set(op.security);
  if (s.has("publishableKey") || s.has("visitorId")) {
    const customers = Object.keys(ctx.customerHashes);
    return fc
      .record({
        visitor: fc.oneof(freshVisitor, ...(ctx.visitors.length ? [fc.constantFrom(...ctx.visitors)] : [])),
        customer: fc.option(customers.length ? fc.constantFrom(...customers) : fc.constant("nobody"), { freq: 3 }),
        origin: fc.constantFrom<string | null>(ctx.origin, ctx.origin, null),
      })
      .map(({ visitor, customer, origin }) => {
        const h: Record<string, string> = { "X-Revisit-Key": ctx.publishableKey, "X-Revisit-Visitor": visitor };
        if (origin) h.Origin = origin;
        if (customer) Object.assign(h, { "X-Revisit-Customer": customer, "X-Revisit-Customer-Hash": ctx.customerHashes[customer] ?? "0".repeat(64) });
        return h;
      });
  }
  if (s.has("secretKey")) return fc.constant({ Authorization: `Bearer ${ctx.secretKey}` });
  if (s.has("adminToken")) return fc.constant({ Authorization: `Bearer ${ctx.adminToken}` });
  return fc.constant({});
}

interface Parts {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  headers: Record<string, string>;
}

function partsArb(op: Operation, ctx: FuzzContext): fc.Arbitrary<Parts> {
  const path = fc.record(Object.fromEntries(op.pathParams.map((p) => [p.name, validArbitrary(p.schema, ctx.opts, p.name)])));
  const query = fc.record(Object.fromEntries(op.queryParams.map((p) => [p.name, validArbitrary(p.schema, ctx.opts, p.name)])), {
    requiredKeys: op.queryParams.filter((p) => p.required).map((p) => p.name),
  });
  const body = op.body ? validArbitrary(op.body.schema, ctx.opts) : fc.constant(undefined);
  const named = fc.record(Object.fromEntries(op.headerParams.map((p) => [p.name, validArbitrary(p.schema, ctx.opts, p.name).map(String)])));
  const headers = fc.tuple(authArb(op, ctx), named).map(([auth, own]) => ({ ...auth, ...(own as Record<string, string>) }));
  return fc.record({ path, query, body, headers });
}

/** Bodies with identity hashes get a valid hash for a known customer id (so identify gets past the HMAC). */
function fixBody(body: unknown, ctx: FuzzContext): unknown {
  if (body && typeof body === "object" && "customerId" in body && "hash" in body) {
    const hash = ctx.customerHashes[String((body as { customerId: unknown }).customerId)];
    if (hash) {
      const { expires: _expires, ...rest } = body as Record<string, unknown>;
      return { ...rest, hash };
    }
  }
  return body;
}

function toRequest(op: Operation, p: Parts, mode: FuzzRequest["mode"], note: string, rawBody?: string | Uint8Array): FuzzRequest {
  const headers = { ...p.headers };
  let body: string | Uint8Array | undefined = rawBody;
  if (body === undefined && p.body !== undefined && op.method !== "GET") body = JSON.stringify(p.body);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["Content-Type"] = "application/json";
  const query = Object.entries(p.query).flatMap(([k, v]) =>
    v === undefined ? [] : Array.isArray(v) ? v.map((x) => [k, String(x)] as [string, string]) : [[k, typeof v === "object" ? JSON.stringify(v) : String(v)] as [string, string]],
  );
  return {
    mode,
    note,
    method: op.method,
    path: fillPath(op.path, p.path),
    query,
    headers,
    ...(body === undefined ? {} : { body }),
    sign: op.security.length === 0 && op.queryParams.some((q) => q.name === "site"),
  };
}

/** Raw bodies no schema would produce: broken JSON, invalid UTF-8, deep nesting, a 1 MB string. */
export const hostileBodies: [string, string | Uint8Array][] = [
  ["empty body", ""],
  ["truncated JSON", '{"events": ['],
  ["invalid UTF-8", new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x22, 0x7d])],
  ["lone surrogate escapes", '{"id":"\\ud800\\udc00\\udfff","name":"\\ud83d"}'],
  ["deep nesting (arrays)", "[".repeat(100_000) + "]".repeat(100_000)],
  ["deep nesting (objects)", `${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}`],
  ["1 MB string", JSON.stringify({ name: "é".repeat(600_000) })],
  ["number overflow", '{"total": 1e400, "quantity": -1e400, "limit": 123456789012345678901234567890}'],
  ["prototype pollution", '{"__proto__":{"polluted":"yes","isAdmin":true},"constructor":{"prototype":{"polluted":"yes"}}}'],
  ["JSON null", "null"],
  ["JSON array", "[]"],
  ["NUL bytes", '{"name":"a\\u0000b"}'],
  ["BOM prefix", "\uFEFF{}"],
  ["duplicate keys", '{"id":"a","id":{"__proto__":1}}'],
];

const hostileHeader = fc
  .oneof(
    fc.constantFrom(
      "",
      " ",
      "null",
      "undefined",
      "Bearer",
      "Bearer ",
      "Bearer sk_",
      "pk_",
      "x".repeat(8000),
      "1e400",
      "-1",
      "NaN",
      "9".repeat(400),
      "<script>alert(1)</script>",
      "../..",
      "%0d%0aSet-Cookie: a=b",
    ),
    fc.string({ maxLength: 80 }),
    wildText(30),
  )
  .map(toByteString);

const HEADER_NAMES = [
  "X-Revisit-Key",
  "X-Revisit-Visitor",
  "X-Revisit-Customer",
  "X-Revisit-Customer-Hash",
  "X-Revisit-Customer-Expires",
  "Authorization",
  "Origin",
  "Content-Type",
  "X-Shopify-Hmac-Sha256",
  "Content-Length",
];

/** Valid, near-valid (one mutation) and hostile requests for one operation, weighted toward near-valid. */
export function requestArbitrary(op: Operation, ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const parts = partsArb(op, ctx).map((p) => ({ ...p, body: fixBody(p.body, ctx) }));
  const valid = parts.map((p) => toRequest(op, p, "valid", "schema-valid"));

  const near = fc
    .tuple(parts, fc.constantFrom("body", "body", "query", "path", "header"), fc.nat(), mutationKind, hostileValue, fc.constantFrom(...HEADER_NAMES), hostileHeader)
    .map(([p, target, at, kind, value, headerName, headerValue]) => {
      const q = { ...p, path: { ...p.path }, query: { ...p.query }, headers: { ...p.headers } };
      if (target === "body" && op.body) {
        q.body = mutate(p.body, at, kind, value);
        return toRequest(op, q, "near-valid", `body ${kind} #${at}`, q.body === undefined ? "" : undefined);
      }
      if (target === "path" && op.pathParams.length) {
        const name = op.pathParams[at % op.pathParams.length]!.name;
        q.path[name] = typeof value === "string" ? value : JSON.stringify(value);
        return toRequest(op, q, "near-valid", `path ${name}`);
      }
      if (target === "query" || (target !== "header" && !op.body && !op.pathParams.length)) {
        const name = op.queryParams[at % Math.max(1, op.queryParams.length)]?.name ?? `unexpected${at % 3}`;
        q.query[name] = at % 5 === 0 ? [String(value), "second"] : typeof value === "string" ? value : JSON.stringify(value);
        return toRequest(op, q, "near-valid", `query ${name}`);
      }
      if (at % 4 === 0) delete q.headers[headerName];
      else q.headers[headerName] = headerValue;
      return toRequest(op, q, "near-valid", `header ${headerName}`);
    });

  const hostile = fc
    .tuple(
      parts,
      fc.oneof(
        fc.constantFrom(...hostileBodies.map(([, b]) => b)),
        fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? "null"),
        fc.string({ unit: "binary", maxLength: 200 }),
        fc.nat({ max: 3000 }).map((n) => JSON.stringify(nest(n))),
      ),
      fc.dictionary(fc.constantFrom(...HEADER_NAMES), hostileHeader, { maxKeys: 3 }),
      fc.dictionary(
        fc.oneof(fc.constantFrom(...op.queryParams.map((q) => q.name), "__proto__", "constructor", "site"), fc.string({ maxLength: 10 })),
        fc.oneof(fc.string({ maxLength: 40 }), wildText(20), fc.constantFrom("1e400", "-0", "99999999999999999999")),
        { maxKeys: 3 },
      ),
    )
    .map(([p, body, headers, query]) =>
      toRequest(op, { ...p, query: { ...p.query, ...query }, headers: { ...p.headers, ...headers } }, "hostile", "hostile body/headers/query", op.method === "GET" ? undefined : body),
    );

  return fc.oneof({ arbitrary: valid, weight: 2 }, { arbitrary: near, weight: 4 }, { arbitrary: hostile, weight: 2 });
}

/** The deterministic specials every operation gets once (besides the random runs). */
export function specialRequests(op: Operation, ctx: FuzzContext, base: FuzzRequest): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  if (op.method !== "GET") for (const [note, body] of hostileBodies) out.push({ ...base, mode: "hostile", note, body, headers: { ...base.headers, "Content-Type": "application/json" } });
  if (op.body && op.method !== "GET") out.push({ ...base, mode: "near-valid", note: "text/plain content type", headers: { ...base.headers, "Content-Type": "text/plain" } });
  out.push({ ...base, mode: "hostile", note: "1 MB query string", query: [["q", "x".repeat(1_000_000)]] });
  out.push({ ...base, mode: "hostile", note: "RTL/emoji/encoded path", path: `${base.path}/%F0%9F%9B%92/..%2F%D9%85%D8%B1%D8%AD%D8%A8%D8%A7`, foreignPath: true });
  void ctx;
  return out;
}
