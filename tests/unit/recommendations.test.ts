import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseOnlineRetail, replay } from "../../bench/recs/harness";
import { emptyProfile } from "../../worker/features/customers/profile";
import { notePurchases } from "../../worker/features/customers/profile-changes";
import { reasonSentence } from "../../worker/features/recommendations/reason-text";
import {
  addLog2,
  isRebuyable,
  learnOrder,
  LEARN,
  NeighbourModel,
  noteRebuy,
  emptyRebuy,
  rebuyStats,
  recommend,
  referenceTime,
  shopperOf,
  ShopModel,
  subLog2,
  refundOrder,
  traceOrder,
  type CatalogItem,
  type RecContext,
  type Shopper,
} from "../../worker/features/recommendations";

const DAY = 86_400_000;
const T = Date.UTC(2011, 5, 1);
const item = (productId: string, over: Partial<CatalogItem> = {}): CatalogItem => ({
  productId,
  title: productId.toUpperCase(),
  url: `https://s/${productId}`,
  image: null,
  price: 1,
  currency: "USD",
  categories: ["misc"],
  tags: [],
  inStock: true,
  membersOnly: false,
  replenishDays: null,
  ...over,
});
const shopper = (over: Partial<Shopper> = {}): Shopper => ({
  recentlyViewed: [],
  categoryViews: {},
  answerTags: [],
  purchases: {},
  lastOrderItems: [],
  lastOrderAt: null,
  cart: [],
  isMember: false,
  ...over,
});
const ctx = (over: Partial<RecContext> = {}): RecContext => ({ placement: "home", productId: null, ref: T, limit: 10, categoryName: (c) => c.toUpperCase(), ...over });

/** A small shop: tea things bought together, skincare with survey tags, one gone, one members-only. */
function shop() {
  const m = new ShopModel();
  for (const p of [
    item("tea", { categories: ["tea"] }),
    item("pot", { categories: ["tea"] }),
    item("cup", { categories: ["tea"] }),
    item("cream", { categories: ["skin"], tags: ["dry-skin"] }),
    item("gel", { categories: ["skin"], tags: ["oily-skin"] }),
    item("soap", { categories: ["skin"] }),
    item("gone", { categories: ["tea"], inStock: false }),
    item("vip", { categories: ["skin"], membersOnly: true }),
  ])
    m.catalog.set(p.productId, p);
  let t = T - 60 * DAY;
  for (let c = 0; c < 6; c++) {
    m.addOrder(
      `c${c}`,
      [
        { productId: "pot", quantity: 1 },
        { productId: "cup", quantity: 2 },
        { productId: "gone", quantity: 1 },
      ],
      (t += DAY),
    );
    m.addOrder(`c${c}`, [{ productId: "tea", quantity: 1 }], (t += DAY));
    m.addOrder(`c${c}`, [{ productId: "tea", quantity: 1 }], (t += 20 * DAY) - 19 * DAY);
  }
  m.addOrder("g", [{ productId: "soap", quantity: 1 }], t);
  return m;
}
const run = (m: ShopModel, s: Shopper, c: RecContext) => recommend(s, c, { lookup: m.lookup(), load: () => undefined });

describe("neighbours", () => {
  it("pairs an order's items with each other and with the customer's recent earlier purchases, bounded", () => {
    const l = learnOrder(
      ["a", "b", "a"],
      [
        { productId: "x", orders: 1, lastAt: 5 },
        { productId: "a", orders: 2, lastAt: 9 },
      ],
    );
    expect(l.items).toEqual(["a", "b"]);
    const keys = l.pairs.map(([a, b]) => `${a}>${b}`).sort();
    expect(keys).toEqual(["a>b", "a>x", "b>a", "b>x", "x>a", "x>b"]);
    const big = learnOrder(
      Array.from({ length: 100 }, (_, i) => `p${i}`),
      [],
    );
    expect(big.items).toHaveLength(LEARN.maxItems);
  });
  it("keeps at most LEARN.keep neighbours per product, best first", () => {
    const nb = new NeighbourModel();
    for (let i = 0; i < 60; i++) nb.apply(learnOrder(["hub", `p${i}`, ...(i % 2 ? ["p0"] : [])], []));
    const list = nb.neighbours("hub");
    expect(list.length).toBe(LEARN.keep);
    expect(list[0]?.[0]).toBe("p0");
    for (let i = 1; i < list.length; i++) expect(list[i - 1]![1]).toBeGreaterThanOrEqual(list[i]![1]);
  });
});

