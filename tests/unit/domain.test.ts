import { describe, expect, it } from "vitest";
import { chooseGreeting, type GreetingInput } from "../../worker/features/experience/greeting";
import { verifyCustomer } from "../../worker/features/identity/identity";
import { lifecycleStage } from "../../worker/features/segments/lifecycle";
import { emptyProfile } from "../../worker/features/customers/profile";
import { applyEvent, mergeInto } from "../../worker/features/customers/profile-changes";
import { checkResponse, nextQuestion } from "../../worker/features/surveys/survey";
import { touchVisit } from "../../worker/features/customers/visits";
import { hmacSha256Hex, timingSafeEqual } from "../../worker/platform/crypto";

const MIN = 60_000;
const DAY = 86_400_000;

describe("visit counting", () => {
  const idle = 30 * MIN;
  it("counts the first touch as visit 1 and activity within the idle gap as the same visit", () => {
    const first = touchVisit({ visits: 0, lastSeen: 0, previousVisitAt: null }, 1_000_000, idle);
    expect(first).toEqual({ visits: 1, lastSeen: 1_000_000, previousVisitAt: null, newVisit: true });
    const same = touchVisit(first, 1_000_000 + 29 * MIN, idle);
    expect(same).toMatchObject({ visits: 1, newVisit: false });
    const next = touchVisit(same, same.lastSeen + 31 * MIN, idle);
    expect(next).toMatchObject({ visits: 2, newVisit: true, previousVisitAt: same.lastSeen });
  });
  it("never goes back in time when a clock is skewed", () => {
    const t = touchVisit({ visits: 3, lastSeen: 5_000_000, previousVisitAt: 1 }, 4_000_000, idle);
    expect(t).toMatchObject({ visits: 3, lastSeen: 5_000_000, newVisit: false });
  });
});

describe("greeting", () => {
  const base: GreetingInput = { identified: false, visits: 1, orders: 0, firstName: null, previousVisitAt: null, lastOrderAt: null, now: 1000 * DAY, lapsedAfterDays: 90 };
  it.each([
    [{}, "first_visit"],
    [{ visits: 2, previousVisitAt: 999 * DAY }, "returning"],
    [{ identified: true, visits: 3, firstName: "Sara", previousVisitAt: 999 * DAY }, "known_customer"],
    [{ identified: true, visits: 1, orders: 1, lastOrderAt: 990 * DAY }, "known_customer"],
    [{ identified: true, visits: 4, orders: 2, lastOrderAt: 800 * DAY, previousVisitAt: 850 * DAY }, "lapsed"],
    [{ visits: 4, previousVisitAt: 100 * DAY }, "returning"],
  ] as const)("%o → %s", (over, kind) => {
    expect(chooseGreeting({ ...base, ...over })).toBe(kind);
  });
});

describe("customer hash (HMAC-SHA256)", () => {
  it("matches the RFC 4231 test vector", async () => {
    expect(await hmacSha256Hex("Jefe", "what do ya want for nothing?")).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  });
  it("verifies both forms and refuses wrong, expired or missing-expiry hashes", async () => {
    const secret = "demo-identity-secret";
    const now = 1_800_000_000;
    const plain = await hmacSha256Hex(secret, "cust-1001");
    const expiring = await hmacSha256Hex(secret, `revisit-expiring-v2\n${now + 60}\ncust-1001`);
    const opts = { nowSeconds: now, requireExpiring: false };
    expect(await verifyCustomer({ customerId: "cust-1001", hash: plain }, secret, opts)).toEqual({ ok: true });
    expect(await verifyCustomer({ customerId: "cust-1001", hash: plain.toUpperCase() }, secret, opts)).toEqual({ ok: true });
    expect(await verifyCustomer({ customerId: "cust-1001", hash: expiring, expires: now + 60 }, secret, opts)).toEqual({ ok: true });
    expect(await verifyCustomer({ customerId: "cust-1002", hash: plain }, secret, opts)).toEqual({ ok: false, reason: "bad_hash" });
    expect(await verifyCustomer({ customerId: "cust-1001", hash: expiring, expires: now + 61 }, secret, opts)).toEqual({ ok: false, reason: "bad_hash" });
    expect(await verifyCustomer({ customerId: "cust-1001", hash: expiring, expires: now + 60 }, secret, { nowSeconds: now + 61, requireExpiring: false })).toEqual({ ok: false, reason: "expired" });
    expect(await verifyCustomer({ customerId: "cust-1001", hash: plain }, secret, { nowSeconds: now, requireExpiring: true })).toEqual({ ok: false, reason: "expiry_required" });
  });
  it("compares in constant time but correctly", () => {
    expect(timingSafeEqual("abc", "abc")).toBe(true);
    expect(timingSafeEqual("abc", "abd")).toBe(false);
    expect(timingSafeEqual("abc", "abcd")).toBe(false);
    expect(timingSafeEqual("", "a")).toBe(false);
  });
});

