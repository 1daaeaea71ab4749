/**
 * Puts rendered blocks into the shop's page as it streams (HTMLRewriter, no DOM): each
 * `data-revisit` placeholder gets its block's declarative shadow root as its first child (an
 * empty one when the block has nothing, so the widget reserves no space for it) and its `dir`;
 * the experience goes into the page just before the widget tag, so the widget draws from it
 * instead of asking again (and the visit is counted once).
 */
import type { RenderedBlock } from "../../contract/edge";
import type { Experience } from "../../contract/experience";

/** JSON that is safe inside a `<script>` element: no `</script>`, no `<!--`, no line separators. */
export const scriptJson = (v: unknown): string =>
  JSON.stringify(v)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");

/** The page with the blocks in place (each placeholder takes the next block rendered for its value). */
export function personalize(page: Response, exp: Experience, blocks: readonly RenderedBlock[]): Response {
  const queue = new Map<string, RenderedBlock[]>();
  for (const b of blocks) queue.set(b.placeholder, [...(queue.get(b.placeholder) ?? []), b]);
  let handedOver = false;
  return new HTMLRewriter()
    .on("[data-revisit]", {
      element(el) {
        const b = queue.get((el.getAttribute("data-revisit") ?? "").trim())?.shift();
        if (!b) return;
        el.setAttribute("dir", b.dir);
        if (b.html) el.prepend(b.html, { html: true });
        else {
          el.prepend('<template shadowrootmode="open"></template>', { html: true });
          el.setAttribute("data-revisit-empty", "");
        }
      },
    })
    .on("script[data-site]", {
      element(el) {
        if (handedOver) return;
        handedOver = true;
        el.before(`<script type="application/json" data-revisit-experience>${scriptJson(exp)}</script>`, { html: true });
      },
    })
    .transform(page);
}