describe("re-buy intervals and popularity", () => {
  it("learns the typical interval from customers' repeat purchases, ignoring same-day re-orders", () => {
    let s = emptyRebuy();
    s = noteRebuy(s, null, 0);
    s = noteRebuy(s, { orders: 1, lastAt: 0 }, 0.2 * DAY); // same day: nothing learnt
    s = noteRebuy(s, { orders: 1, lastAt: 0 }, 30 * DAY);
    s = noteRebuy(s, null, 0);
    s = noteRebuy(s, { orders: 1, lastAt: 0 }, 34 * DAY);
    s = noteRebuy(s, { orders: 2, lastAt: 34 * DAY }, 60 * DAY);
    expect(rebuyStats(s)).toEqual({ buyers: 2, repeaters: 2, days: 30 });
    expect(isRebuyable(null, rebuyStats(s))).toBe(true);
    expect(isRebuyable(null, { buyers: 100, repeaters: 1, days: 10 })).toBe(false);
    expect(isRebuyable(30, null)).toBe(true);
  });
  it("adds decayed popularity in log space without overflow", () => {
    expect(addLog2(null, 3)).toBe(3);
    expect(addLog2(3, 3)).toBeCloseTo(4);
    expect(addLog2(1e6, 0)).toBe(1e6);
  });
  it("measures time against the shop's data, never after the wall clock", () => {
    expect(referenceTime(Date.UTC(2026, 0, 1), T, null)).toBe(T);
    expect(referenceTime(T, T + DAY, null)).toBe(T);
    expect(referenceTime(T, null, null)).toBe(T);
  });
});

