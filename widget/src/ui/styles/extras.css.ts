/**
 * Loyalty, referral, offers and the copy field: shipped in the extras chunk with those blocks and
 * added to a shadow root only once that chunk is loaded.
 */
export const extrasCss =
  "h3{font-size:15px;line-height:22px;margin:.9em 0 .2em}" +
  ".badge{display:inline-block;padding:.1em .6em;border-radius:99px;background:var(--revisit-accent);color:#fff;font-size:.8em;margin-inline-start:.5em;vertical-align:middle}" +
  ".bar{height:8px;background:#0000001a;border-radius:99px;overflow:hidden;margin-block:.5em}" +
  ".bar>span{display:block;height:100%;background:var(--revisit-accent)}" +
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
  ".cp{margin-block:.5em}.cpr{display:flex;gap:6px}" +
  ".cpi{flex:1;min-width:0;font:inherit;padding:.35em .5em;border:1px solid #0005;border-radius:6px;background:transparent;color:inherit}" +
  "code{font-family:ui-monospace,monospace}" +
  ".ref{margin-block-start:.8em}.box.ref{margin:0}" +
  ".offer h3{margin-block-start:0}.off{font-weight:600}.lnk{display:inline-block;margin-block-start:4px}" +
  // The hero's pointer to the offers block: a button that reads as a link, on one line (the banner's height is the shop's reservation).
  ".lnkb{background:none;border:0;padding:0;font:inherit;color:var(--revisit-accent);text-decoration:underline;cursor:pointer;max-width:100%;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}" +
  ".sr{position:absolute;width:1px;height:1px;margin:0;overflow:hidden;clip-path:inset(50%);white-space:nowrap}";
