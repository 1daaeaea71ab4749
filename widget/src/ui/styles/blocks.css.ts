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
  // content slots: a fixed image height, so the image arriving never moves the text below it
  ".cslot{display:grid;gap:8px;justify-items:start}" +
  ".simg{display:block;width:100%;height:var(--revisit-slot-image-height,180px);object-fit:cover;border-radius:calc(var(--revisit-radius) - 4px)}" +
  ".cslot h2{margin:0}";
