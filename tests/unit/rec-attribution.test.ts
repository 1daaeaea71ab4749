import { describe, expect, it } from "vitest";
import { emptyProfile } from "../../worker/features/customers/profile";
import { applyEvent, mergeInto } from "../../worker/features/customers/profile-changes";
import { Event } from "../../worker/features/customers/shopper.schemas";
import { customerCells } from "../../worker/features/insights/customer-cells";
import { customerFacts, type CustomerFacts } from "../../worker/features/insights/customer-facts";
import { clickBefore, eventRecFacts, orderRecs, REC_CLICKS_KEPT, type RecClick } from "../../worker/features/insights/rec-attribution";
import { dayOf } from "../../worker/features/insights/period";
import type { LoyaltyProgram } from "../../worker/features/loyalty";
import { applyOrder } from "../../worker/features/orders/apply-order";
import type { OrderInput } from "../../worker/features/orders/order-types";
import { buildEvent } from "../../widget/src/loader/events";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 10, 12);
const program: LoyaltyProgram = {
  pointsPerUnit: 1,
  currencyRates: {},
  rounding: "floor",
  actions: {},
  actionLimits: {},
  tierBasis: "points",
  tierWindow: "lifetime",
  tiers: [],
  pendingDays: 0,
  expiryDays: null,
  punchCards: [],
  rewards: [],
};
const click = (productId: string, at: number, placement = "home", reason = "popular"): RecClick => ({ productId, at, placement, reason });
const order = (over: Partial<OrderInput> = {}): OrderInput => ({
  id: "o1",
  items: [
    { productId: "mug", quantity: 2, price: 15 },
    { productId: "tea", quantity: 1, price: 20 },
  ],
  total: 50,
  currency: "EUR",
  rate: 1,
  value: 40,
  createdAt: T0,
  status: "paid",
  ...over,
});

describe("attribution in applyOrder", () => {
  const p = emptyProfile("customer", "s", "c", 0);
  // Not in time order: the latest click wins wherever it is in the list.
  p.recClicks = [click("mug", T0 - 6 * DAY, "home", "popular"), click("mug", T0 - 2 * DAY, "product", "bought_together"), click("tea", T0 - 8 * DAY)];

  it("stores each clicked line with its latest click's placement and reason, worth price × quantity × value ÷ total in minor units", () => {
    const { row } = applyOrder(p, [], order(), program, {});
    // 30 of a 50 EUR order worth 40 in the site currency: 24.00; `tea` was clicked 8 days before (window 7).
    expect(JSON.parse(row.recs ?? "null")).toEqual([{ productId: "mug", placement: "product", reason: "bought_together", minor: 2400 }]);
  });

  it("follows the window it is given, and counts nothing for a refunded, free or unclicked order", () => {
    expect(JSON.parse(applyOrder(p, [], order({ attributionDays: 9 }), program, {}).row.recs ?? "null")).toHaveLength(2);
    expect(applyOrder(p, [], order({ attributionDays: 1 }), program, {}).row.recs).toBeNull();
    expect(applyOrder(p, [], order({ status: "refunded" }), program, {}).row.recs).toBeNull();
    expect(applyOrder(p, [], order({ total: 0 }), program, {}).row.recs).toBeNull();
    expect(applyOrder(emptyProfile("customer", "s", "c", 0), [], order(), program, {}).row.recs).toBeNull();
    // A click after the order never earns it.
    expect(orderRecs([click("mug", T0 + 1)], order(), 7)).toEqual([]);
  });
});

describe("clicks on the profile", () => {
  it("are remembered newest first, bounded, and a visitor's join the customer's on merge", () => {
    const v = emptyProfile("visitor", "s", "v", 0);
    for (let i = 0; i < REC_CLICKS_KEPT + 5; i++) applyEvent(v, { type: "rec_click", productId: `p${i}`, placement: "cart", reason: "survey_match" }, T0 + i);
    expect(v.recClicks).toHaveLength(REC_CLICKS_KEPT);
    expect(v.recClicks?.[0]).toEqual(click(`p${REC_CLICKS_KEPT + 4}`, T0 + REC_CLICKS_KEPT + 4, "cart", "survey_match"));
    const c = emptyProfile("customer", "s", "c", 0);
    applyEvent(c, { type: "rec_click", productId: "own" }, T0 + 1000);
    mergeInto(c, v);
    expect(c.recClicks?.[0]).toEqual(click("own", T0 + 1000, "home", "unknown"));
    expect(clickBefore(c.recClicks, "p54", T0 + DAY, 7)).toMatchObject({ placement: "cart", reason: "survey_match" });
  });
});

