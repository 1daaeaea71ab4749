import { describe, expect, it } from "vitest";
import {
  actionAward,
  balanceAt,
  cardProgress,
  currencyTerms,
  multiplierAt,
  orderPoints,
  refundReversal,
  stampsFor,
  tierStatus,
  type LedgerEntry,
  type LoyaltyProgram,
} from "../../worker/features/loyalty";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 10);
const text = (en: string) => ({ en });

const program = (over: Partial<LoyaltyProgram> = {}): LoyaltyProgram => ({
  pointsPerUnit: 1,
  currencyRates: {},
  rounding: "floor",
  actions: {},
  actionLimits: {},
  tierBasis: "points",
  tierWindow: "lifetime",
  tiers: [
    { id: "bronze", name: text("Bronze"), threshold: 0, multiplier: 1, freeShipping: false, earlyAccess: false },
    { id: "silver", name: text("Silver"), threshold: 200, multiplier: 1.5, freeShipping: false, earlyAccess: false },
    { id: "gold", name: text("Gold"), threshold: 500, multiplier: 2, freeShipping: true, earlyAccess: true },
  ],
  pendingDays: 0,
  expiryDays: null,
  punchCards: [],
  rewards: [],
  ...over,
});

const earn = (source: string, points: number, at: number, extra: Partial<LedgerEntry> = {}): LedgerEntry => ({
  source,
  kind: "earn",
  points,
  at,
  availableAt: at,
  expiresAt: null,
  reverses: null,
  spend: points,
  reason: "order",
  ...extra,
});

describe("earning", () => {
  it("applies the currency's rate, the tier multiplier and the rounding once", () => {
    const p = program({ currencyRates: { JPY: 0.01, EUR: 1.1 } });
    const rate = (currency: string, q: LoyaltyProgram = p) => currencyTerms(currency, "USD", q).rate;
    expect(orderPoints(121.99, rate("USD"), p)).toBe(121);
    expect(orderPoints(12_345, rate("JPY"), p)).toBe(123);
    expect(orderPoints(10, rate("EUR"), p, 1.5)).toBe(16);
    expect(orderPoints(100_000, rate("IDR"), p)).toBe(0);
    expect(orderPoints(10.5, rate("USD"), program({ rounding: "round" }))).toBe(11);
    expect(orderPoints(10.1, rate("USD"), program({ rounding: "ceil" }))).toBe(11);
    expect(orderPoints(0.1 * 3, rate("USD", program({ pointsPerUnit: 10 })), program({ pointsPerUnit: 10 }))).toBe(3);
  });

  it.each([
    // currency, site currency, program → supported, points rate, spend factor
    ["USD", "USD", {}, true, 1, 1],
    ["usd", "USD", {}, true, 1, 1],
    ["EUR", "USD", { currencyRates: { EUR: 1.1 } }, true, 1.1, 1.1],
    ["JPY", "USD", { currencyRates: { JPY: 0.01 } }, true, 0.01, 0.01],
    ["JPY", "USD", { pointsPerUnit: 2, currencyRates: { JPY: 0.02 } }, true, 0.02, 0.01],
    ["USD", "USD", { currencyRates: { USD: 3 } }, true, 3, 1],
    ["IDR", "USD", { currencyRates: { EUR: 1 } }, false, 0, 0],
    ["XXX", "USD", {}, false, 0, 0],
    ["KWD", "KWD", { pointsPerUnit: 3 }, true, 3, 1],
    ["BHD", "USD", { pointsPerUnit: 0, currencyRates: { BHD: 0 } }, true, 0, 1],
    ["EUR", "USD", { currencyRates: { EUR: 0 } }, true, 0, 0],
  ] as const)("values %s on a %s site %j", (currency, site, over, supported, rate, spendFactor) => {
    const t = currencyTerms(currency, site, program(over));
    expect({ supported: t.supported, rate: t.rate }).toEqual({ supported, rate });
    expect(t.spendFactor).toBeCloseTo(spendFactor, 12);
  });

  it("reverses partial refunds so that they add up to exactly the full reversal", () => {
    const parts = [refundReversal(97, 100, 0, 33.33), refundReversal(97, 100, 33.33, 33.33), refundReversal(97, 100, 66.66, 33.34)];
    expect(parts.reduce((a, b) => a + b)).toBe(97);
    expect(refundReversal(97, 100, 0, 1000)).toBe(97);
    expect(refundReversal(50, 100, 100, 10)).toBe(0);
  });

  it("caps actions per day and per lifetime", () => {
    const p = program({ actions: { review: 25 }, actionLimits: { review: { perDay: 2, lifetime: 3 } } });
    const day1 = [earn("action:review:r1", 25, T0), earn("action:review:r2", 25, T0 + 1000)];
    expect(actionAward("review", day1, p, T0 + 2000)).toEqual({ points: 0, reason: "daily_limit" });
    expect(actionAward("review", day1, p, T0 + DAY)).toEqual({ points: 25, reason: "awarded" });
    expect(actionAward("review", [...day1, earn("action:review:r3", 25, T0 + DAY)], p, T0 + 3 * DAY)).toEqual({ points: 0, reason: "lifetime_limit" });
    expect(actionAward("birthday", [], p, T0)).toEqual({ points: 0, reason: "not_in_program" });
  });
});

