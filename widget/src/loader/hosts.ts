/**
 * Finds the shop's placeholders, gives each an open shadow root, and reserves its height
 * before the UI block arrives so nothing below it moves (CLS 0).
 *
 * Default reserved heights (px), used until a block has rendered once on this device;
 * after that the height it actually rendered is remembered (`revisit:h`) and reserved instead:
 *   greeting 48 (one 28px line + 2×10px padding)
 *   recommendations 304 (heading + one row of cards: the row scrolls sideways, never wraps;
 *     the arithmetic is in widget/src/ui/styles/blocks.css.ts)
 *   saved-cart, loyalty, survey, referral 0 (most first visits have none of them)
 * A shop can always fix the height itself: `[data-revisit="survey"] { min-height: 220px }`
 * in its own stylesheet wins over these `:host` rules. That is the only way to be shift-free
 * when the page paints before this async script runs.
 */
import type { BlockKind, Host } from "../shared/contract";
import { setSheet } from "../shared/sheet";

export const KINDS: readonly BlockKind[] = ["greeting", "recommendations", "saved-cart", "loyalty", "survey", "referral"];
export const DEFAULT_HEIGHTS: Record<BlockKind, number> = {
  greeting: 48,
  recommendations: 304,
  "saved-cart": 0,
  loyalty: 0,
  survey: 0,
  referral: 0,
};

/** Reserves `px` on a host; also the single place that makes hosts block-level. */
export function reserve(root: ShadowRoot, px: number): void {
  setSheet(root, "reserve", `:host{display:block;min-height:${Math.max(0, Math.round(px) || 0)}px}`);
}

/** Prepares every `[data-revisit]` placeholder currently in the document. */
export function findHosts(heights: Partial<Record<BlockKind, number>>): Host[] {
  const hosts: Host[] = [];
  for (const el of Array.from(document.querySelectorAll<HTMLElement>("[data-revisit]"))) {
    const kind = el.getAttribute("data-revisit") as BlockKind;
    if (!KINDS.includes(kind)) continue;
    let root = el.shadowRoot;
    if (!root) {
      try {
        root = el.attachShadow({ mode: "open" });
      } catch {
        continue; // an element that cannot host a shadow root (e.g. <img>)
      }
    }
    reserve(root, heights[kind] ?? DEFAULT_HEIGHTS[kind]);
    hosts.push({ kind, el, root });
  }
  return hosts;
}
