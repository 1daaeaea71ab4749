// The floor of any script path (bench/page.mjs, variant `floor`): served by the bench in place of
// widget.js on the server-rendered page, so the profiler counts it as ours. It does the least a
// script can do to show the personalized blocks and nothing else: one request for the rendered
// blocks (the customer's headers from the tag, no identify, no visitor id kept, no events), then
// each block into its placeholder's shadow root, styles as constructed stylesheets (the demo's CSP
// forbids inline styles, as a shop's may), all in one task. Less than any real script path does,
// so what it costs at 4× CPU is a lower bound for all of them. Never shipped.
(() => {
  const tag = document.currentScript;
  const api = new URL(tag.src).origin;
  const d = tag.dataset;
  const headers = { 'X-Revisit-Key': d.site, 'X-Revisit-Visitor': `floor${Math.random().toString(36).slice(2).padEnd(12, '0')}` };
  if (d.customer) Object.assign(headers, { 'X-Revisit-Customer': d.customer, 'X-Revisit-Customer-Hash': d.customerHash, 'X-Revisit-Customer-Expires': d.customerExpires });
  const go = async () => {
    const hosts = [...document.querySelectorAll('[data-revisit]')];
    const names = hosts.map((h) => h.getAttribute('data-revisit').trim());
    const q = new URLSearchParams({ blocks: names.join(), lang: document.documentElement.lang || 'en', locale: 'en', page: location.pathname });
    const res = await fetch(`${api}/v1/experience/html?${q}`, { headers, credentials: 'omit' });
    const { blocks } = await res.json();
    hosts.forEach((h, i) => {
      const b = blocks.find((x) => x.placeholder === names[i]);
      const inner = b && /^<template shadowrootmode="open">([\s\S]*)<\/template>$/.exec(b.html);
      if (!inner) return;
      const [, css = '', body] = /^(?:<style>([\s\S]*?)<\/style>)?([\s\S]*)$/.exec(inner[1]);
      const root = h.shadowRoot || h.attachShadow({ mode: 'open' });
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
      h.dir = b.dir;
      root.innerHTML = body;
    });
    dispatchEvent(new CustomEvent('revisit:ready'));
  };
  if (document.readyState === 'loading') addEventListener('DOMContentLoaded', go);
  else go();
})();
