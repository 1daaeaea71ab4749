/**
 * How the blocks sit in the shop's page (issue 15): the look they take from it, the skeleton a
 * reserved placeholder shows while its block loads, and giving back space a block no longer needs
 * without moving what the shopper is looking at (CLS 0).
 */
import type { Host } from "../shared/contract";
import { reserve, setSheet } from "../shared/sheet";

/**
 * The page's own accent, for shops whose site config sets none: a `--revisit-accent` the page
 * declares for everything (`:root { --revisit-accent: … }`), else its `accent-color` (what it
 * chose for its own checkboxes and radios), else the colour of its links when they have one of
 * their own (not the body text's, not the browser's default blue). Read once, when the UI mounts:
 * the page's stylesheets are in by then, and reading computed styles per block would cost a
 * style recalculation each. A site theme (`settings.theme`, set on the host) and a shop's
 * `[data-revisit] { --revisit-accent: … }` still win: this only replaces the `:host` default.
 */
export function hostAccent(): string {
  try {
    const b = getComputedStyle(document.body);
    const own = b.getPropertyValue("--revisit-accent").trim() || (b.accentColor !== "auto" && b.accentColor);
    if (own) return own;
    for (const a of Array.from(document.links).slice(0, 30)) {
      const c = getComputedStyle(a).color;
      if (c !== b.color && c !== "rgb(0, 0, 238)") return c;
    }
  } catch {
    /* no body yet, or an old browser: the default accent */
  }
  return "";
}

/** The time of the shopper's last click, tap or key: a shift within 500 ms of one is theirs, not CLS. */
let lastInput = -1e4;
for (const t of ["pointerdown", "keydown"]) addEventListener(t, () => (lastInput = performance.now()), { capture: true, passive: true });

const waiting = new WeakMap<Element, IntersectionObserver>();

/**
 * Gives back the part of a placeholder's reserved height its block no longer draws (all of it
 * when the block is empty; an empty host is also marked `data-revisit-empty`, so a shop can drop
 * its grid gap: `[data-revisit-empty] { display: none }`). Done at once when the host is out of
 * view (above it, the browser's scroll anchoring keeps the view still; below it, nothing visible
 * moves) or right after the shopper's own click or key (the answer that ended a quiz); otherwise
 * when the shopper scrolls it out of view, so nothing they are looking at moves. `at` is the
 * host's box when the caller read it with others before changing any (one layout for all, not
 * one forced per block).
 */
export function giveBack(h: Pick<Host, "el" | "root">, px: number, at?: DOMRect) {
  const apply = (r = h.el.getBoundingClientRect()) => {
    // Above the view, the page is scrolled up by what it loses, unless the browser's scroll
    // anchoring already did (Chromium keeps no anchor when the scroll came just before the change).
    const y = scrollY;
    reserve(h.root, px);
    h.el.toggleAttribute("data-revisit-empty", !px);
    if (r.bottom < 1 && scrollY === y) scrollBy(0, h.el.getBoundingClientRect().height - r.height);
  };
  waiting.get(h.el)?.disconnect();
  const r = at || h.el.getBoundingClientRect();
  if (r.bottom < 1 || r.top > innerHeight - 1 || performance.now() - lastInput < 400) return apply(r);
  const io = new IntersectionObserver(([e]) => {
    if (e && !e.isIntersecting) {
      io.disconnect();
      apply();
    }
  });
  waiting.set(h.el, io);
  io.observe(h.el);
}

/** Skeleton shape per block (blocks.css.ts): the greeting's line, the recommendations' row, a card of lines for the rest. */
const SHAPES: Record<string, string> = { greeting: "gi", recommendations: "ribi" };

/** Hosts whose skeleton waits for the browser's next layout (`skeleton`), until it is drawn or the block is. */
const sizing = new WeakMap<Element, ResizeObserver>();

/**
 * Shows the shape of the block a reserved placeholder is waiting for (the UI is here, the
 * experience or the block's chunk is not yet): exactly the reserved height, so it moves nothing;
 * hidden from screen readers, the host `aria-busy` until the block is drawn (`settled`). Drawn
 * from a ResizeObserver, which calls back after the browser's own layout of the frame with the
 * host's size: reading `offsetHeight` here forced a layout of the whole page inside our task
 * (10–15 ms on a desktop, 20–40 ms at 4× CPU in `npm run bench:page`).
 */
export function skeleton(h: Pick<Host, "el" | "root">, css: string) {
  if (sizing.has(h.el)) return;
  const ro = new ResizeObserver(([e]) => {
    settled(h);
    // The size the observer reports, not `offsetHeight`: an earlier skeleton in the same callback round has changed the page.
    const px = Math.round(e!.contentRect.height);
    if (!px || h.root.querySelector(".rv")) return;
    const [k, ...parts] = SHAPES[h.el.getAttribute("data-revisit") || ""] || "biiii";
    setSheet(h.root, "ui", css);
    const d = document.createElement("div");
    d.className = `sk sk${k}`;
    d.setAttribute("aria-hidden", "true");
    d.style.height = `${px}px`;
    for (const p of parts) d.append(document.createElement(p));
    h.root.append(d);
    h.el.setAttribute("aria-busy", "true");
  });
  sizing.set(h.el, ro);
  ro.observe(h.el);
}

/** The block is drawn: its skeleton goes (or never comes), in the same task, and the host is no longer busy. */
export function settled(h: Pick<Host, "el" | "root">) {
  sizing.get(h.el)?.disconnect();
  sizing.delete(h.el);
  h.root.querySelector(".sk")?.remove();
  h.el.removeAttribute("aria-busy");
}

/**
 * Skeletons in every placeholder the loader prepared (found by their shadow roots), when the UI
 * arrives before the experience; false while the loader has prepared none yet (it scans the
 * page in a task of its own, which may come after the UI).
 */
export function skeletons(css: string): boolean {
  let found = false;
  for (const el of Array.from(document.querySelectorAll<HTMLElement>("[data-revisit]")))
    if (el.shadowRoot) {
      found = true;
      skeleton({ el, root: el.shadowRoot }, css);
    }
  return found;
}
