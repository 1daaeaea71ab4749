/**
 * The lazily imported UI block: Preact components rendered into the shadow roots the loader
 * prepared, or into a launcher when the page has no placeholders. Loaded with `import()`
 * from a content-hashed URL; exports `mount` only.
 *
 * Rendering is spread over tasks so the page stays responsive (issue #7: the first render of
 * every block in one task was a 50–90 ms long task at 4× CPU): one block per task in page order
 * (the top of the page first), yielding with `scheduler.yield()` where the browser has it.
 * Heights are measured in idle time after the browser's own layout, never right after rendering
 * (reading `offsetHeight` there forced a synchronous layout of the whole page in our task). Blocks only some
 * shoppers need (loyalty, referral, offers) are in the extras chunk, imported when the
 * experience has loyalty or offers; the survey and the launcher are chunks of their own
 * (survey.ts, launcher.ts), imported when the experience shows them; Arabic and Persian messages
 * are chunks of their own too (locales/), imported for those languages only, and waited for
 * before the first block is drawn.
 */
import { hydrate, render, type ComponentType } from "preact";
import type { Experience, Locale } from "../../../contract/experience";
import { heightKey, type BlockKind, type Heights, type Host, type Mount } from "../shared/contract";
import { dropSheet, reserve, setSheet } from "../shared/sheet";
import { Content } from "./blocks/content";
import { Greeting } from "./blocks/greeting";
import "./core";
import { needsExtras, type BlockProps, type Extras } from "./blocks/props";
import { Recommendations, withSaved } from "./blocks/recommendations";
import { SavedCart } from "./blocks/saved-cart";
import { choosePageFormat, formatDate, withPageDigits } from "./format";
import { addMessages, asLocale, hasMessages, isRtl } from "./i18n";
import { giveBack, hostAccent, settled, skeleton, skeletons } from "./layout";
import { ACCENT, base } from "./styles/base.css";
import { blocks } from "./styles/blocks.css";

let css = base + blocks;
type LazyKind = "loyalty" | "referral" | "offers";
const CORE: Partial<Record<BlockKind, ComponentType<BlockProps>>> = { greeting: Greeting, recommendations: Recommendations, "saved-cart": SavedCart, content: Content };
const LAZY: Record<LazyKind, "Loyalty" | "Referral" | "Offers"> = { loyalty: "Loyalty", referral: "Referral", offers: "Offers" };
type Other = Exclude<Locale, "en">;
/**
 * Each language's messages are a chunk of their own (locales/), fetched only for that language;
 * the loader requests the page's one together with this block (so these `import()`s find it
 * loaded or on its way), and `render` waits for it: an Arabic shopper never sees English first.
 */
const MSGS: Record<Other, () => Promise<{ default: Parameters<typeof addMessages>[1] }>> = {
  ar: () => import("./locales/ar"),
  fa: () => import("./locales/fa"),
};
/** The extras chunk's messages per language, fetched in parallel with the extras chunk. */
const XMSGS: Record<Other, () => Promise<{ default: Parameters<Extras["addExtrasMessages"]>[1] }>> = {
  ar: () => import("./locales/extras-ar"),
  fa: () => import("./locales/extras-fa"),
};

/**
 * Blocks most pages never show are chunks of their own (survey.ts, launcher.ts): the loader
 * requests one together with this block when the page has a placeholder for it (the launcher:
 * no placeholder at all), and `render` imports it when the experience has something for it. The
 * survey inside the launcher's closed panel is imported after the launcher is drawn.
 */
type Parts = { survey?: typeof import("./survey"); launcher?: typeof import("./launcher"); saved?: typeof import("./saved") };
type PartName = keyof Parts;
const PARTS: { [K in PartName]-?: () => Promise<NonNullable<Parts[K]>> } = {
  survey: () => import("./survey"),
  launcher: () => import("./launcher"),
  saved: () => import("./saved").then((m) => (withSaved(m), m)),
};
const parts: Parts = {};

const loading = new Map<string, Promise<unknown>>();
/** One in-flight import per key; a failed one is forgotten, so a later render tries again. */
function once<T>(key: string, f: () => Promise<T>): Promise<T> {
  let p = loading.get(key) as Promise<T> | undefined;
  if (!p) {
    loading.set(key, (p = f()));
    p.catch(() => loading.delete(key));
  }
  return p;
}

/** Gives the rest of the page a turn: `scheduler.yield()` (keeps our priority) or a new task. */
function nextTask(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return s?.yield ? s.yield() : new Promise((r) => setTimeout(r, 0));
}

interface Mounted {
  kind: BlockKind | "launcher";
  key: string;
  root: ShadowRoot;
  node: HTMLElement;
  theme: string[];
  /** The extras chunk's stylesheet is on this root. */
  x?: boolean;
  /** The survey's height held as its reservation, so a shorter next step moves nothing (measure). */
  held?: number;
  /** Rendered at the edge (a declarative shadow root): the first draw hydrates it instead of drawing again. */
  ssr?: boolean;
}

