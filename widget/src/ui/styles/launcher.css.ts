/**
 * The floating launcher for pages without placeholders: bottom-end corner by default
 * (bottom-start by setting), which logical insets flip for right-to-left pages.
 */
export const launcher =
  ".dock{position:fixed;inset-block-end:16px;inset-inline-end:16px;z-index:2147483000;display:flex;flex-direction:column;align-items:flex-end;gap:10px}" +
  ".dock.start{inset-inline-end:auto;inset-inline-start:16px;align-items:flex-start}" +
  ".fab{border-radius:99px;box-shadow:0 4px 14px #0003}" +
  ".panel{width:min(360px,calc(100vw - 32px));max-height:min(70vh,620px);overflow:auto;background:var(--revisit-bg);box-shadow:0 10px 40px #0004;border-radius:var(--revisit-radius);padding:16px;display:grid;grid-template-columns:minmax(0,1fr);gap:14px}" +
  ".head{display:flex;justify-content:space-between;align-items:flex-start;gap:8px}" +
  ".x{background:none;border:0;font-size:1.4em;line-height:1;cursor:pointer;color:inherit;padding:2px 6px;border-radius:6px}" +
  ".panel .card{flex-basis:130px}.panel .card img,.panel .noimg{width:130px;height:130px}";