describe("surveys", () => {
  const surveys = [
    {
      id: "s",
      questions: [
        {
          id: "q1",
          type: "single" as const,
          prompt: { en: "Skin?", fa: "پوست؟" },
          options: [
            { id: "dry", label: { en: "Dry" }, tags: ["dry-skin"] },
            { id: "oily", label: { en: "Oily" }, tags: ["oily-skin"] },
          ],
        },
        {
          id: "q2",
          type: "multi" as const,
          prompt: { en: "Scents?" },
          options: [
            { id: "a", label: { en: "A" }, tags: ["a"] },
            { id: "b", label: { en: "B" }, tags: ["b"] },
          ],
        },
      ],
    },
  ];
  it("asks the next unanswered question in the shopper's language", () => {
    const shopper = { kind: "visitor" as const, visits: 1, orders: 0, answers: {} };
    expect(nextQuestion(surveys, shopper, "fa", 10)).toMatchObject({ questionId: "q1", prompt: "پوست؟" });
    const answered = { "s/q1": { answers: ["dry"], tags: ["dry-skin"], labels: ["Dry"], at: 1, source: "widget" as const } };
    expect(nextQuestion(surveys, { ...shopper, answers: answered }, "ar", 10)).toMatchObject({ questionId: "q2", prompt: "Scents?" });
  });
  it("checks answers against the options", () => {
    expect(checkResponse(surveys, "s", { questionId: "q1", answers: ["dry", "oily"] })).toMatchObject({ ok: false, status: 400 });
    expect(checkResponse(surveys, "s", { questionId: "q2", answers: ["a", "b", "a"] })).toMatchObject({ ok: true, answer: { answers: ["a", "b"], tags: ["a", "b"], labels: ["A", "B"] } });
    expect(checkResponse(surveys, "s", { questionId: "q9", answers: ["a"] })).toMatchObject({ ok: false, status: 404 });
  });
});

describe("profiles", () => {
  it("merges an anonymous profile without losing its cart, answers or views", () => {
    const customer = emptyProfile("customer", "s", "c1", 0);
    applyEvent(customer, { type: "cart", items: [{ productId: "a", quantity: 1 }] }, 10);
    const visitor = emptyProfile("visitor", "s", "v1", 0);
    visitor.visits = 3;
    applyEvent(visitor, { type: "add_to_cart", productId: "a", quantity: 2 }, 20);
    applyEvent(visitor, { type: "add_to_cart", productId: "b", quantity: 1 }, 21);
    applyEvent(visitor, { type: "product_view", productId: "b" }, 22);
    visitor.answers["s/q1"] = { answers: ["dry"], tags: ["dry-skin"], labels: ["Dry"], at: 5, source: "widget" };
    mergeInto(customer, visitor);
    expect(customer.cart).toEqual({
      items: [
        { productId: "a", quantity: 2 },
        { productId: "b", quantity: 1 },
      ],
      updatedAt: 21,
    });
    expect(customer.answers["s/q1"]?.tags).toEqual(["dry-skin"]);
    expect(customer.recentlyViewed).toEqual(["b"]);
    expect(customer.visits).toBe(3);
  });
  it("applies cart changes as a shopper expects", () => {
    const p = emptyProfile("visitor", "s", "v", 0);
    applyEvent(p, { type: "add_to_cart", productId: "a", quantity: 1 }, 1);
    applyEvent(p, { type: "add_to_cart", productId: "a", quantity: 2 }, 2);
    applyEvent(p, { type: "remove_from_cart", productId: "a", quantity: 1 }, 3);
    expect(p.cart?.items).toEqual([{ productId: "a", quantity: 2 }]);
    applyEvent(p, { type: "remove_from_cart", productId: "a" }, 4);
    expect(p.cart?.items).toEqual([]);
  });
  it("files shoppers under lifecycle stages", () => {
    const base = { visits: 1, productViews: 0, cartItems: 0, orders: 0, spend: 0, lastOrderAt: null, lastSeen: 0, now: 400 * DAY, lapsedAfterDays: 90, vipSpend: 500 };
    expect(lifecycleStage(base)).toBe("new");
    expect(lifecycleStage({ ...base, productViews: 2 })).toBe("browsing");
    expect(lifecycleStage({ ...base, cartItems: 1 })).toBe("considering");
    expect(lifecycleStage({ ...base, orders: 1, lastOrderAt: 399 * DAY })).toBe("first_purchase");
    expect(lifecycleStage({ ...base, orders: 2, lastOrderAt: 399 * DAY })).toBe("repeat");
    expect(lifecycleStage({ ...base, orders: 4, spend: 900, lastOrderAt: 399 * DAY })).toBe("loyal");
    expect(lifecycleStage({ ...base, orders: 2, lastOrderAt: 340 * DAY })).toBe("at_risk");
    expect(lifecycleStage({ ...base, orders: 2, lastOrderAt: 100 * DAY })).toBe("lapsed");
  });
});
