/**
 * Size budgets for the widget bundles, in bytes after gzip (level 9), checked by
 * scripts/build-widget.mjs: the build fails when any file is over its budget.
 */
export const budgets = {
  // The loader (widget.js) runs on every page of every shop. 10,000 bytes gzip is Shopify's
  // performance guideline for storefront app scripts ("keep JavaScript under 10 KB minified+gzipped"),
  // the ecosystem our shops compare us with. It must not contain Preact.
  loader: 10_000,
  // The lazily imported UI block (Preact + preact/hooks + all blocks + en/ar/fa messages + styles).
  // It loads after the page is interactive and off the critical path; Preact with hooks is ~5 KB gzip,
  // so 16,000 leaves ~11 KB for our components, three message tables and CSS, with room to grow
  // without hiding a regression (a second UI framework or a polyfill would break it).
  ui: 16_000,
};
