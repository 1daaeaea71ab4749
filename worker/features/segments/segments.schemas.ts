import { z } from "@hono/zod-openapi";
import { COUNTED_EVENTS, MAX_WINDOW_DAYS } from "./event-windows";
import { RULE_FIELDS, type Condition as ConditionType } from "./rules";

const Scalar = z.union([z.string().max(200), z.number().finite(), z.boolean(), z.null()]);
const Field = z.enum(RULE_FIELDS);
const AttributeKey = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, "an attribute name set by a quiz answer, e.g. skinType");

/** A segment rule: a condition tree (at most 6 levels, 50 conditions per level). */
const ConditionTree: z.ZodType<ConditionType> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(ConditionTree).min(1).max(50) }).strict(),
    z.object({ any: z.array(ConditionTree).min(1).max(50) }).strict(),
    z.object({ not: ConditionTree }).strict(),
    z.object({ field: Field, op: z.enum(["eq", "neq", "gt", "gte", "lt", "lte"]), value: Scalar }).strict(),
    z.object({ field: Field, op: z.enum(["in", "not_in"]), value: z.array(Scalar).min(1).max(200) }).strict(),
    z.object({ field: Field, op: z.enum(["contains", "not_contains", "ends_with"]), value: z.string().min(1).max(200) }).strict(),
    z.object({ field: Field, op: z.enum(["exists", "missing"]) }).strict(),
    z.object({ answer: z.string().regex(/^[A-Za-z0-9._@+-]+\/[A-Za-z0-9._@+-]+$/, "survey/question"), op: z.enum(["includes", "excludes"]), value: z.string().max(128) }).strict(),
    z
      .object({
        event: z.enum([...COUNTED_EVENTS, "any"]),
        withinDays: z.number().int().min(1).max(MAX_WINDOW_DAYS),
        op: z.enum(["eq", "gt", "gte", "lt", "lte"]),
        value: z.number().int().min(0).max(1_000_000),
      })
      .strict(),
    z.object({ attribute: AttributeKey, op: z.enum(["eq", "neq"]), value: z.string().max(200) }).strict(),
    z.object({ attribute: AttributeKey, op: z.enum(["in", "not_in"]), value: z.array(z.string().max(200)).min(1).max(200) }).strict(),
    z.object({ attribute: AttributeKey, op: z.enum(["exists", "missing"]) }).strict(),
  ]),
);

/**
 * The rule as the API accepts it. Validation is the recursive tree above; the OpenAPI generator
 * cannot walk a recursive schema, so the document describes the grammar in words instead.
 */
export const Condition = z
  .unknown()
  .superRefine((value, ctx) => {
    const r = ConditionTree.safeParse(value);
    if (!r.success) for (const issue of r.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
  })
  .transform((value) => value as ConditionType)
  .openapi({
    type: "object",
    description:
      'A condition tree: `{all:[…]}`, `{any:[…]}`, `{not:{…}}`, `{field, op, value}` with op eq|neq|gt|gte|lt|lte|in|not_in|contains|not_contains|ends_with|exists|missing, `{answer:"survey/question", op: includes|excludes, value: optionId}`, `{event: "product_view"|…|"order"|"any", withinDays: 1–365, op: eq|gt|gte|lt|lte, value}` (events in the last N days), or `{attribute: "skinType", op: eq|neq|in|not_in|exists|missing, value}` (traits set by quiz answers). Fields: ' +
      RULE_FIELDS.join(", "),
    example: {
      all: [
        { field: "stage", op: "eq", value: "lapsed" },
        { field: "spend", op: "gte", value: 500 },
        { field: "tags", op: "contains", value: "dry-skin" },
      ],
    },
  });

function depth(c: ConditionType): number {
  if ("all" in c) return 1 + Math.max(...c.all.map(depth));
  if ("any" in c) return 1 + Math.max(...c.any.map(depth));
  if ("not" in c) return 1 + depth(c.not);
  return 1;
}

export const Segment = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "lowercase letters, digits, _ and -"),
    name: z.string().min(1).max(200),
    rule: Condition.refine((c) => depth(c) <= 6, "rules nest at most 6 levels"),
  })
  .openapi("Segment");

export const LifecycleThresholds = z
  .object({
    atRiskAfterDays: z.number().int().min(1).max(3650).nullable().default(null),
    lapsedAfterDays: z.number().int().min(1).max(3650).nullable().default(null),
    loyalMinOrders: z.number().int().min(2).max(1000).default(3),
    vipSpend: z.number().min(0).max(1e9).nullable().default(null),
  })
  .openapi("LifecycleThresholds");
