import { hmacSha256Hex, timingSafeEqual } from "../lib/crypto";

export type IdentityCheck = { ok: true } | { ok: false; reason: "bad_hash" | "expired" | "expiry_required" };

export interface CustomerClaim {
  customerId: string;
  hash: string;
  /** Unix seconds; present for the expiring form `HMAC(secret, id + "." + exp)`. */
  expires?: number | undefined;
}

/**
 * Verifies a customer claim as DESIGN §3 defines it: `hex(HMAC-SHA256(secret, customerId))`, or
 * with `expires`, `hex(HMAC-SHA256(secret, customerId + "." + expires))` that stops working at
 * `expires`. The comparison is constant-time; hex case does not matter.
 */
export async function verifyCustomer(
  claim: CustomerClaim,
  secret: string,
  { nowSeconds, requireExpiring }: { nowSeconds: number; requireExpiring: boolean },
): Promise<IdentityCheck> {
  if (claim.expires === undefined && requireExpiring) return { ok: false, reason: "expiry_required" };
  const message = claim.expires === undefined ? claim.customerId : `${claim.customerId}.${claim.expires}`;
  const expected = await hmacSha256Hex(secret, message);
  if (!timingSafeEqual(claim.hash.toLowerCase(), expected)) return { ok: false, reason: "bad_hash" };
  if (claim.expires !== undefined && claim.expires < nowSeconds) return { ok: false, reason: "expired" };
  return { ok: true };
}