export const mount: Mount = (ctx) => {
  const mounted = new Map<HTMLElement, Mounted>();
  let dock: HTMLElement | null = null;
  let gen = 0;
  let extras: Extras | null = null;
  /** Languages whose extras messages are registered (English always is). */
  const xLocales = new Set<Locale>(["en"]);
  // The page's accent where the site sets none (layout.ts), read once; then skeletons in the
  // reserved placeholders if the experience is still on its way (no render has started a task later).
  css = base.replace(ACCENT, hostAccent() || ACCENT) + blocks;
  const sk = (n: number) => gen || skeletons(css) || (n && setTimeout(sk, 50, n - 1)); // again until the loader has scanned
  setTimeout(sk, 0, 40);

  /**
   * Measures what the blocks rendered when the browser is idle: by then the frame that showed
   * them has laid the page out, so reading `offsetHeight` costs nothing (reading it right after
   * rendering forced a synchronous layout of the whole page inside our task).
   */
  let measuring = false;
  const measure = () => {
    if (measuring) return;
    measuring = true;
    const w = window as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number };
    const run = () => {
      measuring = false;
      const out: Heights = {};
      // Every block is read before any is changed: reading after a change forces a layout per block.
      const seen = Array.from(mounted, ([el, m]) => [el, m, m.node.firstChild ? m.node.offsetHeight : 0, el.getBoundingClientRect()] as const);
      for (const [el, m, px, box] of seen)
        if (m.kind !== "launcher" && m.node.isConnected) {
          out[m.key] = Math.max(out[m.key] || 0, px);
          // A block smaller than its reservation (an empty one, the quiz's thanks) gives the rest back.
          if (!px || box.height > px + 1) giveBack({ el, root: m.root }, (m.held = px), box);
          // A survey step is held as the reservation: the next one arrives after a round trip, too
          // late to count as the shopper's own shift, and a shorter one must not pull the page up
          // (what it no longer needs is given back as above, out of view or right after an input).
          // Exact (fractional) height: a whole-pixel hold would itself move the page by a fraction.
          else if (m.kind === "survey" && px > (m.held || 0)) reserve(m.root, (m.held = m.node.getBoundingClientRect().height));
        }
      if (Object.keys(out).length) ctx.heights(out);
    };
    if (w.requestIdleCallback) w.requestIdleCallback(run, { timeout: 3000 });
    else setTimeout(run, 500);
  };

  /** The extras chunk and, in parallel, its messages in language `l`. */
  const loadExtras = (l: Locale) =>
    once(`x${l}`, () =>
      Promise.all([once("x", () => import("./extras")), l === "en" ? null : XMSGS[l]()]).then(([m, msgs]) => {
        if (msgs) m.addExtrasMessages(l, msgs.default);
        xLocales.add(l);
        return (extras = m);
      }),
    );

  /** Styles, direction and theme on a host; returns the element Preact renders into. */
  function prepare(el: HTMLElement, root: ShadowRoot, kind: Mounted["kind"], key: string, exp: Experience): Mounted {
    let m = mounted.get(el);
    if (!m || m.node.parentNode !== root) {
      if (m) unmount(el);
      const ssr = m ? null : root.querySelector<HTMLElement>(".rv");
      let node = ssr;
      if (!node) {
        node = document.createElement("div");
        node.className = "rv";
        root.append(node);
      }
      mounted.set(el, (m = { kind, key, root, node, theme: [], ssr: !!ssr }));
    }
    // A block's own styles in a sheet of their own: the shared one is parsed once for every block.
    const own = kind === "launcher" ? (parts.launcher?.launcherCss || "") + (parts.survey?.surveyCss || "") : kind === "survey" ? parts.survey?.surveyCss : "";
    setSheet(root, "ui", css);
    if (own) setSheet(root, "own", own);
    if (extras && !m.x) {
      setSheet(root, "x", extras.extrasCss);
      m.x = true;
    }
    el.setAttribute("dir", isRtl(asLocale(exp.locale)) ? "rtl" : "ltr");
    for (const k of m.theme) el.style.removeProperty(k);
    m.theme = [];
    for (const [k, v] of Object.entries(exp.settings?.theme || {})) {
      if (/^--revisit-[\w-]+$/.test(k) && typeof v === "string") {
        el.style.setProperty(k, v);
        m.theme.push(k);
      }
    }
    return m;
  }

  function unmount(el: HTMLElement) {
    const m = mounted.get(el);
    if (!m) return;
    render(null, m.node);
    m.node.remove();
    dropSheet(m.root, "ui");
    dropSheet(m.root, "own");
    dropSheet(m.root, "x");
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

  /** Draws the launcher (pages without placeholders), its panel with the blocks this chunk has. */
  function drawDock(p: Omit<BlockProps, "slot">) {
    const L = parts.launcher!;
    if (!dock) {
      dock = document.createElement("div");
      dock.setAttribute("data-revisit-launcher", "");
      document.body.append(dock);
      dock.attachShadow({ mode: "open" });
    }
    const b = { Greeting, SavedCart, Recommendations, Survey: parts.survey?.Survey };
    render(<L.Launcher {...p} b={b} />, prepare(dock, dock.shadowRoot!, "launcher", "launcher", p.exp).node);
  }

  /** Draws one placeholder (replacing its skeleton); the space it does not use is given back after layout (`measure`). */
  function draw(h: Host, p: Omit<BlockProps, "slot">) {
    const C = h.kind in LAZY ? p.x?.[LAZY[h.kind as LazyKind]] : h.kind === "survey" ? parts.survey?.Survey : h.kind === "saved" ? parts.saved?.Saved : CORE[h.kind];
    const m = prepare(h.el, h.root, h.kind, heightKey(h), p.exp);
    settled(h);
    (m.ssr ? hydrate : render)(C ? <C {...p} slot={h.slot} /> : null, m.node);
    m.ssr = false;
  }

  return {
    async render(shown: Experience, hosts: Host[]) {
      const my = ++gen;
      const l = asLocale(shown.locale);
      // One numbering system and calendar per page (format.ts), shop-written digits included.
      choosePageFormat(shown, l);
      const exp = withPageDigits(l, shown);
      const want = needsExtras(exp);
      const xP = want && !(extras && xLocales.has(l)) ? loadExtras(l) : null;
      xP?.catch(() => undefined); // reported below
      if (l !== "en" && !hasMessages(l)) {
        try {
          addMessages(l, (await once(l, MSGS[l])).default);
        } catch (e) {
          ctx.fail({ code: "ui_load_failed", message: String(e) }); // drawn in English rather than not at all
        }
        if (my !== gen) return;
      }
      const p = { exp, l, ctx, referralHost: hosts.some((h) => h.kind === "referral"), offersHost: hosts.some((h) => h.kind === "offers"), x: want && !xP ? extras : null };
      const launch = !hosts.length && !!exp.settings?.launcher;
      // The block chunks this experience shows on these hosts and that are not loaded yet.
      const missing = new Set<PartName>();
      if (exp.survey && hosts.some((h) => h.kind === "survey")) missing.add("survey");
      if (launch) missing.add("launcher");
      if (exp.saved?.items.length && hosts.some((h) => h.kind === "saved")) missing.add("saved");
      // A row edge mode rendered has its hearts: the saved chunk comes first, so hydrating it matches.
      const ssrRow = (h: Host) => h.kind === "recommendations" && !!h.root.querySelector(".rv");
      if (exp.recommendations?.length && hosts.some(ssrRow)) missing.add("saved");
      for (const k of Array.from(missing)) if (parts[k]) missing.delete(k);
      const failed = (e: unknown) => ctx.fail({ code: "ui_load_failed", message: String(e) });
      const waits = Array.from(missing, (k) => once<unknown>(k, PARTS[k]).then((m) => void ((parts as Record<PartName, unknown>)[k] = m), failed));
      if (xP) waits.push(xP.then((m) => void (p.x = m), failed));
      // Blocks that need the extras chunk or their own wait for it (keeping their reserved space); the rest go first.
      const needsX = (h: Host) => h.kind in LAZY || (h.kind === "content" && !!exp.content?.[h.slot]?.offerId && (exp.offers?.length ?? 0) > 0);
      const waiting = (h: Host) => (xP && needsX(h)) || missing.has(h.kind as PartName) || (ssrRow(h) && missing.has("saved"));
      const later: Host[] = [];
      // Every block in a task of its own, the first one too: the loader's `draw` has just
      // prepared the placeholders in this task.
      const step = async (h: Host) => {
        await nextTask();
        if (my !== gen) return false;
        draw(h, p);
        return true;
      };
      for (const h of hosts) {
        if (waiting(h)) later.push(h), skeleton(h, css);
        else if (!(await step(h))) return;
      }
      if (waits.length) {
        if (xP) {
          // The extras blocks show dates: build the date formatter (~2 ms on a desktop, the
          // costliest `Intl` object: its locale data loads on first use) in a task of its own,
          // typically while the extras chunk is still on its way, not inside the loyalty block's render.
          await nextTask();
          if (my !== gen) return;
          formatDate(l, "2000-01-01T00:00:00Z");
        }
        await Promise.all(waits);
        for (const h of later) if (!(await step(h))) return;
      }
      if (my !== gen) return;
      const live = new Set(hosts.map((h) => h.el));
      for (const el of Array.from(mounted.keys())) if (!live.has(el) && el !== dock) unmount(el);
      measure();
      if (!launch || !parts.launcher) return removeDock();
      drawDock(p);
      // The panel is closed: the survey it may show comes after the button, then the panel is redrawn.
      if (exp.survey && !parts.survey)
        once("survey", PARTS.survey).then((m) => {
          parts.survey = m;
          if (my === gen) drawDock(p);
        }, failed);
    },
    destroy() {
      gen++;
      removeDock();
      for (const el of Array.from(mounted.keys())) unmount(el);
    },
  };
};
