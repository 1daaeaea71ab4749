import { COUNTED_EVENTS } from "../../../../worker/features/segments/event-windows";
import { STAGES } from "../../../../worker/features/segments/lifecycle";
import { RFM_GROUPS } from "../../../../worker/features/segments/rfm";
import { RULE_FIELDS, type Condition, type RuleField, type Scalar } from "../../../../worker/features/segments/rules";

/**
 * The rule editor's model: a rule segment is edited as "all" or "any" of a list of single
 * conditions (the shape nearly every shop needs), each one exactly a `Condition` of the API's
 * grammar (worker/features/segments/rules.ts), so the draft is the configuration itself and the
 * API's zod schema judges it. Rules nested deeper (made with the API) are shown, kept, not edited.
 */

/** A condition that is not a group: what one row of the editor edits. */
export type Leaf = Exclude<Condition, { all: Condition[] } | { any: Condition[] } | { not: Condition }>;
/** What a row is based on. */
export type LeafKind = "field" | "event" | "attribute" | "answer";
/** The flat form of a rule: how its conditions combine, and the conditions. */
export interface FlatRule {
  join: "all" | "any";
  leaves: Leaf[];
}

export { RULE_FIELDS, COUNTED_EVENTS, STAGES, RFM_GROUPS };

const NUMERIC = new Set<RuleField>(["orders", "spend", "points", "visits", "productViews", "cartItems", "daysSinceLastOrder", "daysSinceLastSeen", "rfm.r", "rfm.f", "rfm.m", "birthdayMonth"]);
/** How a field's value is entered: a number, one of fixed choices, yes/no, or text. */
export function valueKind(field: RuleField): "number" | "choice" | "boolean" | "text" {
  if (NUMERIC.has(field)) return "number";
  if (field === "stage" || field === "rfm.group") return "choice";
  return field === "marketingConsent" ? "boolean" : "text";
}

/** The choices of a choice field (stage ids or RFM group ids). */
export const choicesOf = (field: RuleField): readonly string[] => (field === "stage" ? STAGES : field === "rfm.group" ? RFM_GROUPS : []);

/** The comparisons the schema allows for a row, narrowed to those that make sense for the field's values. */
export function opsFor(leaf: Leaf): readonly string[] {
  if ("event" in leaf) return ["gte", "gt", "eq", "lte", "lt"];
  if ("answer" in leaf) return ["includes", "excludes"];
  if ("attribute" in leaf) return ["eq", "neq", "in", "not_in", "exists", "missing"];
  switch (valueKind(leaf.field)) {
    case "number":
      return ["gte", "gt", "eq", "neq", "lte", "lt", "in", "not_in", "exists", "missing"];
    case "choice":
      return ["eq", "neq", "in", "not_in", "exists", "missing"];
    case "boolean":
      return ["eq", "neq", "exists", "missing"];
    default:
      return ["eq", "neq", "contains", "not_contains", "ends_with", "in", "not_in", "exists", "missing"];
  }
}

/** A rule as the editor's flat form, or null when it nests groups (kept as it is). */
export function flatten(rule: Condition): FlatRule | null {
  const group = "all" in rule ? { join: "all" as const, list: rule.all } : "any" in rule ? { join: "any" as const, list: rule.any } : null;
  const list = group ? group.list : [rule];
  if (list.some((c) => "all" in c || "any" in c || "not" in c)) return null;
  return { join: group?.join ?? "all", leaves: list as Leaf[] };
}

/** The flat form back as a rule. */
export const unflatten = (f: FlatRule): Condition => (f.join === "all" ? { all: f.leaves } : { any: f.leaves });

/** A fresh row of a kind, valid as it stands where it can be. */
export function defaultLeaf(kind: LeafKind): Leaf {
  switch (kind) {
    case "event":
      return { event: "product_view", withinDays: 30, op: "gte", value: 3 };
    case "attribute":
      return { attribute: "", op: "eq", value: "" };
    case "answer":
      return { answer: "", op: "includes", value: "" };
    default:
      return { field: "orders", op: "gte", value: 1 };
  }
}

