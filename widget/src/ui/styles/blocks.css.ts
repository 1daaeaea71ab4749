/**
 * Recommendations, saved cart, loyalty, referral and survey. Cards sit in one row that scrolls sideways
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
  ".badge{display:inline-block;padding:.1em .6em;border-radius:99px;background:var(--revisit-accent);color:#fff;font-size:.8em;margin-inline-start:.5em;vertical-align:middle}" +
  ".bar{height:8px;background:#0000001a;border-radius:99px;overflow:hidden;margin-block:.5em}" +
  ".bar>span{display:block;height:100%;background:var(--revisit-accent)}" +
  "fieldset{border:0;margin:0 0 .6em;padding:0;min-width:0}" +
  "legend{font-weight:600;margin-block-end:.4em;padding:0}" +
  ".opt{display:flex;gap:.5em;align-items:center;padding-block:.25em;cursor:pointer}" +
  ".opt input{margin:0;accent-color:var(--revisit-accent)}" +
  ".err{color:#b00020;margin:0 0 .5em}" +
  ".thanks{margin:0;font-weight:600}" +
  // loyalty and referral
  "h3{font-size:15px;line-height:22px;margin:.9em 0 .2em}" +
  ".big{font-size:1.25em}" +
  ".warn{color:#9a4a00}" +
  ".perks{display:flex;flex-wrap:wrap;gap:6px;list-style:none;margin:.5em 0;padding:0}" +
  ".perks li{border:1px solid var(--revisit-accent);border-radius:99px;padding:0 .6em;font-size:.85em}" +
  ".list{list-style:none;margin:0;padding:0}" +
  ".list li{padding-block:6px;border-block-end:1px solid #0000001a}" +
  ".stamps{display:flex;flex-wrap:wrap;gap:4px;margin-block:4px}" +
  ".stamps i{width:18px;height:18px;border-radius:50%;border:2px solid var(--revisit-accent)}" +
  ".stamps .on{background:var(--revisit-accent)}" +
  ".sm{padding:.35em .9em;font-size:.9em}" +
  ".btn[aria-disabled=true]{opacity:.6;cursor:progress}" +
  ".cp{margin-block:.5em}.cpr{display:flex;gap:6px}" +
  ".cpi{flex:1;min-width:0;font:inherit;padding:.35em .5em;border:1px solid #0005;border-radius:6px;background:transparent;color:inherit}" +
  "code{font-family:ui-monospace,monospace}" +
  ".ref{margin-block-start:.8em}.box.ref{margin:0}" +
  ".sr{position:absolute;width:1px;height:1px;margin:0;overflow:hidden;clip-path:inset(50%);white-space:nowrap}";
