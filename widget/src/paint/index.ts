/**
 * The paint chunk (`w/paint.<hash>.js`, no Preact): the server-rendered script path
 * (`<script data-render="server">`, issue 16). The loader asks `GET /v1/experience/html` for the
 * page's blocks, this chunk puts each into its placeholder's shadow root, and the page shows them
 * with none of the UI's JavaScript run: the UI (Preact, the blocks' code) is imported and
 * hydrates them only when the shopper reaches for one (hover, touch, focus, a key). Until then
 * this chunk does the little the static blocks need:
 *  - a recommendation row's `rec_impression` when half of it is in view, and `rec_click` on a
 *    product link (the link itself needs no JavaScript);
 *  - a click on a button (a heart, a survey answer, redeem) is held, the UI is taken over, and the
 *    click is given again to the same element (hydration keeps the server's nodes);
 *  - in idle time, the heights the blocks drew are remembered for the next page, and space a
 *    block does not use is given back without moving the view (ui/layout.ts).
 */
import { heightKey, type Host, type Paint, SEEN } from "../shared/contract";
import { nextTask } from "../loader/page";
import { setSheet } from "../shared/sheet";
import { giveBack, hostAccent } from "../ui/layout";
import { ACCENT } from "../ui/styles/accent";
import { sharedUpTo } from "./styles";

/** The events that say the shopper is about to use a block: the UI is loaded when one comes. */
const INTENT = ["pointerover", "pointerdown", "touchstart", "focusin", "keydown"];
/** A declarative shadow root's content (what edge mode writes inside the placeholder). */
const TEMPLATE = /^<template shadowrootmode="open">([\s\S]*)<\/template>$/;

export const paint: Paint = async ({ blocks, exp, hosts, ctx, takeover }) => {
  const todo = hosts.flatMap((h) => {
    const b = blocks.find((x) => x.placeholder === heightKey(h)); // the placeholder as the loader asked for it
    if (!b || h.root.querySelector(".rv")) return [];
    const inner = TEMPLATE.exec(b.html)?.[1] || "";
    const st = /^<style>([\s\S]*?)<\/style>/.exec(inner);
    return [{ h, dir: b.dir, css: st?.[1] || "", body: st ? inner.slice(st[0].length) : inner }];
  });
  const styled = todo.filter((x) => x.css);
  const cut = sharedUpTo(styled.map((x) => x.css)); // an empty block has no styles to share
  // The page's accent where the site sets none, as the UI takes it (ui/layout.ts): nothing changes when it takes over.
  // Read only when the site's theme sets no accent (it wins over this one): reading it is a style recalculation of the page.
  const accent = exp.settings?.theme?.["--revisit-accent"] ? "" : hostAccent();
  const head = styled[0]?.css.slice(0, cut).replace(ACCENT, accent || ACCENT) || "";
  const painted: Host[] = [];
  for (const { h, dir, css, body } of todo) {
    // One block per task, the top of the page first: all of them in one was a long task at 4x CPU.
    if (painted.length) await nextTask();
    h.el.dir = dir;
    // Styles as constructed stylesheets and nodes parsed in an inert template: the shop's CSP may
    // forbid inline styles (`style-src 'self'`), which neither needs.
    if (css) setSheet(h.root, "ui", head);
    if (css.length > cut) setSheet(h.root, "pt", css.slice(cut));
    const t = document.createElement("template");
    t.innerHTML = body.replace(/(<[a-z][^<>]*?) style="/g, '$1 data-rv-style="');
    // A style attribute (the loyalty bar's width) is set through the CSSOM, which a CSP allows.
    for (const el of Array.from(t.content.querySelectorAll<HTMLElement>("[data-rv-style]"))) {
      el.style.cssText = el.dataset.rvStyle || "";
      el.removeAttribute("data-rv-style");
    }
    h.root.append(t.content);
    painted.push(h);
  }
  const recs = exp.recommendations || [];
  const placement = exp.placement || "home";
  /** Taken over: the UI tracks and answers from now on. */
  let live = false;
  let started: Promise<void> | null = null;
  let held: HTMLElement | null = null;
  const go = () => {
    started ||= takeover().then(() => {
      live = true;
      const el = held;
      held = null;
      if (el?.isConnected) el.click();
    });
    return started;
  };
  const onClick = (e: Event) => {
    const t = e.target as Element;
    if (live || !t.closest) return;
    const a = t.closest("a");
    const li = t.closest<HTMLElement>("li[data-product-id]");
    if (a && li) {
      // Counted here, and kept from the link's own handler in case the UI has just taken the row
      // over (the link still opens: only the event's way down is stopped, not its default).
      e.stopPropagation();
      ctx.track("rec_click", { productId: li.dataset.productId, placement, position: Array.prototype.indexOf.call(li.parentNode!.children, li), reason: li.dataset.reason });
    } else if (!a) {
      const b = t.closest<HTMLElement>("button,input,select,textarea,label");
      if (!b) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      held = b;
      void go();
    }
  };
  for (const h of painted) {
    for (const t of INTENT) h.el.addEventListener(t, go, { capture: true, passive: true, once: true });
    h.root.addEventListener("click", onClick, true);
    const ul = h.kind === "recommendations" && recs.length ? h.root.querySelector("ul") : null;
    if (ul && typeof IntersectionObserver === "function") {
      const io = new IntersectionObserver(
        (entries) => {
          if (live) return io.disconnect(); // the UI counts the row it took over
          if (!entries.some((e) => e.isIntersecting)) return;
          io.disconnect();
          // Counted once with the UI, which may have taken the row over already (recommendations.tsx).
          const ids = recs.map((r) => r.productId);
          const host = h.el as unknown as Record<string, string>;
          if (host[SEEN] === ids.join()) return;
          host[SEEN] = ids.join();
          ctx.track("rec_impression", { productIds: ids, reasons: recs.map((r) => r.reason.code), placement });
        },
        { threshold: 0.5 },
      );
      io.observe(ul);
    }
  }
  // The heights drawn, read when the browser is idle (the frame that showed them has laid them out).
  const measure = () => {
    if (live) return;
    const seen = painted.map((h) => [h, (h.root.querySelector(".rv") as HTMLElement | null)?.offsetHeight || 0, h.el.getBoundingClientRect()] as const);
    const out: Record<string, number> = {};
    for (const [h, px, box] of seen) {
      out[heightKey(h)] = px;
      if (!px || box.height > px + 1) giveBack(h, px, box);
    }
    ctx.heights(out);
  };
  const w = window as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number };
  if (w.requestIdleCallback) w.requestIdleCallback(measure, { timeout: 3000 });
  else setTimeout(measure, 500);
};
