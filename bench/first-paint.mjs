#!/usr/bin/env node
// Part 6 (issue 16), personalized in the first byte: the same shopper (Sara, logged in) on the
// demo storefront through the script tag and through edge mode (npm start's third port), in one run.
//  - Chromium at 1x and 4x CPU, alternating the variants: first contentful paint, the first frame
//    whose greeting holds the personal text (a requestAnimationFrame watch: that frame is painted
//    next), how far after FCP it comes, whether widget.js had even arrived by then (edge mode: none
//    of our JS can have run before), CLS.
//  - Time to first byte on wrangler dev, edge mode against the origin alone, p50 and p99 and their
//    ratio, next to GET /v1/experience's own time in the same run (the part edge mode waits for).
//  - Lighthouse (mobile, simulated throttling): edge mode against the page without Revisit.
import { chromium } from 'playwright-core';
import { CHROME_ARGS, CHROMIUM, logger, median, percentile, round, withStack, writeResult } from './lib/common.mjs';

const log = logger('first-paint');
const RUNS = Number(process.env.BENCH_FP_RUNS) || 5;
const TTFB_RUNS = Number(process.env.BENCH_TTFB_RUNS) || 100;
const LH_RUNS = Number(process.env.BENCH_LH_RUNS) || 3;
const THROTTLES = [1, 4];
const CUSTOMER = { id: 'cust-1001', firstName: 'Sara', email: 'sara@example.com' };
const cookieValue = encodeURIComponent(JSON.stringify(CUSTOMER));

/** In the page before any script: FCP, CLS, and every frame until the greeting holds Sara's text. */
const INIT = () => {
  const m = (window.__fp = { fcp: null, cls: 0, personal: null });
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') m.fcp = e.startTime;
  }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) if (!e.hadRecentInput) m.cls += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
  const watch = (ts) => {
    const text = document.querySelector('[data-revisit="greeting"]')?.shadowRoot?.querySelector('[data-testid="revisit-greeting"]')?.textContent ?? '';
    if (text.includes('Sara')) m.personal = ts;
    else requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
};

/**
 * Main-thread time of our scripts (trace events whose script URL is Revisit's, outermost intervals:
 * a lower bound, the loader's own first task included) that ran before the personalized frame.
 */
function oursBefore(traceJson, apiOrigin, beforeMs) {
  const events = JSON.parse(traceJson.toString('utf8')).traceEvents;
  const nav = events.find((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame)?.ts ?? 0;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.tid === e.tid && x.name === 'EvaluateScript'));
  if (!main) return null;
  const urlOf = (e) => e.args?.data?.url || e.args?.data?.scriptName || e.args?.fileName || e.args?.data?.stackTrace?.[0]?.url || '';
  const until = nav + beforeMs * 1000;
  const ours = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.ts >= nav && urlOf(e).startsWith(apiOrigin)).sort((a, b) => a.ts - b.ts);
  let us = 0;
  let end = -1;
  for (const e of ours) {
    const s = Math.max(e.ts, end);
    const f = Math.min(e.ts + (e.dur ?? 0), until);
    if (f > s) us += f - s;
    end = Math.max(end, e.ts + (e.dur ?? 0));
  }
  return round(us / 1000, 2);
}

async function browserRuns(urls, apiOrigin) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROME_ARGS });
  const rows = [];
  try {
    for (const throttle of THROTTLES)
      for (let i = 0; i < RUNS * 2; i++) {
        const variant = i % 2 === 0 ? 'script' : 'edge'; // alternate, so drift hits both alike
        const url = urls[variant];
        const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        await ctx.addCookies([{ name: 'demo_customer', value: cookieValue, url }]);
        await ctx.addInitScript(INIT);
        const page = await ctx.newPage();
        await (await ctx.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: throttle });
        await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'v8', 'blink.user_timing', 'loading'] });
        await page.goto(`${url}/`, { waitUntil: 'load' });
        await page.waitForFunction(() => window.__fp.personal !== null, null, { timeout: 30_000 });
        await page.waitForTimeout(1000); // late shifts
        const trace = await browser.stopTracing();
        const m = await page.evaluate(() => {
          const w = performance.getEntriesByType('resource').find((r) => /\/widget\.js(\?|$)/.test(r.name));
          const nav = performance.getEntriesByType('navigation')[0];
          return { ...window.__fp, widgetArrived: w ? w.responseEnd : null, ttfb: nav.responseStart };
        });
        rows.push({
          throttle,
          variant,
          fcp: m.fcp,
          personal: m.personal,
          afterFcp: Math.max(0, m.personal - m.fcp),
          cls: m.cls,
          ttfb: m.ttfb,
          widgetArrivedAfterPersonal: m.widgetArrived == null ? null : m.widgetArrived - m.personal,
          oursBeforePersonalMs: oursBefore(trace, apiOrigin, m.personal),
        });
        await ctx.close();
      }
  } finally {
    await browser.close();
  }
  return rows;
}

