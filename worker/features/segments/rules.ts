import { countInWindow, type CountedEvent, type DailyCounts, type WindowNeeds } from "./event-windows";

/**
 * Segment rules: a JSON condition tree, validated by zod (worker/features/segments/segments.schemas.ts) and
 * interpreted here. Data, never code: nothing a site sends is evaluated (SECURITY.md).
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
  | { answer: string; op: "includes" | "excludes"; value: string }
  /** Events of a type (or "any") in the last `withinDays` days, compared with a number. */
  | { event: CountedEvent | "any"; withinDays: number; op: "eq" | "gt" | "gte" | "lt" | "lte"; value: number }
  /** A trait the shopper's quiz answers set (e.g. skinType = dry). */
  | { attribute: string; op: "eq" | "neq"; value: string }
  | { attribute: string; op: "in" | "not_in"; value: string[] }
  | { attribute: string; op: "exists" | "missing" };

/** What a rule can see about one customer (from the Site's index). */
export type Facts = Partial<Record<RuleField, Scalar | string[]>> & {
  answers?: Record<string, string[]>;
  /** Daily event counts (see event-windows.ts) and the time windows are measured back from. */
  events?: DailyCounts;
  now: number;
  attributes?: Record<string, string>;
};

const compare = (v: number, op: "eq" | "gt" | "gte" | "lt" | "lte", x: number) => (op === "eq" ? v === x : op === "gt" ? v > x : op === "gte" ? v >= x : op === "lt" ? v < x : v <= x);

/** Evaluates a condition against a customer's facts. Unknown or missing values never match a comparison. */
export function matches(c: Condition, facts: Facts): boolean {
  if ("all" in c) return c.all.every((x) => matches(x, facts));
  if ("any" in c) return c.any.some((x) => matches(x, facts));
  if ("not" in c) return !matches(c.not, facts);
  if ("answer" in c) {
    const chosen = facts.answers?.[c.answer] ?? [];
    return c.op === "includes" ? chosen.includes(c.value) : !chosen.includes(c.value);
  }
  if ("event" in c) return compare(countInWindow(facts.events, c.event, c.withinDays, facts.now), c.op, c.value);
  if ("attribute" in c) {
    const a = facts.attributes?.[c.attribute];
    switch (c.op) {
      case "exists":
        return a !== undefined;
      case "missing":
        return a === undefined;
      case "in":
        return a !== undefined && c.value.includes(a);
      case "not_in":
        return a === undefined || !c.value.includes(a);
      case "eq":
        return a === c.value;
      case "neq":
        return a !== undefined && a !== c.value;
    }
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

/** The event counts a set of rules reads (types and longest window); none when no rule counts events. */
export function windowNeeds(rules: Condition[]): WindowNeeds {
  const needs: WindowNeeds = { types: new Set(), days: 0 };
  const walk = (c: Condition): void => {
    if ("all" in c) c.all.forEach(walk);
    else if ("any" in c) c.any.forEach(walk);
    else if ("not" in c) walk(c.not);
    else if ("event" in c) {
      needs.types.add(c.event);
      needs.days = Math.max(needs.days, c.withinDays);
    }
  };
  rules.forEach(walk);
  return needs;
}

/** Whether a rule's answer depends on the clock (day-based fields and windows): re-filed daily. */
export function dependsOnTime(c: Condition): boolean {
  if ("all" in c) return c.all.some(dependsOnTime);
  if ("any" in c) return c.any.some(dependsOnTime);
  if ("not" in c) return dependsOnTime(c.not);
  if ("event" in c) return true;
  return "field" in c && ["daysSinceLastOrder", "daysSinceLastSeen", "stage", "rfm.r", "rfm.group", "birthdayMonth"].includes(c.field);
}
