import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expiringHashMessage, identityFailureMessage, verifyCustomer } from "../../worker/features/identity/identity";
import { hmacSha256Hex } from "../../worker/platform/crypto";
import { Id } from "../../worker/platform/schemas";

const SECRET = "shop-identity-secret";
const NOW = 1_800_000_000;
const OPTS = { nowSeconds: NOW, requireExpiring: false };
const plainHash = (id: string) => hmacSha256Hex(SECRET, id);

/** Every character a customer id may hold except letters and digits: the separators an attacker can put in an id. */
const ID_PUNCTUATION = [".", "_", "@", "+", "-"];

describe("customer hash forms cannot be confused", () => {
  it("the expiring message is exactly the documented text", () => {
    expect(expiringHashMessage("cust-1001", 4102444800)).toBe("revisit-expiring-v2\n4102444800\ncust-1001");
  });

  it("the plain hash of cust-1001.4102444800 is not an expiring hash of cust-1001 (the reported attack)", async () => {
    const forged = await plainHash("cust-1001.4102444800");
    const check = await verifyCustomer({ customerId: "cust-1001", hash: forged, expires: 4102444800 }, SECRET, OPTS);
    expect(check).toEqual({ ok: false, reason: "legacy_expiring_form" });
  });

  it.each(
    ID_PUNCTUATION.flatMap(
      (sep) =>
        [
          [`cust-1001${sep}4102444800`, "cust-1001", 4102444800],
          [`4102444800${sep}cust-1001`, "cust-1001", 4102444800],
          [`revisit-expiring-v2${sep}4102444800${sep}cust-1001`, "cust-1001", 4102444800],
        ] as const,
    ),
  )("plain hash of %s does not verify as expiring for %s", async (shopId, victim, exp) => {
    expect(Id.safeParse(shopId).success).toBe(true);
    const check = await verifyCustomer({ customerId: victim, hash: await plainHash(shopId), expires: exp }, SECRET, OPTS);
    expect(check.ok).toBe(false);
  });

  it("no valid customer id's plain hash verifies as an expiring hash for any split of it (property)", async () => {
    const idChar = fc.constantFrom(..."abcXYZ0189".split(""), ...ID_PUNCTUATION);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: idChar, minLength: 1, maxLength: 24 }), fc.integer({ min: 1, max: 9_999_999_999 }), fc.constantFrom("", ...ID_PUNCTUATION), async (victim, exp, sep) => {
        for (const shopId of [`${victim}${sep}${exp}`, `${exp}${sep}${victim}`]) {
          if (!Id.safeParse(shopId).success) continue;
          const check = await verifyCustomer({ customerId: victim, hash: await plainHash(shopId), expires: exp }, SECRET, OPTS);
          expect(check.ok).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("no valid customer id can be the text an expiring hash signs (so an expiring hash is never a plain one)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 9_999_999_999 }), (id, exp) => {
        expect(Id.safeParse(expiringHashMessage(id, exp)).success).toBe(false);
      }),
    );
  });

  it("the new expiring form verifies until it expires; plain hashes of existing shops keep working", async () => {
    const hash = await hmacSha256Hex(SECRET, expiringHashMessage("cust-1001", NOW + 60));
    expect(await verifyCustomer({ customerId: "cust-1001", hash, expires: NOW + 60 }, SECRET, OPTS)).toEqual({ ok: true });
    expect(await verifyCustomer({ customerId: "cust-1001", hash, expires: NOW + 60 }, SECRET, { ...OPTS, nowSeconds: NOW + 61 })).toEqual({ ok: false, reason: "expired" });
    expect(await verifyCustomer({ customerId: "cust-1001", hash: await plainHash("cust-1001") }, SECRET, OPTS)).toEqual({ ok: true });
    // An expiring hash is no plain hash, and a plain hash is no expiring one.
    expect(await verifyCustomer({ customerId: "cust-1001", hash }, SECRET, OPTS)).toEqual({ ok: false, reason: "bad_hash" });
    expect(await verifyCustomer({ customerId: "cust-1001", hash: await plainHash("cust-1001"), expires: NOW + 60 }, SECRET, OPTS)).toEqual({ ok: false, reason: "bad_hash" });
  });

  it("a refused retired-form hash tells the developer the new form", () => {
    expect(identityFailureMessage("legacy_expiring_form")).toContain('"revisit-expiring-v2\\n" + expires + "\\n" + customerId');
    expect(identityFailureMessage("bad_hash")).toBe("Customer identity not verified (bad_hash).");
  });
});