export const kindOf = (leaf: Leaf): LeafKind => ("event" in leaf ? "event" : "attribute" in leaf ? "attribute" : "answer" in leaf ? "answer" : "field");

/** A field row with a new field: the comparison and value reset to ones that fit it. */
export function withField(field: RuleField): Leaf {
  const kind = valueKind(field);
  if (kind === "number") return { field, op: "gte", value: 1 };
  if (kind === "choice") return { field, op: "eq", value: choicesOf(field)[0] ?? "" };
  if (kind === "boolean") return { field, op: "eq", value: true };
  return { field, op: "eq", value: "" };
}

const isList = (op: string) => op === "in" || op === "not_in";
const noValue = (op: string) => op === "exists" || op === "missing";

/** A field or attribute row with a new comparison: the value kept where it still fits (one value ↔ a list). */
export function withOp(leaf: Leaf, op: string): Leaf {
  if ("event" in leaf) return { ...leaf, op: op as typeof leaf.op };
  if ("answer" in leaf) return { ...leaf, op: op as typeof leaf.op };
  const old = "value" in leaf ? leaf.value : undefined;
  const one: Scalar = Array.isArray(old) ? (old[0] ?? "") : (old ?? "");
  const many: Scalar[] = Array.isArray(old) ? old : old === undefined || old === "" ? [""] : [old];
  if ("attribute" in leaf) {
    if (noValue(op)) return { attribute: leaf.attribute, op: op as "exists" };
    return isList(op) ? { attribute: leaf.attribute, op: op as "in", value: many.map(String) } : { attribute: leaf.attribute, op: op as "eq", value: String(one ?? "") };
  }
  if (noValue(op)) return { field: leaf.field, op: op as "exists" };
  if (isList(op)) return { field: leaf.field, op: op as "in", value: many };
  if (op === "contains" || op === "not_contains" || op === "ends_with") return { field: leaf.field, op, value: String(one ?? "") };
  return { field: leaf.field, op: op as "eq", value: one };
}

/** Comma-separated text as a list (spaces around commas dropped; empty items kept, so typing "a," stays as typed). */
export const splitList = (text: string): string[] => text.split(/\s*,\s*/);
export const joinList = (values: readonly Scalar[]): string => values.map((v) => String(v ?? "")).join(", ");

/** A typed number as the API wants it, or the text as typed (flagged by `leafProblems`, never lost). */
export const asNumber = (text: string): Scalar => (text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text);

/** Problems the page can name at a row's inputs before the API's schema sees the rule. */
export function leafProblems(leaf: Leaf): { value?: "needNumber" | "needValue"; withinDays?: "needWholeDays"; key?: "needValue" } {
  if ("event" in leaf) {
    const out: ReturnType<typeof leafProblems> = {};
    if (!Number.isInteger(leaf.withinDays) || leaf.withinDays < 1 || leaf.withinDays > 365) out.withinDays = "needWholeDays";
    if (!Number.isInteger(leaf.value) || leaf.value < 0) out.value = "needNumber";
    return out;
  }
  if ("answer" in leaf) return { ...(leaf.answer.includes("/") ? {} : { key: "needValue" as const }), ...(leaf.value === "" ? { value: "needValue" as const } : {}) };
  if ("attribute" in leaf) {
    const key = leaf.attribute === "" ? { key: "needValue" as const } : {};
    if (!("value" in leaf)) return key;
    const values: string[] = Array.isArray(leaf.value) ? leaf.value : [leaf.value];
    return values.some((v) => v === "") ? { ...key, value: "needValue" } : key;
  }
  if (!("value" in leaf)) return {};
  const values: Scalar[] = Array.isArray(leaf.value) ? leaf.value : [leaf.value];
  if (valueKind(leaf.field) === "number" && values.some((v) => typeof v !== "number")) return { value: "needNumber" };
  if (values.some((v) => v === "" || v === null)) return { value: "needValue" };
  return {};
}
