/**
 * Styles for a shadow root that a strict CSP allows: constructable stylesheets adopted by the
 * root are not subject to `style-src`, unlike `<style>` elements or `style="…"` attributes.
 * Browsers without `adoptedStyleSheets` (Safari < 16.4) get a `<style>` element instead, which
 * works wherever the shop's CSP permits inline styles.
 */
const byRoot = new WeakMap<ShadowRoot, Map<string, CSSStyleSheet | HTMLStyleElement>>();
/**
 * One constructed sheet per distinct text, adopted by every root that shows it: the UI's styles
 * are parsed once, not once per block (each parse cost ~1 ms per block on a slow phone). A shared
 * sheet is never changed in place: a root that needs other text adopts another sheet.
 */
const shared = new Map<string, CSSStyleSheet>();

/**
 * The constructed sheet for `css`, parsed on first use: the UI calls it ahead, in a task of its own,
 * for styles a block will need, so the parse is not part of that block's drawing. Throws where
 * constructable stylesheets are missing.
 */
export function sheet(css: string): CSSStyleSheet {
  let s = shared.get(css);
  if (!s) {
    s = new CSSStyleSheet();
    s.replaceSync(css);
    shared.set(css, s);
  }
  return s;
}

/** Sets (adopting on first use) the stylesheet `key` of `root` to `css`. Never throws. */
export function setSheet(root: ShadowRoot, key: string, css: string): void {
  let m = byRoot.get(root);
  if (!m) byRoot.set(root, (m = new Map()));
  const old = m.get(key);
  try {
    if (old && !("replaceSync" in old)) {
      old.textContent = css;
      return;
    }
    try {
      const s = sheet(css);
      if (s === old) return;
      const list = root.adoptedStyleSheets.slice();
      const i = old ? list.indexOf(old) : -1;
      if (i >= 0) list[i] = s;
      else list.push(s);
      root.adoptedStyleSheets = list;
      m.set(key, s);
    } catch {
      const el = document.createElement("style");
      el.textContent = css;
      root.prepend(el);
      m.set(key, el);
    }
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
    if ("replaceSync" in s) {
      const list = root.adoptedStyleSheets.slice();
      const i = list.indexOf(s);
      if (i >= 0) list.splice(i, 1);
      root.adoptedStyleSheets = list;
    } else s.remove();
  } catch {
    /* ignore */
  }
}

/**
 * Reserves `px` of height on a placeholder's host; also the single place that makes hosts
 * block-level. Shared so the UI can collapse an empty block in the same task that drew it.
 */
export function reserve(root: ShadowRoot, px: number): void {
  setSheet(root, "reserve", `:host{display:block;min-height:${Math.max(0, px || 0)}px}`);
}