describe("balance", () => {
  it("keeps order points pending through the return window", () => {
    const e = [earn("order:1", 100, T0, { availableAt: T0 + 14 * DAY })];
    expect(balanceAt(e, T0 + DAY)).toMatchObject({ available: 0, pending: 100 });
    expect(balanceAt(e, T0 + 14 * DAY)).toMatchObject({ available: 100, pending: 0 });
  });

  it("shows points reversed after they were spent as owed, and pays the debt from new earnings", () => {
    const e: LedgerEntry[] = [
      earn("order:1", 100, T0),
      { ...earn("redeem:a", -80, T0 + DAY), kind: "redeem", spend: 0 },
      { ...earn("refund:1", -100, T0 + 2 * DAY), kind: "reverse", reverses: "order:1", spend: -100 },
    ];
    expect(balanceAt(e, T0 + 3 * DAY)).toMatchObject({ available: 0, owed: 80, redeemed: 80 });
    const later = [...e, earn("order:2", 50, T0 + 4 * DAY)];
    expect(balanceAt(later, T0 + 5 * DAY)).toMatchObject({ available: 0, owed: 30 });
    expect(balanceAt([...later, earn("order:3", 50, T0 + 6 * DAY)], T0 + 7 * DAY)).toMatchObject({ available: 20, owed: 0 });
  });

  it("expires unspent points and spends the soonest-expiring first", () => {
    const e: LedgerEntry[] = [
      earn("order:old", 60, T0, { expiresAt: T0 + 30 * DAY }),
      earn("order:new", 60, T0 + 10 * DAY, { expiresAt: T0 + 40 * DAY }),
      { ...earn("redeem:a", -50, T0 + 11 * DAY), kind: "redeem", spend: 0 },
    ];
    expect(balanceAt(e, T0 + 12 * DAY)).toMatchObject({ available: 70, nextExpiry: { points: 10, at: T0 + 30 * DAY } });
    expect(balanceAt(e, T0 + 31 * DAY)).toMatchObject({ available: 60, expired: 10 });
    expect(balanceAt(e, T0 + 41 * DAY)).toMatchObject({ available: 0, expired: 70 });
  });
});

describe("tiers", () => {
  it("upgrades at once and picks the multiplier in force when an order is placed", () => {
    const e = [earn("order:1", 150, T0), earn("order:2", 100, T0 + DAY)];
    expect(tierStatus(e, program(), T0 + 2 * DAY)).toMatchObject({ tier: { id: "silver" }, next: { id: "gold" }, toNext: 250, value: 250 });
    // An order's multiplier comes from everything before it (its own entry is not there yet).
    expect(multiplierAt(e.slice(0, 1), program(), T0 + DAY)).toBe(1);
    expect(multiplierAt(e, program(), T0 + DAY)).toBe(1.5); // an order in the same second as order 2
    expect(multiplierAt(e, program(), T0 + 2 * DAY)).toBe(1.5);
  });

  it("downgrades only at the end of the window", () => {
    const rolling = program({ tierWindow: "rolling_12_months" });
    const e = [earn("order:1", 600, T0)];
    expect(tierStatus(e, rolling, T0 + 200 * DAY)).toMatchObject({ tier: { id: "gold" }, heldUntil: T0 + 365 * DAY });
    expect(tierStatus(e, rolling, T0 + 366 * DAY).tier?.id).toBe("bronze");
    const yearly = program({ tierWindow: "calendar_year" });
    // Gold reached in 2026 holds through 2027 and ends on 2028-01-01.
    expect(tierStatus(e, yearly, Date.UTC(2027, 11, 31)).tier?.id).toBe("gold");
    expect(tierStatus(e, yearly, Date.UTC(2028, 0, 1)).tier?.id).toBe("bronze");
    // A refund after the upgrade does not take the tier away mid-window.
    const refunded: LedgerEntry[] = [...e, { ...earn("refund:1", -600, T0 + 10 * DAY), kind: "reverse", reverses: "order:1", spend: -600 }];
    expect(tierStatus(refunded, rolling, T0 + 20 * DAY)).toMatchObject({ tier: { id: "gold" }, value: 0 });
    expect(tierStatus(refunded, program(), T0 + 20 * DAY).tier?.id).toBe("gold");
  });

  it("upgrades on an order even when a refund follows in the same second", () => {
    const e: LedgerEntry[] = [earn("order:1", 150, T0), earn("order:2", 100, T0 + DAY), { ...earn("refund:2", -80, T0 + DAY), kind: "reverse", reverses: "order:2", spend: -80 }];
    expect(tierStatus(e, program(), T0 + 2 * DAY)).toMatchObject({ tier: { id: "silver" }, value: 170 });
  });

  it("counts spend instead of points when the basis is spend", () => {
    const e = [earn("order:1", 10, T0, { spend: 550 })];
    expect(tierStatus(e, program({ tierBasis: "spend" }), T0 + DAY).tier?.id).toBe("gold");
    expect(tierStatus(e, program(), T0 + DAY).tier?.id).toBe("bronze");
  });
});

describe("punch cards", () => {
  const card = { id: "tea", name: text("Tea card"), productIds: ["p-matcha"], categories: ["tea"], required: 6, rewardId: null };
  it("stamps listed products and products of listed categories", () => {
    expect(
      stampsFor(card, [
        { productId: "p-matcha", quantity: 2, categories: [] },
        { productId: "p-earl-grey", quantity: 3, categories: ["tea"] },
        { productId: "p-mug", quantity: 5, categories: ["kitchen"] },
      ]),
    ).toBe(5);
    expect(cardProgress(card, 14)).toEqual({ cardId: "tea", stamps: 2, required: 6, completed: 2 });
    expect(cardProgress(card, -3)).toEqual({ cardId: "tea", stamps: 0, required: 6, completed: 0 });
  });
});