describe("unlearning refunds", () => {
  const lines = (...ids: string[]) => ids.map((productId) => ({ productId, quantity: 2 }));
  /** Everything the model learnt, rounded so float dust from add-then-subtract compares equal. */
  const snapshot = (m: ShopModel) => {
    const r = (x: number) => Number(x.toFixed(9));
    return {
      pairs: [...m.nb.pairs]
        .map(([a, bs]) => [a, [...bs].map(([b, w]) => [b, r(w)]).sort()])
        .filter(([, bs]) => (bs as unknown[]).length > 0)
        .sort(),
      counts: [...m.nb.counts].map(([id, n]) => [id, r(n)]).sort(),
      popularity: [...m.popularity].map(([id, x]) => [id, r(x)]).sort(),
      rebuy: [...m.rebuy].map(([id, s]) => [id, rebuyStats(s)]).sort(),
      customers: [...m.customers]
        .map(([c, ps]) => [c, [...ps.values()].sort((x, y) => (x.productId < y.productId ? -1 : 1))])
        .filter(([, ps]) => (ps as unknown[]).length > 0)
        .sort(),
    };
  };
  const base = () => {
    const m = new ShopModel();
    m.addOrder("ann", lines("tea", "pot"), T - 40 * DAY, { id: "o1", total: 40 });
    m.addOrder("bob", lines("tea", "cup"), T - 30 * DAY, { id: "o2", total: 40 });
    return m;
  };

  it("a full refund leaves exactly what the shop knew without the order, once", () => {
    const without = snapshot(base());
    const m = base();
    m.addOrder("ann", lines("tea", "cup", "mug"), T - 10 * DAY, { id: "o3", total: 60 });
    expect(m.nb.pairs.get("cup")?.has("mug")).toBe(true);
    expect(m.rebuy.get("tea")?.gaps).toEqual([30]);
    expect(m.refund("ann", "o3", "r1", { amount: null })).not.toBeNull();
    expect(snapshot(m)).toEqual(without);
    expect(m.refund("ann", "o3", "r1", { amount: null })).toBeNull();
    expect(m.refund("ann", "o3", "r2", { amount: 5 })).toMatchObject({ pairs: [], popularity: [] });
    expect(snapshot(m)).toEqual(without);
  });
  it("refunding one line removes only that line's pairs and purchase; the rest of the order stays learnt", () => {
    const m = base();
    m.addOrder("ann", lines("cup", "mug", "spoon"), T - 10 * DAY, { id: "o3", total: 60 });
    const keep = m.nb.pairs.get("cup")?.get("spoon");
    m.refund("ann", "o3", "r1", { amount: 10, items: [{ productId: "mug", quantity: 1 }] });
    expect(m.nb.pairs.get("cup")?.has("mug")).toBe(true); // one of two units back: still bought
    m.refund("ann", "o3", "r2", { amount: 10, items: [{ productId: "mug", quantity: 1 }] });
    expect(m.nb.pairs.get("cup")?.has("mug")).toBe(false);
    expect(m.nb.pairs.get("mug")?.size ?? 0).toBe(0);
    expect(m.nb.pairs.get("cup")?.get("spoon")).toBeCloseTo(keep!);
    expect(m.nb.counts.get("mug")).toBeUndefined();
    expect(m.popularity.has("mug")).toBe(false);
    expect(m.customers.get("ann")?.has("mug")).toBe(false);
    expect(m.customers.get("ann")?.has("spoon")).toBe(true);
  });
  it("a money-only refund takes back that share of the order's pairs, counts and popularity", () => {
    const m = base();
    m.addOrder("cat", lines("lamp", "shade"), T, { id: "o4", total: 100 });
    const w = m.nb.pairs.get("lamp")!.get("shade")!;
    const pop = m.popularity.get("lamp")!;
    m.refund("cat", "o4", "r1", { amount: 25 });
    expect(m.nb.pairs.get("lamp")!.get("shade")).toBeCloseTo(0.75 * w);
    expect(m.nb.counts.get("lamp")).toBeCloseTo(0.75);
    expect(m.popularity.get("lamp")).toBeCloseTo(pop + Math.log2(0.75));
    expect(m.customers.get("cat")?.get("lamp")?.orders).toBe(1); // she did buy: re-buy data stays
    m.refund("cat", "o4", "r2", { amount: 75 });
    expect(m.nb.pairs.get("lamp")?.has("shade")).toBe(false);
    expect(m.customers.get("cat")?.has("lamp")).toBe(false);
  });
  it("undoes a re-buy observation and restores the customer's previous purchase", () => {
    const m = base();
    m.addOrder("ann", lines("tea"), T - 20 * DAY, { id: "o5", total: 5 });
    expect(rebuyStats(m.rebuy.get("tea")!)).toEqual({ buyers: 2, repeaters: 1, days: 20 });
    m.refund("ann", "o5", "r", { amount: null });
    expect(rebuyStats(m.rebuy.get("tea")!)).toEqual({ buyers: 2, repeaters: 0, days: null });
    expect(m.customers.get("ann")?.get("tea")).toEqual({ productId: "tea", orders: 1, lastAt: T - 40 * DAY });
    expect(m.refund("ann", "nope", "r9", { amount: null })).toBeNull();
  });
  it("refund arithmetic: unknown lines change nothing, money reaching the total is a full refund, a free order refunds in full", () => {
    const t = traceOrder({ at: T, total: 30, items: lines("a", "b"), paired: ["a", "b"], prior: ["x"], rebuy: {} });
    const none = refundOrder(t, { amount: 5, items: [{ productId: "zzz", quantity: 9 }] });
    expect(none.take).toEqual({ pairs: [], counts: [], popularity: [], purchases: [] });
    const line = refundOrder(none.trace, { amount: 25, items: [{ productId: "a", quantity: 2 }] });
    expect(line.trace).toMatchObject({ share: 0, refundedAmount: 30 }); // 5 + 25 = the whole order
    expect(line.take.purchases.sort()).toEqual(["a", "b"]);
    expect(line.take.pairs.map(([a, b]) => `${a}>${b}`).sort()).toEqual(["a>b", "a>x", "b>a", "b>x", "x>a", "x>b"]);
    const free = traceOrder({ at: T, total: 0, items: lines("a"), paired: ["a"], prior: [], rebuy: {} });
    expect(refundOrder(free, { amount: 0 }).take.popularity).toEqual([["a", 1]]);
  });
  it("takes a share back out of log-space popularity", () => {
    expect(subLog2(addLog2(3, 3), 3, 1)).toBeCloseTo(3);
    expect(subLog2(3, 3, 1)).toBeNull();
    expect(subLog2(null, 3, 1)).toBeNull();
  });
});

