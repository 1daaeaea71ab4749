/**
 * Styles for a shadow root that a strict CSP allows: constructable stylesheets adopted by the
 * root are not subject to `style-src`, unlike `<style>` elements or `style="…"` attributes.
 * Browsers without `adoptedStyleSheets` (Safari < 16.4) get a `<style>` element instead, which
 * works wherever the shop's CSP permits inline styles.
 */
const byRoot = new WeakMap<ShadowRoot, Map<string, CSSStyleSheet | HTMLStyleElement>>();

/** Sets (creating on first use) the stylesheet `key` of `root` to `css`. Never throws. */
export function setSheet(root: ShadowRoot, key: string, css: string): void {
  let m = byRoot.get(root);
  if (!m) byRoot.set(root, (m = new Map()));
  let s = m.get(key);
  try {
    if (!s) {
      try {
        s = new CSSStyleSheet();
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, s];
      } catch {
        s = document.createElement("style");
        root.prepend(s);
      }
      m.set(key, s);
    }
    if ("replaceSync" in s) s.replaceSync(css);
    else s.textContent = css;
  } catch {
    /* styling is best effort; content still renders */
  }
}

/** Removes the stylesheet `key` from `root`. */
export function dropSheet(root: ShadowRoot, key: string): void {
  const m = byRoot.get(root);
  const s = m?.get(key);
  if (!s) return;
  m!.delete(key);
  try {
    if ("replaceSync" in s) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((x) => x !== s);
    else s.remove();
  } catch {
    /* ignore */
  }
}

/**
 * Reserves `px` of height on a placeholder's host; also the single place that makes hosts
 * block-level. Shared so the UI can collapse an empty block in the same task that drew it.
 */
export function reserve(root: ShadowRoot, px: number): void {
  setSheet(root, "reserve", `:host{display:block;min-height:${Math.max(0, Math.round(px) || 0)}px}`);
}