/** Sequential GETs, interleaved over `targets` (name → [url, headers]): time to the response's headers, in ms. */
async function ttfb(targets, runs) {
  const out = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
  for (let i = 0; i < runs; i++)
    for (const [k, [url, headers]] of Object.entries(targets)) {
      const t0 = performance.now();
      const res = await fetch(url, { headers });
      out[k].push(performance.now() - t0);
      await res.arrayBuffer();
    }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, { p50: round(percentile(v, 50), 1), p99: round(percentile(v, 99), 1), n: v.length }]));
}

async function lighthouseRuns(urls) {
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  const scores = { edge: [], without: [] };
  for (let i = 0; i < LH_RUNS * 2; i++) {
    const which = i % 2 === 0 ? 'edge' : 'without';
    const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROME_ARGS });
    try {
      const r = await lighthouse(
        `${which === 'edge' ? urls.edge : urls.script}/`,
        { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] },
        {
          extends: 'lighthouse:default',
          settings: { extraHeaders: { Cookie: `demo_customer=${cookieValue}` }, blockedUrlPatterns: which === 'edge' ? [] : ['*/widget.js*', '*/w/ui.*'], onlyCategories: ['performance'] },
        },
      );
      scores[which].push(Math.round((r.lhr.categories.performance.score ?? 0) * 100));
    } finally {
      await chrome.kill();
    }
    log(`lighthouse ${i + 1}/${LH_RUNS * 2} (${which}): ${scores[which].at(-1)}`);
  }
  return { runs: LH_RUNS, edge: median(scores.edge), without: median(scores.without), scores, delta: median(scores.without) - median(scores.edge) };
}

export async function run(given) {
  return withStack(given, log, async (stack) => {
    const urls = { script: stack.shopUrl, edge: stack.edgeUrl };
    const rows = await browserRuns(urls, new URL(stack.apiUrl).origin);
    log('browser runs done');
    const sara = { Cookie: `demo_customer=${cookieValue}` };
    const returning = { Cookie: 'revisit_vid=bench0first0paint0visitor0' };
    const experience = { 'X-Revisit-Key': 'pk_test_demo', 'X-Revisit-Visitor': 'bench0first0paint0visitor0', Origin: stack.edgeUrl };
    const t = await ttfb(
      {
        origin: [`${stack.shopUrl}/`, sara],
        edgeSignedIn: [`${stack.edgeUrl}/`, sara],
        originAnonymous: [`${stack.shopUrl}/`, {}],
        edgeAnonymousCached: [`${stack.edgeUrl}/`, returning],
        experience: [`${stack.apiUrl}/v1/experience?page=%2F`, experience],
        // What any request through the edge Worker costs on wrangler dev (a file passed through untouched).
        originFile: [`${stack.shopUrl}/favicon.svg`, {}],
        edgeFile: [`${stack.edgeUrl}/favicon.svg`, {}],
      },
      TTFB_RUNS,
    );
    log('ttfb done');
    const lh = await lighthouseRuns(urls);
    const by = (variant, throttle, k) => rows.filter((r) => r.variant === variant && r.throttle === throttle).map((r) => r[k]);
    const summary = Object.fromEntries(
      THROTTLES.map((x) => [
        `${x}x`,
        Object.fromEntries(
          ['script', 'edge'].map((v) => [
            v,
            {
              fcp: round(median(by(v, x, 'fcp')), 0),
              personal: round(median(by(v, x, 'personal')), 0),
              afterFcp: round(median(by(v, x, 'afterFcp')), 0),
              maxAfterFcp: round(Math.max(...by(v, x, 'afterFcp')), 0),
              cls: round(Math.max(...by(v, x, 'cls')), 4),
              widgetArrivedAfterPersonal: round(Math.min(...by(v, x, 'widgetArrivedAfterPersonal').filter((n) => n != null)), 0),
              oursBeforePersonalMs: round(median(by(v, x, 'oursBeforePersonalMs')), 1),
              maxOursBeforePersonalMs: round(Math.max(...by(v, x, 'oursBeforePersonalMs')), 1),
            },
          ]),
        ),
      ]),
    );
    const ratio = (a, b) => round(a / b, 2);
    const result = {
      runs: RUNS,
      ttfbRuns: TTFB_RUNS,
      summary,
      ttfb: t,
      ttfbRatio: {
        signedIn: { p50: ratio(t.edgeSignedIn.p50, t.origin.p50), p99: ratio(t.edgeSignedIn.p99, t.origin.p99) },
        anonymousCached: { p50: ratio(t.edgeAnonymousCached.p50, t.originAnonymous.p50), p99: ratio(t.edgeAnonymousCached.p99, t.originAnonymous.p99) },
        // The target: edge p50 ≤ 1.2 × origin p50 + the experience's own p50.
        targetP50: round(1.2 * t.origin.p50 + t.experience.p50, 1),
      },
      lighthouse: lh,
      rows,
    };
    writeResult('first-paint', result);
    for (const x of THROTTLES) log(`${x}x: script ${JSON.stringify(summary[`${x}x`].script)}; edge ${JSON.stringify(summary[`${x}x`].edge)}`);
    log(`ttfb ${JSON.stringify(t)}; lighthouse ${JSON.stringify(lh)}`);
    return result;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