describe("recommend", () => {
  it("falls back to recent popularity for a brand-new visitor, never out of stock or members-only", async () => {
    const m = shop();
    const recs = await run(m, shopper(), ctx());
    expect(recs[0]).toMatchObject({ productId: "tea", reason: { code: "popular" } });
    expect(recs.map((r) => r.productId)).not.toContain("gone");
    expect(recs.map((r) => r.productId)).not.toContain("vip");
  });
  it("on a product page shows what goes with it, never the product itself", async () => {
    const recs = await run(shop(), shopper(), ctx({ placement: "product", productId: "pot" }));
    expect(
      recs
        .slice(0, 2)
        .map((r) => r.productId)
        .sort(),
    ).toEqual(["cup", "tea"]);
    expect(recs[0]?.reason).toMatchObject({ code: "bought_together", ref: "pot", label: "POT" });
    expect(recs.map((r) => r.productId)).not.toContain("pot");
  });
  it("completes the cart's set with products not in the cart", async () => {
    const recs = await run(shop(), shopper({ cart: ["cup"] }), ctx({ placement: "cart", novelOnly: true }));
    expect(recs.slice(0, 2).map((r) => r.productId)).toContain("pot");
    expect(recs[0]?.reason).toMatchObject({ code: "complete_the_set", ref: "cup", label: "CUP" });
    expect(recs.map((r) => r.productId)).not.toContain("cup");
  });
  it("offers buy-again for a re-bought product and drops durables already owned", async () => {
    const m = shop();
    const p = emptyProfile("customer", "s", "c9", 0);
    p.lastOrderAt = T - 40 * DAY;
    notePurchases(
      p,
      [
        { productId: "tea", quantity: 1 },
        { productId: "pot", quantity: 1 },
      ],
      T - 40 * DAY,
    );
    const recs = await run(m, shopperOf(p, [], true), ctx());
    expect(recs.find((r) => r.productId === "tea")?.reason.code).toBe("buy_again");
    expect(recs.map((r) => r.productId)).not.toContain("pot");
    expect(recs.find((r) => r.productId === "cup")?.reason).toMatchObject({ code: "because_you_bought" });
  });
  it("puts survey matches and recently viewed products up front with their reasons", async () => {
    const m = shop();
    const recs = await run(m, shopper({ answerTags: [{ tag: "oily-skin", label: "Oily skin" }], recentlyViewed: ["soap"] }), ctx());
    expect(recs.slice(0, 2).map((r) => [r.productId, r.reason.code])).toEqual([
      ["gel", "survey_match"],
      ["soap", "recently_viewed"],
    ]);
    expect(reasonSentence("en", recs[0]!.reason)).toBe("Matches your answer: Oily skin");
    expect(reasonSentence("fa", { code: "because_you_bought", label: "چای" })).toBe("چون چای را خریدید");
  });
  it("members see members-only products; diversity caps one category at three", async () => {
    const m = shop();
    for (const id of ["s1", "s2", "s3", "s4"]) m.catalog.set(id, item(id, { categories: ["skin"] }));
    m.catalog.set("vip", item("vip", { categories: ["vip"], membersOnly: true }));
    for (const id of ["s1", "s2", "s3", "s4", "vip"]) m.addOrder("z", [{ productId: id, quantity: 1 }], T);
    expect((await run(m, shopper({ categoryViews: { skin: 5 } }), ctx())).map((r) => r.productId)).not.toContain("vip");
    const recs = await run(m, shopper({ isMember: true, categoryViews: { skin: 5 } }), ctx());
    expect(recs.map((r) => r.productId)).toContain("vip");
    expect(recs.filter((r) => m.catalog.get(r.productId)?.categories[0] === "skin").length).toBeLessThanOrEqual(3);
  });
});

