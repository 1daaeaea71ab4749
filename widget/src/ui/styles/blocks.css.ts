/**
 * Recommendations, saved cart, survey and content slots (loyalty, referral and offers are styled
 * by extras.css.ts, in the extras chunk). Cards sit in one row that scrolls sideways
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
  // survey: choices, the NPS scale (native radios drawn as a row of buttons), free text, actions
  "fieldset{border:0;margin:0 0 .6em;padding:0;min-width:0}" +
  "legend{font-weight:600;margin-block-end:.4em;padding:0}" +
  ".opt{display:flex;gap:.5em;align-items:center;padding-block:.25em;cursor:pointer}" +
  ".opt input{margin:0;accent-color:var(--revisit-accent)}" +
  ".nps{display:flex;gap:3px}" +
  ".np{position:relative;flex:1 1 0;min-width:0}" +
  ".np input{position:absolute;inset:0;opacity:0;margin:0;cursor:pointer}" +
  ".np span{display:block;text-align:center;padding:.4em 0;border:1px solid #0005;border-radius:6px}" +
  ".np input:checked+span{background:var(--revisit-accent);border-color:var(--revisit-accent);color:#fff}" +
  ".np input:focus-visible+span{outline:2px solid var(--revisit-accent);outline-offset:2px}" +
  ".ends{display:flex;justify-content:space-between;margin-block-start:4px}" +
  ".ta{display:block;width:100%;font:inherit;padding:.4em .5em;border:1px solid #0005;border-radius:6px;background:transparent;color:inherit;resize:vertical;margin-block-start:.4em}" +
  ".fup{margin-block-end:.6em}" +
  ".acts{display:flex;gap:8px;flex-wrap:wrap}" +
  ".btn[aria-disabled=true]{opacity:.6;cursor:progress}" +
  ".ghost{background:transparent;color:inherit;border:1px solid #0005}" +
  ".err{color:#b00020;margin:0 0 .5em}" +
  ".thanks{margin:0;font-weight:600}" +
  // content slots: a fixed image height, so the image arriving never moves the text below it
  ".cslot{display:grid;gap:8px;justify-items:start}" +
  ".simg{display:block;width:100%;height:var(--revisit-slot-image-height,180px);object-fit:cover;border-radius:calc(var(--revisit-radius) - 4px)}" +
  ".cslot h2{margin:0}";
