import fc from "fast-check";

/**
 * A small converter from the JSON Schema subset that @hono/zod-openapi emits (OpenAPI 3.1) to
 * fast-check arbitraries, plus the mutations that turn a valid value into a near-valid or a
 * hostile one. It knows nothing about Revisit's routes: the fuzz harness feeds it whatever
 * `/openapi.json` says, so routes added later are fuzzed without edits.
 */
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
};

/** Hand-picked values for a property or parameter name (existing ids, configured survey ids). They are mixed in, never the only choice. */
export type Hints = Record<string, fc.Arbitrary<unknown>>;

export interface ArbitraryOptions {
  /** Resolves `#/components/schemas/X`. */
  components: Record<string, JsonSchema>;
  hints?: Hints;
  /** Upper bound for generated string lengths and array sizes (boundaries are still hit). */
  maxSize?: number;
  /** Use a hint alone where one exists (deterministic tables), instead of mixing it with schema values. */
  onlyHints?: boolean;
}

const EMOJI_RTL = ["مرحبا", "سلام دنیا", "שלום", "👋🏽", "🛒✨", "e\u0301", "\u202Eevil\u202C", "ﷺ", "𝕏", "\u200F\u200E"];

/** Text that mixes ASCII with RTL scripts, emoji, combining marks and bidi controls. */
export const wildText = (maxLength: number) =>
  fc.array(fc.oneof(fc.string({ unit: "grapheme", maxLength: 4 }), fc.constantFrom(...EMOJI_RTL)), { maxLength: Math.max(1, Math.ceil(maxLength / 3)) }).map((parts) => parts.join(""));

function resolve(schema: JsonSchema, opts: ArbitraryOptions): JsonSchema {
  let s = schema;
  for (let i = 0; s.$ref && i < 20; i++) {
    const name = s.$ref.replace("#/components/schemas/", "");
    const target = opts.components[name];
    if (!target) throw new Error(`unresolved $ref ${s.$ref}`);
    s = { ...target, ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== "$ref")) };
  }
  return s;
}

const typesOf = (s: JsonSchema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

function stringArb(s: JsonSchema, opts: ArbitraryOptions): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? Math.max(min, 4096);
  const cap = Math.max(min, Math.min(max, opts.maxSize ?? 48));
  const fits = (v: string) => v.length >= min && v.length <= max;
  if (s.format === "date-time") return fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString());
  // Dates close together, so a range's `from` and `to` are often in order and within its limits.
  if (s.format === "date") return fc.date({ min: new Date("2024-01-01T00:00:00Z"), max: new Date("2026-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (s.format === "email")
    return fc
      .tuple(fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.constantFrom("example.com", "shop.example", "mail.test"))
      .map(([a, b]) => `${a}@${b}`)
      .filter(fits);
  if (s.format === "uri")
    return fc
      .tuple(fc.constantFrom("https://shop.example", "https://hooks.example"), fc.stringMatching(/^[a-z0-9/]{0,20}$/))
      .map(([o, p]) => `${o}/${p}`)
      .filter(fits);
  if (s.pattern) {
    const re = new RegExp(s.pattern);
    // stringMatching can overshoot the length bounds; retry-filtering stays cheap for our patterns.
    return fc.stringMatching(re, { size: "small" }).filter(fits);
  }
  const plain = fc.oneof(
    { arbitrary: fc.string({ minLength: min, maxLength: cap }), weight: 4 },
    { arbitrary: wildText(cap).filter(fits), weight: 2 },
    { arbitrary: fc.constant("x".repeat(Math.max(min, Math.min(max, 4096)))), weight: 1 },
  );
  return plain.filter(fits);
}

function numberArb(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const exMin = typeof s.exclusiveMinimum === "number" ? s.exclusiveMinimum : undefined;
  const exMax = typeof s.exclusiveMaximum === "number" ? s.exclusiveMaximum : undefined;
  if (integer) {
    const min = s.minimum ?? (exMin !== undefined ? Math.floor(exMin) + 1 : Number.MIN_SAFE_INTEGER);
    const max = s.maximum ?? (exMax !== undefined ? Math.ceil(exMax) - 1 : Number.MAX_SAFE_INTEGER);
    return fc.oneof(fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) }), fc.constantFrom(min, max).filter(Number.isSafeInteger));
  }
  const min = s.minimum ?? exMin ?? -1e12;
  const max = s.maximum ?? exMax ?? 1e12;
  return fc
    .oneof(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(min, max))
    .filter((n) => Number.isFinite(n) && (exMin === undefined || n > exMin) && (exMax === undefined || n < exMax));
}

