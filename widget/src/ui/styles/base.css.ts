/**
 * Base styles for every block. Theming is only through the custom properties on `:host`: a shop
 * overrides them in its own CSS (`[data-revisit] { --revisit-accent: teal }`) or through
 * `settings.theme`, which the UI sets on the host with `style.setProperty` (CSP-safe). With
 * neither, the blocks take the host page's font and its accent (ui/index.tsx puts the page's
 * accent, read by ui/layout.ts, in place of `ACCENT` below when it mounts).
 * Only logical properties (inline/block, start/end), so right-to-left needs no extra rules.
 */
import { ACCENT } from "./accent";

export { ACCENT };
export const base =
  `:host{--revisit-accent:${ACCENT};--revisit-bg:#fff;--revisit-fg:#1b1b1f;--revisit-radius:10px}` +
  // The host page's font: `--revisit-font` unset makes `font-family` invalid at computed-value
  // time, i.e. `unset`, i.e. inherited from the placeholder (through the shadow boundary).
  ".rv{font-size:15px;line-height:1.45;font-family:var(--revisit-font);color:var(--revisit-fg);text-align:start}" +
  ".rv *{box-sizing:border-box}" +
  "h2{font-size:16px;line-height:24px;margin:0 0 8px}" +
  "a{color:inherit}" +
  ":focus-visible{outline:2px solid var(--revisit-accent);outline-offset:2px}" +
  ".box{background:var(--revisit-bg);border:1px solid #0002;border-radius:var(--revisit-radius);padding:14px}" +
  ".btn{display:inline-block;background:var(--revisit-accent);color:#fff;border:0;border-radius:var(--revisit-radius);padding:.55em 1.1em;font:inherit;font-weight:600;cursor:pointer;text-decoration:none}" +
  ".btn[disabled]{opacity:.6;cursor:default}" +
  ".muted{font-size:.85em;opacity:.75}" +
  ".m0{margin:0}.blk{display:block}" +
  ".greet{margin:0;height:48px;display:flex;align-items:center;font-size:17px;font-weight:600}" +
  ".greet span,.cslot h2,.cslot p{display:-webkit-box;-webkit-box-orient:vertical;overflow:hidden;-webkit-line-clamp:2;line-height:24px}";
