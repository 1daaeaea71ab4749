/**
 * The seam between the loader (widget.js, no Preact) and the lazily imported UI block.
 * Both sides import these types only, so the UI chunk can be rebuilt and re-hashed
 * without the loader knowing anything but its URL.
 */
import type { Experience } from "../../../worker/domain/experience-types";

/** The block names a shop can place: `<div data-revisit="…">`. */
export type BlockKind = "greeting" | "recommendations" | "saved-cart" | "loyalty" | "survey" | "referral";

/** A placeholder the loader found and prepared (shadow root attached, space reserved). */
export interface Host {
  kind: BlockKind;
  el: HTMLElement;
  root: ShadowRoot;
}

/** A failure reported to `revisit.on('error')`; `code` is the API's error code or a client one. */
export interface RevisitError {
  code: string;
  status?: number;
  message: string;
  /** The API error's `details` (e.g. `{ reason: "insufficient_points", balance }` on a 409). */
  details?: Record<string, unknown>;
}

/** What the UI may do with the outside world; everything goes through the loader. */
export interface UiContext {
  /**
   * JSON call to the Revisit API with the visitor/customer headers (plus `headers`, e.g. an
   * `Idempotency-Key`); a POST when `body` is given. Rejects with a RevisitError.
   */
  api(path: string, body?: unknown, headers?: Record<string, string>): Promise<unknown>;
  /** Re-fetch the experience and re-render (after a survey answer or a redemption). */
  refresh(): Promise<void>;
  /** Report a handled failure to `revisit.on('error')`. */
  fail(err: RevisitError): void;
  /** Queue an event (batched, retried, consent-aware) like `revisit.track`. */
  track(type: string, data?: Record<string, unknown>): boolean;
}

/** What the UI block gives back to the loader. */
export interface UiHandle {
  /** Render (or re-render) every host, plus the launcher when `hosts` is empty. */
  render(exp: Experience, hosts: Host[]): void;
  /** Height in px each block rendered, so the loader can reserve exactly that next time. */
  heights(): Partial<Record<BlockKind, number>>;
  /** Unmount everything and remove the launcher host. */
  destroy(): void;
}

/** The UI module's export: `import(url).then(m => m.mount(ctx))`. */
export type Mount = (ctx: UiContext) => UiHandle;
