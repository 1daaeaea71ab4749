/**
 * Finds the shop's placeholders, gives each an open shadow root, and reserves its height
 * before the UI block arrives so nothing below it moves (CLS 0).
 *
 * Default reserved heights (px), used until a block has rendered once on this device;
 * after that the height it actually rendered is remembered (`revisit:h`) and reserved instead:
 *   greeting 48 (one or two 24px lines, centred: widget/src/ui/blocks/greeting.tsx)
 *   recommendations 304 (heading + one row of cards: the row scrolls sideways, never wraps;
 *     the arithmetic is in widget/src/ui/styles/blocks.css.ts)
 *   saved-cart, saved (products saved for later), loyalty, survey, referral, offers 0 (most first visits have none of them)
 *   content:<slot> 0 (a slot with nothing for this shopper takes no space)
 * A shop can always fix the height itself: `[data-revisit="survey"] { min-height: 220px }`
 * in its own stylesheet wins over these `:host` rules. That is the only way to be shift-free
 * when the page paints before this async script runs. A content slot's banner fills the height
 * reserved for it, so one reservation fits all its variants (widget/src/ui/styles/blocks.css.ts).
 * Once drawn, the UI owns the height (widget/src/ui/layout.ts): a skeleton fills a reservation
 * while its block loads (the host `aria-busy`), and a block that draws less gives the rest back
 * without moving the view; an empty host is marked `data-revisit-empty` for the shop's CSS.
 */
import { heightKey, type BlockKind, type Heights, type Host } from "../shared/contract";
import { reserve } from "../shared/sheet";

export { reserve };

export const KINDS: readonly BlockKind[] = ["greeting", "recommendations", "saved-cart", "saved", "loyalty", "survey", "referral", "offers"];
export const DEFAULT_HEIGHTS: Record<BlockKind, number> = {
  greeting: 48,
  recommendations: 304,
  "saved-cart": 0,
  saved: 0,
  loyalty: 0,
  survey: 0,
  referral: 0,
  offers: 0,
  content: 0,
};

/** Content slot ids as the site config names them (`content:<slot>`; SlotId in worker/features/experience/content.schemas.ts). */
const SLOT_RE = /^content:([a-z0-9][a-z0-9_-]{0,63})$/;

/**
 * The block kind and slot of a `data-revisit` value, or null for something we do not render
 * (a typo, a future block): that placeholder is left alone.
 */
export function parsePlaceholder(v: string | null): { kind: BlockKind; slot: string } | null {
  const s = (v || "").trim();
  const m = SLOT_RE.exec(s);
  if (m) return { kind: "content", slot: m[1] || "" };
  return KINDS.includes(s as BlockKind) ? { kind: s as BlockKind, slot: "" } : null;
}

/** Prepares every `[data-revisit]` placeholder currently in the document. */
export function findHosts(heights: Heights): Host[] {
  const hosts: Host[] = [];
  for (const el of Array.from(document.querySelectorAll<HTMLElement>("[data-revisit]"))) {
    const p = parsePlaceholder(el.getAttribute("data-revisit"));
    if (!p) continue;
    let root = el.shadowRoot;
    if (!root) {
      try {
        root = el.attachShadow({ mode: "open" });
      } catch {
        continue; // an element that cannot host a shadow root (e.g. <img>)
      }
      // Reserved once, when first found: on a later refresh the UI owns the height (it gives back
      // what a block no longer uses without moving the view; reserving again would grow it back).
      reserve(root, heights[heightKey(p)] ?? DEFAULT_HEIGHTS[p.kind]);
    }
    hosts.push({ ...p, el, root });
  }
  return hosts;
}
