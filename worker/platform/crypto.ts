/**
 * Small crypto helpers over Web Crypto. Comparisons of secrets are constant-time so response
 * timing never tells an attacker how many leading characters of a guess were right.
 */

const encoder = new TextEncoder();

/** Hex of HMAC-SHA256(secret, message): the customer-hash form of SECURITY.md. */
export async function hmacSha256Hex(secret: string, message: string): Promise<string> {
  const bytes = await hmacSha256(secret, encoder.encode(message));
  return toHex(bytes);
}

/** Raw HMAC-SHA256 bytes, for base64 signatures (Shopify, Standard Webhooks). A string secret is used as its UTF-8 bytes. */
export async function hmacSha256(secret: string | Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  // Copies into ArrayBuffer-backed views: Web Crypto takes no SharedArrayBuffer (the DOM typings say so).
  const raw = typeof secret === "string" ? encoder.encode(secret) : new Uint8Array(secret);
  const key = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, new Uint8Array(data)));
}

/** Hex of SHA-256(text): how secret keys are stored, since they only ever need comparing. */
export async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text))));
}

/** Constant-time string equality: time depends only on the length of `b`, never on where they differ. */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < y.length; i++) diff |= (x[i % (x.length || 1)] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** A random URL-safe token with a readable prefix, e.g. `sk_live_…`. */
export function randomToken(prefix: string, bytes = 24): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return prefix + toHex(raw);
}

function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}
