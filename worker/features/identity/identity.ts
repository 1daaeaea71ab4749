import { hmacSha256Hex, timingSafeEqual } from "../../platform/crypto";

export type IdentityCheck = { ok: true } | { ok: false; reason: "bad_hash" | "expired" | "expiry_required" | "legacy_expiring_form" };

export interface CustomerClaim {
  customerId: string;
  hash: string;
  /** Unix seconds; present for the expiring form (see {@link expiringHashMessage}). */
  expires?: number | undefined;
}

/**
 * The tag that opens every expiring-hash message. It is what keeps the two forms apart: the plain
 * form signs the bare customer id, and no customer id can contain a line break (the API refuses
 * one), so no plain hash is ever also a valid expiring hash, whatever the id looks like.
 */
export const EXPIRING_HASH_TAG = "revisit-expiring-v2";

/**
 * The exact text the expiring form signs: `"revisit-expiring-v2\n" + expires + "\n" + customerId`
 * (`\n` is one line-feed byte, `expires` is unix seconds in decimal without leading zeros).
 * Fields are separated by a byte an id cannot hold and the tag comes first, so the message cannot
 * be read two ways (the old `customerId + "." + expires` could: ids may contain ".").
 */
export function expiringHashMessage(customerId: string, expires: number): string {
  return `${EXPIRING_HASH_TAG}\n${expires}\n${customerId}`;
}

/**
 * Verifies a customer claim (README "Logged-in shoppers"): `hex(HMAC-SHA256(secret, customerId))`,
 * or with `expires`, `hex(HMAC-SHA256(secret, expiringHashMessage(customerId, expires)))`, which
 * stops working at `expires`. The comparison is constant-time; hex case does not matter. A hash
 * made the retired way (`customerId + "." + expires`) is refused with its own reason so a shop
 * upgrading sees why at once; it is never accepted, because it is also the plain hash of another id.
 */
export async function verifyCustomer(claim: CustomerClaim, secret: string, { nowSeconds, requireExpiring }: { nowSeconds: number; requireExpiring: boolean }): Promise<IdentityCheck> {
  if (claim.expires === undefined && requireExpiring) return { ok: false, reason: "expiry_required" };
  const given = claim.hash.toLowerCase();
  if (claim.expires === undefined) {
    return timingSafeEqual(given, await hmacSha256Hex(secret, claim.customerId)) ? { ok: true } : { ok: false, reason: "bad_hash" };
  }
  if (!timingSafeEqual(given, await hmacSha256Hex(secret, expiringHashMessage(claim.customerId, claim.expires)))) {
    const legacy = timingSafeEqual(given, await hmacSha256Hex(secret, `${claim.customerId}.${claim.expires}`));
    return { ok: false, reason: legacy ? "legacy_expiring_form" : "bad_hash" };
  }
  if (claim.expires < nowSeconds) return { ok: false, reason: "expired" };
  return { ok: true };
}

/** What a developer reads when a claim is refused: the reason, and for the retired form how to fix it. */
export function identityFailureMessage(reason: Exclude<IdentityCheck, { ok: true }>["reason"]): string {
  const hint =
    reason === "legacy_expiring_form"
      ? ` The expiring form now signs "${EXPIRING_HASH_TAG}\\n" + expires + "\\n" + customerId; see the README.`
      : reason === "expiry_required"
        ? " This site requires the expiring form (customer hash with expires)."
        : "";
  return `Customer identity not verified (${reason}).${hint}`;
}
