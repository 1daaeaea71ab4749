import { useEffect } from "preact/hooks";
import type { Recommendation, SavedProduct } from "../../../../contract/experience";
import { formatMoney } from "../format";
import { safeUrl, type BlockProps } from "./props";
import { rowCss } from "./saved-row";
import { note, shown, st, toggle, useSaved } from "./saved-store";

/**
 * The wishlist's styles: the row's arrows, the heart on recommendation cards and the "Saved for later" block. They
 * live in the saved chunk, so each root that shows a heart or the block adopts them itself.
 */
export const savedCss =
  rowCss +
  ".card{position:relative}" +
  ".hrt{position:absolute;inset-block-start:6px;inset-inline-end:6px;width:40px;height:40px;padding:0;border:0;border-radius:50%;background:#fffffff0;box-shadow:0 1px 4px #0003;display:grid;place-items:center;cursor:pointer;color:#222}" +
  ".hrt svg{width:22px;height:22px;fill:none;stroke:currentColor;stroke-width:2}" +
  ".hrt[aria-pressed=true]{color:#c8102e}.hrt[aria-pressed=true] svg{fill:currentColor}" +
  ".hrt:focus-visible{outline:3px solid var(--revisit-accent);outline-offset:2px}" +
  ".svn{position:absolute;inset-inline:4px;inset-block-start:50px;margin:0;padding:6px 8px;border-radius:8px;background:#fff;box-shadow:0 2px 8px #0004;font-size:13px;line-height:18px}" +
  ".svn.bad{color:#b00020}" +
  ".svl{list-style:none;margin:0;padding:0}" +
  ".svi{display:flex;gap:12px;align-items:center;padding-block:8px;border-block-end:1px solid #0000001a}" +
  ".svi img,.svi .noimg{width:64px;height:64px;flex:none;object-fit:cover;border-radius:8px}" +
  ".svi .grow{display:grid;gap:2px}.news{font-weight:600;color:#1b7a3a}" +
  // Remove is secondary to the product: outlined, not the accent-filled call to action.
  ".svi .btn{background:none;color:inherit;border:1px solid #0005}" +
  ".sm{padding:.35em .9em;font-size:.9em}" +
  ".sr{position:absolute;width:1px;height:1px;margin:0;overflow:hidden;clip-path:inset(50%);white-space:nowrap}";

let sheet: CSSStyleSheet | undefined;
/**
 * Adopts the wishlist styles on the shadow root `el` is drawn in (once per root). Not through
 * shared/sheet.ts: importing it here would split it into a chunk of its own for the UI too; a
 * browser without constructable sheets (Safari < 16.4) gets a `<style>` element.
 */
const styled = (el: Element | null) => {
  const root = el?.getRootNode() as ShadowRoot | undefined;
  if (!root || !("adoptedStyleSheets" in root) || root.querySelector(".svcss")) return;
  try {
    if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(savedCss);
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    const st = document.createElement("style");
    st.className = "svcss";
    st.textContent = savedCss;
    root.prepend(st);
  }
};

const HEART = "M12 20.5s-7.6-4.6-9.7-9.2C.8 8 2.9 4.2 6.6 4.2c2.2 0 3.7 1.3 5.4 3.2 1.7-1.9 3.2-3.2 5.4-3.2 3.7 0 5.8 3.8 4.3 7.1-2.1 4.6-9.7 9.2-9.7 9.2z";

/**
 * The heart on a recommended product: a real toggle button (`aria-pressed`) named after the
 * product, filled at once when pressed; a refusal empties it again with the reason in a note on
 * the card (an alert), a success is announced politely.
 */
export function Heart({ exp, l, ctx, r }: Omit<BlockProps, "x"> & { r: Recommendation }) {
  const on = useSaved(exp).some((i) => i.productId === r.productId);
  const n = note?.id === r.productId ? note : null;
  const item: SavedProduct = { ...r, inStock: true, savedAt: new Date().toISOString(), savedPrice: r.price, news: null };
  return (
    <>
      <button type="button" class="hrt" ref={styled} aria-pressed={on} aria-label={st(l, "save", { name: r.title })} data-testid="revisit-heart" onClick={() => void toggle(ctx, l, exp, item, !on)}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d={HEART} />
        </svg>
      </button>
      {n && !n.ok && (
        <p class={"svn bad"} role="alert" data-testid="revisit-heart-note">
          {n.text}
        </p>
      )}
      {n?.ok && (
        <span class="sr" role="status">
          {n.text}
        </span>
      )}
    </>
  );
}

/** "Back in stock" / "Price dropped from $30.00 to $24.00": what changed since the shopper saved it. */
const newsText = (l: BlockProps["l"], i: SavedProduct) =>
  i.news === "back_in_stock"
    ? st(l, "back")
    : i.news === "price_drop" && i.savedPrice !== null
      ? st(l, "drop", { was: formatMoney(l, i.savedPrice, i.currency), now: formatMoney(l, i.price, i.currency) })
      : "";

/**
 * `data-revisit="saved"`: the products the shopper saved for later (on any device once identified),
 * newest first, with their title in the shopper's language, price, image, what changed since
 * (back in stock, a lower price) and a Remove button. Nothing at all when nothing was ever saved
 * on this page; "Nothing saved" after the last one is removed here (no blank reserved space).
 */
export function Saved({ exp, l, ctx }: BlockProps) {
  const items = useSaved(exp);
  useEffect(() => {
    shown.blocks++;
    return () => void shown.blocks--;
  }, []);
  const n = note;
  if (!items.length && !exp.saved?.items.length && !n) return null;
  return (
    <section class="box" data-testid="revisit-saved" aria-labelledby="rv-saved" ref={styled}>
      <h2 id="rv-saved">{st(l, "title")}</h2>
      {items.length ? (
        <ul class="svl">
          {items.map((i) => {
            const img = safeUrl(i.image);
            const news = newsText(l, i);
            return (
              <li key={i.productId} class="svi" data-testid="revisit-saved-item" data-product-id={i.productId} data-news={i.news || ""}>
                {img ? <img src={img} width={64} height={64} alt="" loading="lazy" decoding="async" /> : <span class="noimg" aria-hidden="true" />}
                <span class="grow">
                  <a href={safeUrl(i.url)}>{i.title}</a>
                  <span>{formatMoney(l, i.price, i.currency)}</span>
                  {news && (
                    <span class="news" data-testid="revisit-saved-news">
                      {news}
                    </span>
                  )}
                  {!i.inStock && <span class="muted">{st(l, "out")}</span>}
                </span>
                <button class="btn sm" type="button" aria-label={st(l, "remove_name", { name: i.title })} onClick={() => void toggle(ctx, l, exp, i, false)}>
                  {st(l, "remove")}
                </button>
              </li>
            );
          })}
        </ul>
      ) : (
        <p class="muted m0">{st(l, "empty")}</p>
      )}
      <p class={n && !n.ok ? "err m0" : "sr"} role={n && !n.ok ? "alert" : "status"} data-testid="revisit-saved-note">
        {n?.text}
      </p>
    </section>
  );
}
