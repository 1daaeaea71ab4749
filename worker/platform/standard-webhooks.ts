import { hmacSha256 } from "./crypto";

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): `webhook-signature` is
 * `v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>`, where the key is the base64 part of
 * the site's `whsec_…` secret, decoded to bytes. A secret without the prefix is used as it is.
 */
export async function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): Promise<Record<string, string>> {
  // The signed text is "{id}.{timestamp}.{body}": an id with "." (or a timestamp that is not an
  // integer) would let one signature be read as another message's. Refuse rather than sign it.
  if (!WEBHOOK_ID.test(id) || !Number.isSafeInteger(timestampSeconds)) throw new Error("signWebhook: the id must be [A-Za-z0-9_-] and the timestamp whole seconds");
  const key = secret.startsWith("whsec_") ? base64ToBytes(secret.slice(6)) : new TextEncoder().encode(secret);
  const ts = String(timestampSeconds);
  const sig = await hmacSha256(key, new TextEncoder().encode(`${id}.${ts}.${body}`));
  return { "webhook-id": id, "webhook-timestamp": ts, "webhook-signature": `v1,${bytesToBase64(sig)}` };
}

/** What a webhook id may hold: no "." (the signed text's separator). */
export const WEBHOOK_ID = /^[A-Za-z0-9_-]{1,128}$/;

function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function bytesToBase64(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}
