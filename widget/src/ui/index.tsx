/**
 * The lazily imported UI block: Preact components rendered into the shadow roots the loader
 * prepared, or into a launcher when the page has no placeholders. Loaded with `import()`
 * from a content-hashed URL; exports `mount` only.
 */
import { render, type ComponentType } from "preact";
import type { Experience } from "../../../worker/domain/experience-types";
import type { BlockKind, Host, Mount } from "../shared/contract";
import { dropSheet, setSheet } from "../shared/sheet";
import { Greeting } from "./blocks/greeting";
import { Launcher } from "./blocks/launcher";
import { Loyalty } from "./blocks/loyalty";
import type { BlockProps } from "./blocks/props";
import { Recommendations } from "./blocks/recommendations";
import { Referral } from "./blocks/referral";
import { SavedCart } from "./blocks/saved-cart";
import { Survey } from "./blocks/survey";
import { asLocale, isRtl } from "./i18n";
import { base } from "./styles/base.css";
import { blocks } from "./styles/blocks.css";
import { launcher } from "./styles/launcher.css";

const css = base + blocks;
const BLOCKS: Record<BlockKind, ComponentType<BlockProps>> = {
  greeting: Greeting,
  recommendations: Recommendations,
  "saved-cart": SavedCart,
  loyalty: Loyalty,
  survey: Survey,
  referral: Referral,
};

interface Mounted {
  kind: BlockKind | "launcher";
  root: ShadowRoot;
  node: HTMLElement;
  theme: string[];
}

export const mount: Mount = (ctx) => {
  const mounted = new Map<HTMLElement, Mounted>();
  let dock: HTMLElement | null = null;

  /** Styles, direction and theme on a host; returns the element Preact renders into. */
  function prepare(el: HTMLElement, root: ShadowRoot, kind: Mounted["kind"], exp: Experience): HTMLElement {
    let m = mounted.get(el);
    if (!m || m.node.parentNode !== root) {
      const node = document.createElement("div");
      node.className = "rv";
      root.append(node);
      mounted.set(el, (m = { kind, root, node, theme: [] }));
    }
    setSheet(root, "ui", kind === "launcher" ? css + launcher : css);
    el.setAttribute("dir", isRtl(asLocale(exp.locale)) ? "rtl" : "ltr");
    for (const k of m.theme) el.style.removeProperty(k);
    m.theme = [];
    for (const [k, v] of Object.entries(exp.settings?.theme || {})) {
      if (/^--revisit-[\w-]+$/.test(k) && typeof v === "string") {
        el.style.setProperty(k, v);
        m.theme.push(k);
      }
    }
    return m.node;
  }

  function unmount(el: HTMLElement) {
    const m = mounted.get(el);
    if (!m) return;
    render(null, m.node);
    m.node.remove();
    dropSheet(m.root, "ui");
    el.removeAttribute("dir");
    for (const k of m.theme) el.style.removeProperty(k);
    mounted.delete(el);
  }

  function removeDock() {
    if (!dock) return;
    unmount(dock);
    dock.remove();
    dock = null;
  }

  return {
    render(exp: Experience, hosts: Host[]) {
      const p = { exp, l: asLocale(exp.locale), ctx, referralHost: hosts.some((h) => h.kind === "referral") };
      const live = new Set<HTMLElement>();
      for (const h of hosts) {
        const C = BLOCKS[h.kind];
        render(<C {...p} />, prepare(h.el, h.root, h.kind, exp));
        live.add(h.el);
      }
      for (const el of Array.from(mounted.keys())) if (!live.has(el) && el !== dock) unmount(el);
      if (hosts.length || !exp.settings?.launcher) return removeDock();
      if (!dock) {
        dock = document.createElement("div");
        dock.setAttribute("data-revisit-launcher", "");
        document.body.append(dock);
        dock.attachShadow({ mode: "open" });
      }
      render(<Launcher {...p} />, prepare(dock, dock.shadowRoot!, "launcher", exp));
    },
    heights() {
      const out: Partial<Record<BlockKind, number>> = {};
      for (const m of mounted.values()) if (m.kind !== "launcher") out[m.kind] = Math.max(out[m.kind] || 0, m.node.offsetHeight);
      return out;
    },
    destroy() {
      removeDock();
      for (const el of Array.from(mounted.keys())) unmount(el);
    },
  };
};