describe("event facts", () => {
  it("count one impression per product by reason, a click, and an add to cart only after a click in the window", () => {
    expect(eventRecFacts({ type: "rec_impression", productIds: ["a", "b", "c"], reasons: ["popular", "buy_again", "popular"], placement: "cart", at: T0 }, [], 7)).toEqual([
      { at: T0, event: 0, placement: "cart", reason: "popular", n: 2 },
      { at: T0, event: 0, placement: "cart", reason: "buy_again", n: 1 },
    ]);
    expect(eventRecFacts({ type: "rec_impression", productIds: ["a"], at: T0 }, [], 7)).toEqual([{ at: T0, event: 0, placement: "home", reason: "unknown", n: 1 }]);
    const clicks = [click("a", T0 - 7 * DAY, "product", "complete_the_set")];
    expect(eventRecFacts({ type: "add_to_cart", productId: "a", quantity: 3, at: T0 }, clicks, 7)).toEqual([{ at: T0, event: 2, placement: "product", reason: "complete_the_set", n: 1 }]);
    expect(eventRecFacts({ type: "add_to_cart", productId: "a", quantity: 1, at: T0 + 1 }, clicks, 7)).toEqual([]);
    expect(eventRecFacts({ type: "add_to_cart", productId: "b", quantity: 1, at: T0 }, clicks, 7)).toEqual([]);
  });

  it("are validated at the edge: reasons one per product, codes in the documented shape", () => {
    const base = { id: "evt-000001", type: "rec_impression", productIds: ["a", "b"] };
    expect(Event.safeParse({ ...base, reasons: ["popular", "buy_again"] }).success).toBe(true);
    expect(Event.safeParse(base).success).toBe(true);
    const short = Event.safeParse({ ...base, reasons: ["popular"] });
    expect(short.success).toBe(false);
    expect(short.error?.issues[0]).toMatchObject({ path: ["reasons"] });
    expect(Event.safeParse({ ...base, reasons: ["popular", "Buy again"] }).success).toBe(false);
    expect(Event.safeParse({ id: "evt-000002", type: "rec_click", productId: "a", reason: "x".repeat(33) }).success).toBe(false);
  });
});

describe("the widget's events", () => {
  it("carry the reasons the API takes, and leave out any the API would refuse the whole batch for", () => {
    const ev = (data: Record<string, unknown>) => buildEvent("rec_impression", { productIds: ["a", "b"], placement: "home", ...data }, "evt-000003", T0);
    expect(ev({ reasons: ["popular", "buy_again"] })?.reasons).toEqual(["popular", "buy_again"]);
    expect(ev({ reasons: ["popular"] })).not.toHaveProperty("reasons");
    expect(ev({ reasons: ["popular", "Buy again"] })).not.toHaveProperty("reasons");
    expect(buildEvent("rec_click", { productId: "a", reason: "survey_match" }, "evt-000004", T0)?.reason).toBe("survey_match");
    expect(buildEvent("rec_click", { productId: "a", reason: "<b>" }, "evt-000005", T0)).not.toHaveProperty("reason");
  });
});

describe("attributed revenue cells", () => {
  const facts = (refunds: CustomerFacts["refunds"]): CustomerFacts => ({
    ...customerFacts([], undefined, [
      {
        orderId: "o1",
        at: T0,
        recs: [
          { productId: "mug", placement: "home", reason: "popular", minor: 1001 },
          { productId: "cup", placement: "home", reason: "popular", minor: 500 },
          { productId: "tea", placement: "cart", reason: "buy_again", minor: 999 },
        ],
      },
    ]),
    orders: [["o1", T0, 4000]],
    refunds,
  });
  const rec = (f: CustomerFacts, c: string) => customerCells(f, "UTC").get(`rec\t${dayOf(T0, "UTC")}\t3\t${c}`);

  it("are the clicked lines' worth on the order's day, by placement and reason", () => {
    expect(facts([]).recs).toEqual([
      ["o1", T0, "home", "popular", 1501],
      ["o1", T0, "cart", "buy_again", 999],
    ]);
    expect(rec(facts([]), "home\u001fpopular")).toBe(1501);
    expect(rec(facts([]), "cart\u001fbuy_again")).toBe(999);
  });

  it("lose a refund's share of the order, in whole minor units, and all of it on a full refund", () => {
    // 1000 of 4000 refunded: a quarter goes (1501 × 0.75 = 1125.75 → 1126).
    const partial = facts([["o1", T0 + DAY, 1000]]);
    expect(rec(partial, "home\u001fpopular")).toBe(1126);
    expect(rec(partial, "cart\u001fbuy_again")).toBe(749);
    const full = facts([
      ["o1", T0 + DAY, 1000],
      ["o1", T0 + 2 * DAY, 3000],
    ]);
    expect(rec(full, "home\u001fpopular")).toBeUndefined();
    // Facts stored before attribution existed have no `recs`: no cells, no error.
    const { recs: _, ...old } = facts([]);
    expect([...customerCells(old, "UTC").keys()].some((k) => k.startsWith("rec\t"))).toBe(false);
  });
});