/** An arbitrary of values the schema accepts (up to formats the generator approximates). */
export function validArbitrary(schema: JsonSchema, opts: ArbitraryOptions, name?: string, depth = 0): fc.Arbitrary<unknown> {
  const base = build(schema, opts, depth);
  const hint = name ? opts.hints?.[name] : undefined;
  if (hint && opts.onlyHints) return hint;
  return hint ? fc.oneof({ arbitrary: hint, weight: 3 }, { arbitrary: base, weight: 1 }) : base;
}

function build(schema: JsonSchema, opts: ArbitraryOptions, depth: number): fc.Arbitrary<unknown> {
  const s = resolve(schema, opts);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.allOf?.length) return build(Object.assign({}, ...s.allOf.map((x) => resolve(x, opts))), opts, depth);
  const union = s.oneOf ?? s.anyOf;
  if (union?.length) return fc.oneof(...union.map((x) => build(x, opts, depth + 1)));
  const types = typesOf(s);
  if (types.length > 1) return fc.oneof(...types.map((t) => build({ ...s, type: t }, opts, depth)));
  const size = opts.maxSize ?? 48;
  switch (types[0]) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return numberArb(s, true);
    case "number":
      return numberArb(s, false);
    case "string":
      return stringArb(s, opts);
    case "array": {
      const minLength = s.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(s.maxItems ?? 8, depth > 1 ? minLength + 1 : minLength + 4, size));
      return fc.array(validArbitrary(s.items ?? {}, opts, undefined, depth + 1), { minLength, maxLength });
    }
    case "object":
    case undefined: {
      if (!s.properties && types[0] === undefined) return fc.jsonValue({ maxDepth: 2 });
      const props = s.properties ?? {};
      const record = fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, validArbitrary(v, opts, k, depth + 1)])), { requiredKeys: (s.required ?? []).filter((k) => k in props) });
      if (s.additionalProperties && typeof s.additionalProperties === "object") {
        const extra = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), build(s.additionalProperties, opts, depth + 1), { maxKeys: 3 });
        return fc.tuple(record, extra).map(([r, e]) => ({ ...e, ...r }));
      }
      return record;
    }
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

/** Every path into a JSON value (objects and arrays), root included. */
export function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

const HUGE_NUMBERS = [1e308, -1e308, 2 ** 53 + 2, -(2 ** 63), 1e21, 0.1 + 0.2, -0, 5e-324, 4294967296];
/** Replacement values that are wrong in type or size for almost any field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, "", " ", "null", "undefined", "NaN", "Infinity", [], {}, [[]], { "": "" }, "0x1F", "1e400", "-0", "true"),
  fc.constantFrom(...HUGE_NUMBERS),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 20 }),
  wildText(40),
  fc.constant("'; DROP TABLE profile; --"),
  fc.constant("<img src=x onerror=alert(1)>"),
  fc.constant("../../../../etc/passwd"),
  fc.constant("%00%0d%0a"),
  fc.constant("x".repeat(70_000)),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant(JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}') as unknown),
  fc.nat({ max: 200 }).map((n) => nest(n + 20)),
);

/** `[[[[…]]]]` n levels deep. */
export function nest(n: number): unknown {
  let v: unknown = "deep";
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

export type Mutation = "delete" | "replace" | "pollute" | "extra-key" | "wrap";

/** An object or array of a JSON value, indexed by a path step. */
type Container = Record<string | number, unknown>;

/** Applies one mutation at one path of a (deep-cloned) valid value. */
export function mutate(value: unknown, pathIndex: number, kind: Mutation, replacement: unknown): unknown {
  const root = { v: structuredClone(value) as unknown };
  const paths = pathsOf(root.v).map((p) => ["v", ...p] as (string | number)[]);
  const path = paths[pathIndex % paths.length]!;
  // Every step of a path from pathsOf is an object or array (leaves are never stepped through).
  const parent = path.slice(0, -1).reduce<Container>((o, k) => o[k] as Container, root);
  const key = path.at(-1)!;
  const current = parent?.[key];
  switch (kind) {
    case "delete":
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else if (parent && key !== "v") delete parent[key];
      else root.v = undefined;
      break;
    case "replace":
      parent[key] = replacement;
      break;
    case "wrap":
      parent[key] = [current];
      break;
    case "pollute":
    case "extra-key":
      if (current && typeof current === "object" && !Array.isArray(current)) {
        const extra =
          kind === "pollute"
            ? (JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}') as object)
            : { [`unexpected_${pathIndex}`]: replacement };
        parent[key] = Object.assign(JSON.parse(JSON.stringify(current)) as object, extra);
        if (kind === "pollute") Object.defineProperty(parent[key], "__proto__", { value: { polluted: "yes" }, enumerable: true, configurable: true, writable: true });
      } else parent[key] = replacement;
      break;
  }
  return root.v;
}

export const mutationKind = fc.constantFrom<Mutation>("delete", "replace", "replace", "pollute", "extra-key", "wrap");
