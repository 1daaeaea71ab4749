import type { RefObject } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Locale } from "../../../../contract/experience";
import { t } from "../i18n";

/**
 * The recommendation row's previous / next arrows (shipped in the saved chunk with the hearts, so
 * the row itself stays in the small UI block): over the image's middle at the row's two ends,
 * placed with logical insets so they swap sides on right-to-left pages (the ‹ › glyphs mirror
 * themselves there). Each scrolls one visible page (scroll-snap lands on a card); an arrow is
 * hidden at its end, handing the focus to the other one. Touch swipe is the row's own scrolling.
 */
export const rowCss =
  ".rw{position:relative}" +
  ".arr{position:absolute;inset-block-start:60px;z-index:1;width:40px;height:40px;border-radius:50%;border:1px solid #0003;background:#fffffff2;color:#222;font:700 24px/1 system-ui,sans-serif;cursor:pointer;box-shadow:0 1px 4px #0003}" +
  ".arr[hidden]{display:none}.arr.p{inset-inline-start:-6px}.arr.n{inset-inline-end:-6px}" +
  ".arr:focus-visible{outline:3px solid var(--revisit-accent);outline-offset:2px}";

/** Whether a scrolled row is at its start and at its end (scrollLeft is negative in right-to-left rows). Pure. */
export const rowEnds = (scrollLeft: number, scrollWidth: number, clientWidth: number): [boolean, boolean] => {
  const x = Math.abs(scrollLeft);
  return [x < 4, x > scrollWidth - clientWidth - 4];
};

/** The two arrows for the row in `list`; drawn before and after it inside a positioned wrapper. */
export function RowArrows({ list, l, end }: { list: RefObject<HTMLElement>; l: Locale; end?: boolean }) {
  const [ends, setEnds] = useState<[boolean, boolean]>([true, true]);
  useEffect(() => {
    const el = list.current;
    if (!el) return;
    const where = () => setEnds(rowEnds(el.scrollLeft, el.scrollWidth, el.clientWidth));
    // First read when the row has been laid out (a ResizeObserver calls back after layout, and
    // again when the row's width changes): read here at once, it forced a layout of the page.
    const ro = new ResizeObserver(where);
    ro.observe(el);
    el.addEventListener("scroll", where, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener("scroll", where);
    };
  }, [list.current]);
  useEffect(() => {
    const a = (list.current?.getRootNode() as ShadowRoot | undefined)?.activeElement as HTMLElement | null | undefined;
    if (a?.hidden && a.classList.contains("arr")) a.parentElement?.querySelector<HTMLElement>(".arr:not([hidden])")?.focus();
  }, [ends[0], ends[1]]);
  /** Scrolls one visible page towards the end (1) or the start (-1), in either direction of writing. */
  const page = (d: number) => {
    const el = list.current;
    if (el) el.scrollBy({ left: d * el.clientWidth * (getComputedStyle(el).direction === "rtl" ? -1 : 1), behavior: "smooth" });
  };
  return end ? (
    <button type="button" class="arr n" hidden={ends[1]} aria-label={t(l, "next")} data-testid="revisit-recs-next" onClick={() => page(1)}>
      ›
    </button>
  ) : (
    <button type="button" class="arr p" hidden={ends[0]} aria-label={t(l, "prev")} data-testid="revisit-recs-prev" onClick={() => page(-1)}>
      ‹
    </button>
  );
}
