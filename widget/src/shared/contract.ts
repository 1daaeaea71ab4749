/**
 * The seam between the loader (widget.js, no Preact) and the lazily imported UI block.
 * Both sides import these types (and the one-line `heightKey`), so the UI chunks can be rebuilt
 * and re-hashed without the loader knowing anything but their URLs.
 */
import type { Experience } from "../../../contract/experience";

/**
 * The block names a shop can place: `<div data-revisit="…">`; `content` is written
 * `data-revisit="content:<slot>"` and shows the shop's content for that slot (`experience.content`).
 */
export type BlockKind = "greeting" | "recommendations" | "saved-cart" | "saved" | "loyalty" | "survey" | "referral" | "offers" | "content";

/** A placeholder the loader found and prepared (shadow root attached, space reserved). */
export interface Host {
  kind: BlockKind;
  /** The slot id of a `content:<slot>` placeholder; empty for every other kind. */
  slot: string;
  el: HTMLElement;
  root: ShadowRoot;
}

/**
 * Heights remembered per placeholder (px), keyed by kind, or `content:<slot>` for content slots
 * (each slot has its own content, so its own height).
 */
export type Heights = Record<string, number>;

/** The key a host's height is remembered under (see `Heights`). */
export const heightKey = (h: { kind: BlockKind; slot: string }): string => (h.kind === "content" ? `content:${h.slot}` : h.kind);

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
   * `Idempotency-Key`); a POST when `body` is given, a DELETE when it is null. Rejects with a RevisitError.
   */
  api(path: string, body?: unknown, headers?: Record<string, string>): Promise<unknown>;
  /** Re-fetch the experience and re-render (after a survey answer or a redemption). */
  refresh(): Promise<void>;
  /** Report a handled failure to `revisit.on('error')`. */
  fail(err: RevisitError): void;
  /** Queue an event (batched, retried, consent-aware) like `revisit.track`. */
  track(type: string, data?: Record<string, unknown>): boolean;
  /**
   * The heights the blocks rendered (measured in idle time after the browser laid them out, so
   * measuring never forces a synchronous layout), for the loader to reserve exactly that next time.
   */
  heights(h: Heights): void;
}

/** What the UI block gives back to the loader. */
export interface UiHandle {
  /**
   * Render (or re-render) every host, plus the launcher when `hosts` is empty. Blocks are drawn
   * one per task in page order (no long task), after the lazily loaded extras chunk when the
   * experience needs it; resolves when all are drawn. A newer call supersedes an older one.
   */
  render(exp: Experience, hosts: Host[]): Promise<void>;
  /** Unmount everything and remove the launcher host. */
  destroy(): void;
}

/** The UI module's export: `import(url).then(m => m.mount(ctx))`. */
export type Mount = (ctx: UiContext) => UiHandle;

/** One block as `GET /v1/experience/html` renders it (contract/edge.ts `RenderedBlock`). */
export interface PaintedBlock {
  placeholder: string;
  dir: "ltr" | "rtl";
  html: string;
}

/**
 * What the loader gives the paint chunk on the server-rendered script path (`data-render="server"`):
 * the blocks `GET /v1/experience/html` rendered, the experience they show, the placeholders, and
 * `takeover`, which loads the UI and hydrates the painted blocks (resolves once they are live).
 */
export interface PaintInput {
  blocks: PaintedBlock[];
  exp: Experience;
  hosts: Host[];
  ctx: Pick<UiContext, "track" | "heights">;
  takeover(): Promise<void>;
}

/** The paint chunk's export: `import(url).then(m => m.paint(input))`; resolves once every block is in. */
export type Paint = (p: PaintInput) => Promise<void>;

/**
 * Set (an expando on the placeholder element) to the product ids of the recommendation row whose
 * impression the paint chunk already tracked, so the UI that takes the row over does not count it twice.
 */
export const SEEN = "rvSeen";
