import { describe, expect, it } from "vitest";
import { countInWindow, dayOf, trimCounts } from "../../worker/features/segments/event-windows";
import { DAY_MS } from "../../worker/platform/time";
import { dependsOnTime, matches, windowNeeds, type Condition } from "../../worker/features/segments/rules";

const now = Date.UTC(2030, 5, 15, 18);
const today = dayOf(now);
const days = { product_view: { [today]: 2, [today - 6]: 1, [today - 7]: 5 }, add_to_cart: { [today - 1]: 1 } };

describe("event windows", () => {
  it("counts today and the days before it, up to the window", () => {
    expect(countInWindow(days, "product_view", 1, now)).toBe(2);
    expect(countInWindow(days, "product_view", 7, now)).toBe(3);
    expect(countInWindow(days, "product_view", 8, now)).toBe(8);
    expect(countInWindow(days, "any", 2, now)).toBe(3);
    expect(countInWindow(undefined, "any", 30, now)).toBe(0);
    // The same counts a day later: the oldest day drops out of a 7-day window.
    expect(countInWindow(days, "product_view", 7, now + DAY_MS)).toBe(2);
  });

  it("keeps only the types and days the rules read", () => {
    const needs = windowNeeds([{ all: [{ event: "product_view", withinDays: 7, op: "gte", value: 3 }, { not: { event: "product_view", withinDays: 2, op: "eq", value: 0 } }] }]);
    expect([...needs.types]).toEqual(["product_view"]);
    expect(needs.days).toBe(7);
    expect(trimCounts(days, needs, now)).toEqual({ product_view: { [today]: 2, [today - 6]: 1 } });
    expect(trimCounts(days, windowNeeds([{ field: "orders", op: "gt", value: 1 }]), now)).toBeUndefined();
  });

  it("evaluates window and attribute conditions", () => {
    const facts = { events: days, now, attributes: { skinType: "dry" } };
    const rule = (c: Condition) => matches(c, facts);
    expect(rule({ event: "product_view", withinDays: 7, op: "gte", value: 3 })).toBe(true);
    expect(rule({ event: "product_view", withinDays: 7, op: "gt", value: 3 })).toBe(false);
    expect(rule({ event: "order", withinDays: 365, op: "eq", value: 0 })).toBe(true);
    expect(rule({ attribute: "skinType", op: "eq", value: "dry" })).toBe(true);
    expect(rule({ attribute: "skinType", op: "in", value: ["oily", "normal"] })).toBe(false);
    expect(rule({ attribute: "hairType", op: "missing" })).toBe(true);
    expect(rule({ attribute: "hairType", op: "neq", value: "curly" })).toBe(false);
    expect(rule({ attribute: "hairType", op: "not_in", value: ["curly"] })).toBe(true);
  });

  it("knows which rules the daily pass must re-check", () => {
    expect(dependsOnTime({ event: "search", withinDays: 3, op: "gte", value: 1 })).toBe(true);
    expect(
      dependsOnTime({
        all: [
          { field: "spend", op: "gte", value: 5 },
          { field: "stage", op: "eq", value: "lapsed" },
        ],
      }),
    ).toBe(true);
    expect(
      dependsOnTime({
        any: [
          { field: "spend", op: "gte", value: 5 },
          { attribute: "skinType", op: "exists" },
        ],
      }),
    ).toBe(false);
  });
});
