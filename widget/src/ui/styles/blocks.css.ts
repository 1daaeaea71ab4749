/**
 * Recommendations, saved cart and content slots, plus the buttons and error line the survey and loyalty blocks
 * share (the survey's own styles are in survey.css.ts, in the survey chunk; loyalty, referral and offers are styled by extras.css.ts, in the extras chunk). Cards sit in one row that scrolls sideways
 * and never wraps, and every line box has a fixed px height, so the block's height does not
 * depend on the page width or the font: 24+8 heading, 160 image, 6+44 title, 22 price,
 * 32 reason, 8 scrollbar room = 304px, the loader's default reservation (widget/src/loader/hosts.ts).
 */
export const blocks =
  ".row{display:flex;gap:12px;overflow-x:auto;list-style:none;margin:0;padding:0 0 8px;scroll-snap-type:x mandatory}" +
  ".card{flex:0 0 160px;scroll-snap-align:start}" +
  ".card a{display:block;text-decoration:none}" +
  ".card img,.noimg{display:block;width:160px;height:160px;object-fit:cover;border-radius:var(--revisit-radius);background:#0000000d}" +
  ".ttl{display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden;line-height:22px;height:44px;margin-block-start:6px}" +
  ".pr{display:block;font-weight:600;line-height:22px}" +
  ".why{display:block;height:32px;line-height:16px;overflow:hidden;font-size:12px;opacity:.75}" +
  ".items{list-style:none;margin:0 0 .6em;padding:0}" +
  ".item{display:flex;gap:10px;align-items:center;padding-block:6px;border-block-end:1px solid #0000001a}" +
  ".item img{width:48px;height:48px;object-fit:cover;border-radius:6px}" +
  ".grow{flex:1;min-width:0}" +
  ".sum{display:flex;justify-content:space-between;align-items:center;gap:10px;flex-wrap:wrap}" +
  ".btn[aria-disabled=true]{opacity:.6;cursor:progress}" +
  ".err{color:#b00020;margin:0 0 .5em}" +
  // Content slots: a banner of bounded height whatever the variant (content.tsx). The image is a
  // fixed square (arriving, it moves nothing; a square product shot is shown whole, a wider one
  // cut around `--revisit-slot-image-position`), the text beside it at most 2+3 lines: 14+1
  // padding and border, headline 2×24, 6, message 3×22, 6, link 39, 1+14 = 200px at most; the
  // card fills the height reserved for the slot (`min-height: inherit`), so a shop reserves one
  // height for every variant: `[data-revisit="content:hero"] { min-height: 200px }`.
  ":host([data-revisit^=content]) .rv,.cslot{min-height:inherit}" +
  ".cslot{display:flex;gap:14px;align-items:center;container-type:inline-size}" +
  ".ctx{display:grid;gap:6px;justify-items:start;flex:1;min-width:0}" +
  ".cslot p{-webkit-line-clamp:3;line-height:22px}" +
  ".simg{flex:none;width:104px;height:104px;object-fit:cover;object-position:var(--revisit-slot-image-position,center);border-radius:6px;background:#0000000d}" +
  ".cslot h2{margin:0}" +
  // In a narrow slot (a phone) the square is smaller, so three lines hold a shop's message whole.
  "@container (max-width:400px){.simg{width:64px;height:64px}}" +
  // Skeletons (layout.ts): exactly the reserved height, the shape of the block to come: a card of
  // lines, the greeting's one line, the recommendations' heading and row of 160px squares.
  ".sk{display:grid;align-content:center;gap:10px;overflow:hidden;box-sizing:border-box}" +
  ".sk *{height:14px;border-radius:7px;background:#0000000f}.sk :first-child{height:18px;width:45%}" +
  ".skb{padding:14px;border:1px solid #0000001a;border-radius:var(--revisit-radius)}" +
  ".skr{align-content:start}.skr b{height:160px;background:linear-gradient(90deg,#0000000f 160px,#0000 0) 0/172px}" +
  "@media (prefers-reduced-motion:no-preference){.sk *{animation:rvsk 1.4s infinite}}@keyframes rvsk{50%{opacity:.4}}";
