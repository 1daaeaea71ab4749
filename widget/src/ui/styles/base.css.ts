/**
 * Base styles for every block. Theming is only through the custom properties on `:host`: a shop
 * overrides them in its own CSS (`[data-revisit] { --revisit-accent: teal }`) or through
 * `settings.theme`, which the UI sets on the host with `style.setProperty` (CSP-safe).
 * Only logical properties (inline/block, start/end), so right-to-left needs no extra rules.
 */
export const base =
  ":host{--revisit-accent:#2450b2;--revisit-bg:#fff;--revisit-fg:#1b1b1f;--revisit-radius:10px;--revisit-font:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}" +
  ".rv{font:15px/1.45 var(--revisit-font);color:var(--revisit-fg);text-align:start}" +
  ".rv *{box-sizing:border-box}" +
  "h2{font-size:16px;line-height:24px;margin:0 0 8px}" +
  "a{color:inherit}" +
  ":focus-visible{outline:2px solid var(--revisit-accent);outline-offset:2px}" +
  ".box{background:var(--revisit-bg);border:1px solid #0002;border-radius:var(--revisit-radius);padding:14px}" +
  ".btn{display:inline-block;background:var(--revisit-accent);color:#fff;border:0;border-radius:var(--revisit-radius);padding:.55em 1.1em;font:inherit;font-weight:600;cursor:pointer;text-decoration:none}" +
  ".btn[disabled]{opacity:.6;cursor:default}" +
  ".muted{font-size:.85em;opacity:.75}" +
  ".m0{margin:0}.blk{display:block}" +
  ".greet{margin:0;padding:10px 0;font-size:17px;line-height:28px;font-weight:600}";
