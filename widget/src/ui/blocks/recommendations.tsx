import { useEffect, useRef, useState } from "preact/hooks";
import { formatMoney } from "../format";
import { t } from "../i18n";
import { SEEN } from "../../shared/contract";
import { safeUrl, type BlockProps } from "./props";

type SavedChunk = typeof import("../saved");
/** The saved chunk (hearts) once imported: shared by every recommendations block on the page. */
let sv: SavedChunk | null = null;
/** The saved chunk is here (server rendering has it from the start; the UI sets it before hydrating an edge-rendered row). */
export const withSaved = (m: SavedChunk) => void (sv = m);

/**
 * Product cards with the reason each was picked: `reason.text`, the sentence the API writes in the
 * experience's language from worker/features/recommendations/reason-text.ts. The row scrolls
 * sideways (scroll-snap, touch swipe); once the saved chunk is loaded (requested when the row is drawn)
 * each card gets a heart (save for later) and the row previous / next arrows (saved-row.tsx).
 * Tracks what the shopper actually saw and clicked: one `rec_impression` when at least half the
 * list scrolled into view (once per list shown), and a `rec_click` with the card's position on
 * each product link, each with the reason codes, so the shop's insights count them by reason.
 */
export function Recommendations(p: BlockProps) {
  const { exp, l, ctx } = p;
  const recs = exp.recommendations || [];
  const placement = exp.placement || "home";
  const list = useRef<HTMLUListElement>(null);
  const [, setSv] = useState(sv);
  const ids = recs.map((r) => r.productId).join(",");
  // Always through the import (already loaded, or on its way, it costs nothing more): the chunk may
  // have arrived for another block (withSaved) after this row was drawn without hearts.
  useEffect(() => {
    import("../saved").then(
      (m) => setSv((sv = m)),
      (e) => ctx.fail({ code: "ui_load_failed", message: String(e) }),
    );
  }, []);
  useEffect(() => {
    const el = list.current;
    if (!el || !ids) return;
    // Marked on the placeholder, which the paint chunk (widget/src/paint) checks too: a row it
    // painted and this UI took over is counted once, by whichever saw it first.
    const seen = () => {
      const host = (el.getRootNode() as ShadowRoot).host as unknown as Record<string, string> | undefined;
      if (host?.[SEEN] === ids) return;
      if (host) host[SEEN] = ids;
      ctx.track("rec_impression", { productIds: ids.split(","), reasons: recs.map((r) => r.reason.code), placement });
    };
    if (typeof IntersectionObserver !== "function") {
      seen();
      return;
    }
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          io.disconnect();
          seen();
        }
      },
      { threshold: 0.5 },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [ids, placement]);
  if (!recs.length) return null;
  return (
    <section aria-labelledby="rv-recs">
      <h2 id="rv-recs">{t(l, placement === "product" ? "recs_product" : placement === "cart" ? "recs_cart" : "recs")}</h2>
      <div class="rw">
        {sv && <sv.RowArrows list={list} l={l} />}
        <ul class="row" ref={list}>
          {recs.map((r, position) => {
            const img = safeUrl(r.image);
            return (
              <li key={r.productId} class="card" data-testid="revisit-rec" data-product-id={r.productId} data-reason={r.reason.code}>
                <a href={safeUrl(r.url)} onClick={() => ctx.track("rec_click", { productId: r.productId, placement, position, reason: r.reason.code })}>
                  {img ? <img src={img} width={160} height={160} alt={r.title} loading="lazy" decoding="async" /> : <span class="noimg" aria-hidden="true" />}
                  <span class="ttl">{r.title}</span>
                  <span class="pr">{formatMoney(l, r.price, r.currency)}</span>
                </a>
                {r.reason.text && <span class="why">{r.reason.text}</span>}
                {sv && <sv.Heart {...p} r={r} />}
              </li>
            );
          })}
        </ul>
        {sv && <sv.RowArrows list={list} l={l} end />}
      </div>
    </section>
  );
}