describe("bench:recs harness (committed fixture)", () => {
  it("replays orders and computes HR, recall and NDCG for the engine and the baselines", async () => {
    const parsed = parseOnlineRetail(readFileSync(new URL("../fixtures/online-retail-mini.csv", import.meta.url), "utf8"));
    expect(parsed.skippedLines).toEqual({ cancellation: 1, "not merchandise (postage, fees)": 1 });
    expect(parsed.orders.find((o) => o.id === "500008")?.customerId).toBeNull();
    // C500005 cancels customer 3's pot: matched to their order 500004 (pot and two cups, 28.00).
    expect(parsed.refunds).toEqual([{ id: "C500005-500004", orderId: "500004", customerId: "3", at: Date.UTC(2011, 4, 22, 9), amount: 20, items: [{ productId: "POT", quantity: 1 }] }]);
    expect(parsed.orders.find((o) => o.id === "500001")?.total).toBe(31); // postage is money, not merchandise
    const r = await replay(parsed, { trainEnd: Date.UTC(2011, 6, 1), testEnd: Date.UTC(2011, 8, 1), k: 2 });
    expect(r).toMatchObject({ trainOrders: 7, trainRefunds: 1, testCustomers: 3, coldCustomers: 1, catalog: 4 });
    expect((await replay(parsed, { trainEnd: Date.UTC(2011, 6, 1), testEnd: Date.UTC(2011, 8, 1), k: 2, refunds: false })).trainRefunds).toBe(0);
    expect((await replay(parsed, { trainEnd: Date.UTC(2011, 4, 22), testEnd: Date.UTC(2011, 8, 1), k: 2 })).trainRefunds).toBe(0); // not yet refunded at the cutoff
    // Customer 1 bought TEA (again) and CUP (new); 2 bought MUG (new); 5 (no history) bought TEA.
    const pop = r.methods["popular (all-time)"]!;
    // Popular top 2 by orders before July: TEA (5 orders), then CUP (3) — hits for 1 (TEA, CUP) and 5 (TEA), none for 2.
    expect(pop.overall.hr).toBeCloseTo(2 / 3);
    expect(pop.overall.recall).toBeCloseTo((2 / 2 + 0 + 1) / 3);
    const ndcg1 = 1; // TEA at 1, CUP at 2, both relevant, ideal = same
    expect(pop.overall.ndcg).toBeCloseTo((ndcg1 + 0 + 1) / 3);
    const again = r.methods["buy again"]!;
    // Buy again for customer 1: TEA (2 orders), POT; for 2: TEA, CUP; for 5: popular TEA, CUP.
    expect(again.overall.hr).toBeCloseTo(2 / 3);
    expect(again.overall.recall).toBeCloseTo((1 / 2 + 0 + 1) / 3);
    // New items: customer 1 → {CUP}, 2 → {MUG}, 5 → {TEA}; lists leave out what each already owns.
    expect(again.newItems.n).toBe(3);
    expect(r.methods.revisit!.overall.n).toBe(3);
  });
});
