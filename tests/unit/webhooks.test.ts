import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import {
  desiredTriggers,
  endpointsFor,
  lapsedDueAt,
  MAX_ATTEMPTS,
  medianOrderGap,
  nextAttemptAt,
  nextBirthday,
  RETRY_DELAYS_MS,
  webhookBody,
  type TriggerSettings,
} from "../../worker/features/webhooks/webhooks";
import { signWebhook } from "../../worker/platform/standard-webhooks";
import { mintRewardCode } from "../../worker/features/loyalty/site-loyalty";

const DAY = 86_400_000;
const settings: TriggerSettings = { cartAbandonedMinutes: 60, lapsedAfterDays: 90, lapsedGraceDays: 14, birthdayHourUtc: 9 };

describe("Standard Webhooks signing", () => {
  it("is verified by the standardwebhooks package, for the demo secret and a random one", async () => {
    const random = `whsec_${Buffer.from(Array.from({ length: 24 }, (_, i) => (i * 37 + 200) % 256)).toString("base64")}`;
    for (const secret of ["whsec_ZGVtby13ZWJob29rLXNlY3JldA==", random]) {
      const body = webhookBody("order.credited", Date.now(), { customerId: "c-1", orderId: "o-1", points: 12 });
      const headers = await signWebhook(secret, "evt_1", Math.floor(Date.now() / 1000), body);
      expect(new Webhook(secret).verify(body, headers)).toMatchObject({ type: "order.credited", data: { orderId: "o-1" } });
      expect(() => new Webhook(secret).verify(body.replace("12", "13"), headers)).toThrow();
    }
  });
});

describe("retry schedule", () => {
  it("tries eight times over about 27.6 hours, then gives up", () => {
    expect(MAX_ATTEMPTS).toBe(8);
    expect(RETRY_DELAYS_MS.slice(0, 3)).toEqual([0, 5_000, 300_000]);
    let t = 0;
    let n = 0;
    for (;;) {
      const next = nextAttemptAt(++n, t);
      if (next === null) break;
      t = next;
    }
    expect(n).toBe(8);
    expect(t / 3_600_000).toBeCloseTo(27.58, 1); // 5 s + 5 min + 30 min + 2 h + 5 h + 10 h + 10 h
  });

  it("matches endpoints by event type or *", () => {
    const eps = [
      { url: "https://a.example/h", events: ["order.credited"] },
      { url: "https://b.example/h", events: ["*"] },
      { url: "https://a.example/h", events: ["*"] },
    ];
    expect(endpointsFor(eps, "order.credited")).toEqual(["https://a.example/h", "https://b.example/h"]);
    expect(endpointsFor(eps, "cart.abandoned")).toEqual(["https://b.example/h", "https://a.example/h"]);
  });
});

describe("trigger moments", () => {
  const t0 = Date.UTC(2026, 5, 1, 12);
  const customer = { kind: "customer" as const, cart: null, lastOrderAt: null, birthday: null };

  it("cart abandoned N minutes after the last cart change, unless an order came after it", () => {
    const cart = { items: [{ productId: "p" }], updatedAt: t0 };
    expect(desiredTriggers({ ...customer, cart }, [], settings, t0)).toEqual([{ kind: "cart_abandoned", key: `cart:${t0}`, dueAt: t0 + 3_600_000 }]);
    expect(desiredTriggers({ ...customer, cart, lastOrderAt: t0 + 1 }, [t0 + 1], settings, t0).map((t) => t.kind)).toEqual(["lapsed"]);
    expect(desiredTriggers({ ...customer, cart: { items: [], updatedAt: t0 } }, [], settings, t0)).toEqual([]);
    expect(desiredTriggers({ ...customer, kind: "visitor", cart }, [], settings, t0)).toEqual([]);
  });

  it("lapsed after the expected next order plus grace, or after lapsedAfterDays for one order", () => {
    expect(lapsedDueAt([t0], settings)).toBe(t0 + 90 * DAY);
    expect(medianOrderGap([t0, t0 + 10 * DAY, t0 + 40 * DAY, t0 + 50 * DAY])).toBe(10 * DAY);
    expect(lapsedDueAt([t0 + 50 * DAY, t0, t0 + 10 * DAY, t0 + 40 * DAY], settings)).toBe(t0 + 50 * DAY + 10 * DAY + 14 * DAY);
    expect(lapsedDueAt([], settings)).toBeNull();
  });

  it("birthday at the next occurrence, yearly, 29 February on the 28th", () => {
    expect(nextBirthday("1990-07-04", t0, 9)).toEqual({ at: Date.UTC(2026, 6, 4, 9), year: 2026 });
    expect(nextBirthday("1990-05-04", t0, 9)).toEqual({ at: Date.UTC(2027, 4, 4, 9), year: 2027 });
    expect(nextBirthday("2000-02-29", t0, 9)).toEqual({ at: Date.UTC(2027, 1, 28, 9), year: 2027 });
    expect(nextBirthday("2000-02-29", Date.UTC(2027, 5, 1), 9)).toEqual({ at: Date.UTC(2028, 1, 29, 9), year: 2028 });
    expect(nextBirthday("nope", t0, 9)).toBeNull();
    expect(desiredTriggers({ ...customer, birthday: "1990-07-04" }, [], settings, t0)).toEqual([{ kind: "birthday", key: "birthday:1990-07-04:2026", dueAt: Date.UTC(2026, 6, 4, 9) }]);
  });
});

describe("no signature can be read as another message's", () => {
  it("signWebhook refuses an id holding the separator, and a timestamp that is not whole seconds", async () => {
    await expect(signWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "redeem_a.1700000000", 1700000000, "{}")).rejects.toThrow(/id must be/);
    await expect(signWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "evt_1", 1.5, "{}")).rejects.toThrow(/timestamp/);
  });

  it("a punch-card mint for a card id with a dot is sent under a dot-free id, the same on every retry", async () => {
    const seen: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Headers(init?.headers).get("webhook-id") ?? "");
      return new Response(JSON.stringify({ code: "FREE-1" }), { headers: { "Content-Type": "application/json" } });
    }) as typeof fetch;
    try {
      const mint = () => mintRewardCode({ webhookUrl: "https://shop.example/mint" }, { allowLocalDev: false }, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", {}, "punch-tea.card-1");
      expect(await mint()).toBe("FREE-1");
      expect(await mint()).toBe("FREE-1");
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatch(/^redeem_[0-9a-f]{32}$/);
    expect(seen[1]).toBe(seen[0]);
  });
});
