import { describe, expect, it } from "vitest";
import { copyText, idempotencyKey, percent, sameKeyOnRetry, stampRow } from "../../widget/src/ui/rewards";

describe("loyalty helpers", () => {
  it("turns progress into a whole, clamped percentage", () => {
    expect(percent(0.456)).toBe(46);
    expect(percent(0)).toBe(0);
    expect(percent(1.7)).toBe(100);
    expect(percent(-1)).toBe(0);
    expect(percent(Number.NaN)).toBe(0);
  });

  it("draws one slot per required stamp, filled first, capped at 24", () => {
    expect(stampRow(2, 5)).toEqual([true, true, false, false, false]);
    expect(stampRow(0, 3)).toEqual([false, false, false]);
    expect(stampRow(9, 6)).toEqual([true, true, true, true, true, true]);
    expect(stampRow(1, 0)).toEqual([]);
    expect(stampRow(1, 500)).toHaveLength(24);
  });

  it("makes idempotency keys the API accepts, different on every click", () => {
    const keys = new Set(Array.from({ length: 50 }, idempotencyKey));
    expect(keys.size).toBe(50);
    for (const k of keys) expect(k).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
  });

  it("keeps the key for a retry only when the first attempt may have gone through", () => {
    expect(sameKeyOnRetry({ code: "network", message: "" })).toBe(true);
    expect(sameKeyOnRetry({ code: "internal_error", status: 500, message: "" })).toBe(true);
    expect(sameKeyOnRetry({ code: "rate_limited", status: 429, message: "" })).toBe(true);
    expect(sameKeyOnRetry({ code: "conflict", status: 409, message: "", details: { reason: "insufficient_points" } })).toBe(false);
    expect(sameKeyOnRetry({ code: "forbidden", status: 403, message: "" })).toBe(false);
  });
});

describe("copyText", () => {
  const field = () => {
    const calls: string[] = [];
    return { calls, focus: () => void calls.push("focus"), select: () => void calls.push("select") };
  };

  it("writes to the clipboard and leaves the field alone", async () => {
    const written: string[] = [];
    const f = field();
    expect(await copyText("DEMO5-0001", f, { writeText: async (s) => void written.push(s) })).toBe(true);
    expect(written).toEqual(["DEMO5-0001"]);
    expect(f.calls).toEqual([]);
  });

  it("selects the field when the clipboard refuses or is missing", async () => {
    const f = field();
    expect(await copyText("x", f, { writeText: () => Promise.reject(new Error("NotAllowedError")) })).toBe(false);
    expect(f.calls).toEqual(["focus", "select"]);
    const g = field();
    expect(
      await copyText("x", g, {
        writeText: () => {
          throw new TypeError("no clipboard");
        },
      }),
    ).toBe(false);
    expect(g.calls).toEqual(["focus", "select"]);
    expect(await copyText("x", null, { writeText: () => Promise.reject(new Error("no")) })).toBe(false);
  });
});
