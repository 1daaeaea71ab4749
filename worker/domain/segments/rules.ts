/**
 * Segment rules: a JSON condition tree, validated by zod (worker/schemas/segments.ts) and
 * interpreted here. Data, never code: nothing a site sends is evaluated (DESIGN §3).
 */

export const RULE_FIELDS = [
  "orders",
  "spend",
  "points",
  "visits",
  "productViews",
  "cartItems",
  "daysSinceLastOrder",
  "daysSinceLastSeen",
  "tier",
  "stage",
  "rfm.r",
  "rfm.f",
  "rfm.m",
  "rfm.group",
  "locale",
  "marketingConsent",
  "email",
  "birthdayMonth",
  "tags",
] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

export type Scalar = string | number | boolean | null;

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { field: RuleField; op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte"; value: Scalar }
  | { field: RuleField; op: "in" | "not_in"; value: Scalar[] }
  | { field: RuleField; op: "contains" | "not_contains" | "ends_with"; value: string }
  | { field: RuleField; op: "exists" | "missing" }
  | { answer: string; op: "includes" | "excludes"; value: string };

/** What a rule can see about one customer (from the Site's index). */
export type Facts = Partial<Record<RuleField, Scalar | string[]>> & { answers?: Record<string, string[]> };

/** Evaluates a condition against a customer's facts. Unknown or missing values never match a comparison. */
export function matches(c: Condition, facts: Facts): boolean {
  if ("all" in c) return c.all.every((x) => matches(x, facts));
  if ("any" in c) return c.any.some((x) => matches(x, facts));
  if ("not" in c) return !matches(c.not, facts);
  if ("answer" in c) {
    const chosen = facts.answers?.[c.answer] ?? [];
    return c.op === "includes" ? chosen.includes(c.value) : !chosen.includes(c.value);
  }
  const v = facts[c.field];
  switch (c.op) {
    case "exists":
      return v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0);
    case "missing":
      return v === null || v === undefined || (Array.isArray(v) && v.length === 0);
    case "eq":
      return v === c.value;
    case "neq":
      return v !== c.value;
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      if (typeof v !== "number" || typeof c.value !== "number") return false;
      return c.op === "gt" ? v > c.value : c.op === "gte" ? v >= c.value : c.op === "lt" ? v < c.value : v <= c.value;
    }
    case "in":
      return !Array.isArray(v) && v !== undefined && c.value.includes(v);
    case "not_in":
      return !Array.isArray(v) && v !== undefined && !c.value.includes(v);
    case "contains":
      return Array.isArray(v) ? v.includes(c.value) : typeof v === "string" && v.toLowerCase().includes(c.value.toLowerCase());
    case "not_contains":
      return Array.isArray(v) ? !v.includes(c.value) : typeof v === "string" && !v.toLowerCase().includes(c.value.toLowerCase());
    case "ends_with":
      return typeof v === "string" && v.toLowerCase().endsWith(c.value.toLowerCase());
  }
}
