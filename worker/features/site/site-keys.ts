/**
 * Issuing a site's API keys: the one implementation behind site creation, the operator's rotation
 * (`POST /v1/admin/sites/{siteId}/keys/rotate`) and the shop's own (`POST /v1/site/keys/rotate`),
 * so every key has the same form and only its hash is ever stored.
 */

import type { Env } from "../../env";
import { randomToken, sha256Hex } from "../../platform/crypto";
import { siteStub } from "../../platform/stubs";
import type { SiteRecord } from "./site-record";

/** A fresh publishable and secret key pair, in the form every site's keys take. */
export function newKeyPair(): { publishableKey: string; secretKey: string } {
  return { publishableKey: randomToken("pk_live_"), secretKey: randomToken("sk_live_") };
}

/** Only hashes of the API keys are kept, so a leaked site record does not leak working keys. */
export async function keyRecords(pk: string, sk: string): Promise<SiteRecord["keys"]> {
  return [
    { hash: await sha256Hex(pk), kind: "publishable", expiresAt: null },
    { hash: await sha256Hex(sk), kind: "secret", expiresAt: null },
  ];
}

/** New keys, answered once, and when the keys they replace stop working. */
export interface RotatedKeys {
  publishableKey: string;
  secretKey: string;
  oldKeysExpireAt: string;
}

/**
 * Issues a new key pair for the site and lets every key working at `now` expire `graceSeconds`
 * later (SiteObject.rotateKeys). Null when the site does not exist.
 */
export async function rotateSiteKeys(env: Env, siteId: string, graceSeconds: number, now: number): Promise<RotatedKeys | null> {
  const { publishableKey, secretKey } = newKeyPair();
  const ok = await siteStub(env, siteId).rotateKeys(await keyRecords(publishableKey, secretKey), graceSeconds, now);
  if (!ok) return null;
  return { publishableKey, secretKey, oldKeysExpireAt: new Date(now + graceSeconds * 1000).toISOString() };
}
