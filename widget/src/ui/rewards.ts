/**
 * Pure helpers behind the loyalty and referral blocks, kept out of the components so they are
 * unit-tested without a DOM: progress, punch-card stamps, redemption idempotency, copying.
 */
import type { RevisitError } from "../shared/contract";

/** 0..1 progress as a whole percentage for the bar and its `aria-valuenow`. */
export const percent = (progress: number) => Math.round(Math.min(1, Math.max(0, progress || 0)) * 100);

/** One flag per stamp slot of a punch card (filled first); at most 24 slots are drawn. */
export function stampRow(stamps: number, required: number): boolean[] {
  const m = Math.min(24, Math.max(0, Math.floor(required) || 0));
  return Array.from({ length: m }, (_, i) => i < stamps);
}

/** An `Idempotency-Key` for one redeem click: 32 hex digits (the API takes [A-Za-z0-9_-]{8,64}). */
export function idempotencyKey(): string {
  const a = new Uint8Array(16);
  try {
    crypto.getRandomValues(a);
  } catch {
    for (let i = 0; i < 16; i++) a[i] = (Math.random() * 256) | 0;
  }
  return Array.from(a, (b) => (b < 16 ? "0" : "") + b.toString(16)).join("");
}

/**
 * Whether a failed redemption may have happened anyway (network loss, timeout, server error),
 * so a retry must send the same `Idempotency-Key` and get the first result back instead of
 * spending the points twice. A definite refusal (4xx) starts afresh next time.
 */
export const sameKeyOnRetry = (e: RevisitError) => !e.status || e.status >= 500 || e.status === 408 || e.status === 429;

/**
 * Copies `text` with the async Clipboard API. When that is missing or refused (insecure page,
 * permission denied), selects `field` instead so the shopper can press Ctrl+C. True when copied.
 */
export async function copyText(text: string, field: { focus(): void; select(): void } | null, clip?: { writeText(s: string): Promise<void> }): Promise<boolean> {
  try {
    await (clip || navigator.clipboard).writeText(text);
    return true;
  } catch {
    field?.focus();
    field?.select();
    return false;
  }
}
