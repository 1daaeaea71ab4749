#!/usr/bin/env node
// Cumulative layout shift of the demo storefront with the widget (issue 15): every demo customer
// (the one-click logins in demo/customers.json, plus a new visitor) on every demo page (home, a
// product page, a category page, /cart, and the home page's quiz answered to the end), on a
// desktop (1280x800) and a phone (390x844), at 1x and 4x CPU (CDP Emulation.setCPUThrottlingRate).
// Each case is a fresh browser context (a first visit: the loader knows no heights yet), then a
// reload in the same context (a repeat visit: the heights remembered on the first). CLS is the sum
// of `layout-shift` entries without recent input (PerformanceObserver, buffered), read after the
// widget's `ready` event and a settling pause. Prints a table, writes bench/results/cls.json.
//   npm run bench:cls                       starts the stack like the other benches (free ports)
//   npm run bench:cls -- --allow-dirty      measure uncommitted changes (the result says so)
//   node bench/cls.mjs --api URL --shop URL reuse a running stack (`npm start`)
//   node bench/cls.mjs --strict             exit 1 when any case shifts
//   node bench/cls.mjs --only cust-2001,home,phone   only the cases matching every listed
//                                           customer / page / size / CPU ("4x") named (a quick look)
// The commit measured is recorded; a dirty tree is refused unless --allow-dirty (numbers must say
// which code they came from). BENCH_COMMIT names the commit of a clean exported tree (no git).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROME_ARGS, CHROMIUM, logger, root, round, source, withStack, writeResult } from './lib/common.mjs';

const log = logger('cls');
const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const opt = (f) => {
  const i = args.indexOf(f);
  return i >= 0 ? args[i + 1] : undefined;
};

const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844, isMobile: true, hasTouch: true } };
const CPUS = [1, 4];
const PAGES = { home: '/', product: '/products/p-shea-balm', category: '/category/skincare', cart: '/cart', quiz: '/' };
const customers = [...JSON.parse(readFileSync(join(root, 'demo/customers.json'), 'utf8')), { id: 'new visitor' }];

/** In the page before any script: every layout shift, with what moved (for the JSON). */
const INIT = () => {
  const m = (window.__cls = { value: 0, shifts: [] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      m.value += e.value;
      const moved = e.sources.map((s) => {
        const n = s.node;
        const name = !n
          ? '?'
          : n.nodeType === 1
            ? `${n.localName}${n.getAttribute('data-revisit') ? `[data-revisit=${n.getAttribute('data-revisit')}]` : n.className ? `.${String(n.className).split(' ')[0]}` : ''}`
            : '#text';
        return `${name} y ${Math.round(s.previousRect.y)}→${Math.round(s.currentRect.y)} h ${Math.round(s.previousRect.height)}→${Math.round(s.currentRect.height)}`;
      });
      m.shifts.push({ value: e.value, at: Math.round(e.startTime), moved });
    }
  }).observe({ type: 'layout-shift', buffered: true });
};

/** Loads (or reloads) the page and waits for the widget's first render plus a settling pause. */
async function settle(page, url, cpu, reload) {
  // Bounds only catch a hang: a page at 4x CPU on a shared machine can take long to load.
  if (reload) await page.reload({ waitUntil: 'load', timeout: 120_000 });
  else await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForFunction(() => 'revisit' in window, null, { timeout: 20_000 });
  await page.evaluate(() => new Promise((r) => window.revisit.on('ready', r)));
  await page.waitForTimeout(1000 * cpu); // late blocks (extras chunk), images, remeasured heights
}

/** Answers the home page's quiz to its end (first option, Next/Submit), then lets the slots settle. */
async function answerQuiz(page, cpu) {
  const survey = page.getByTestId('revisit-survey');
  // The survey is drawn from its own chunk, maybe after `ready`: wait for it (a customer who answered it all has none).
  await survey.waitFor({ timeout: 5000 * cpu }).catch(() => {});
  if (!(await survey.count())) return 0;
  await survey.scrollIntoViewIfNeeded();
  let steps = 0;
  for (; steps < 6 && (await survey.count()); steps++) {
    const choice = survey.locator('input[type=radio], input[type=checkbox]').first();
    if (await choice.count()) await choice.check();
    else if (await survey.locator('textarea').count()) await survey.locator('textarea').fill('Lovely shop');
    await survey.getByRole('button', { name: /^(Next|Submit)$/ }).click();
    await page.waitForTimeout(800 * cpu);
  }
  await page.waitForTimeout(1500 * cpu); // the refresh, the re-render and any deferred collapse
  return steps;
}

/** `--only a,b,…`: each dimension named in the list is limited to the names given for it. */
function wanted(c, pageName, size, cpu) {
  const only = (opt('--only') ?? '').split(',').filter(Boolean);
  const keep = (value, all) => !only.some((o) => all.includes(o)) || only.includes(value);
  return (
    keep(
      c,
      customers.map((x) => x.id),
    ) &&
    keep(pageName, Object.keys(PAGES)) &&
    keep(size, Object.keys(SIZES)) &&
    keep(
      `${cpu}x`,
      CPUS.map((x) => `${x}x`),
    )
  );
}

async function measure(browser, shopUrl) {
  const rows = [];
  for (const c of customers)
    for (const [pageName, path] of Object.entries(PAGES))
      for (const [size, viewport] of Object.entries(SIZES))
        for (const cpu of CPUS) {
          if (!wanted(c.id, pageName, size, cpu)) continue;
          const ctx = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, isMobile: !!viewport.isMobile, hasTouch: !!viewport.hasTouch });
          try {
            if (c.firstName) await ctx.addCookies([{ name: 'demo_customer', value: encodeURIComponent(JSON.stringify(c)), url: shopUrl }]);
            await ctx.addInitScript(INIT);
            const page = await ctx.newPage();
            const cdp = await ctx.newCDPSession(page);
            await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
            const row = { customer: c.id, page: pageName, path, size, cpu };
            for (const visit of pageName === 'quiz' ? ['first'] : ['first', 'repeat']) {
              await settle(page, `${shopUrl}${path}?locale=en`, cpu, visit === 'repeat');
              if (pageName === 'quiz') row.quizSteps = await answerQuiz(page, cpu);
              const m = await page.evaluate(() => ({
                ...window.__cls,
                // Blank space left by the widget: height reserved (min-height) beyond what its block drew.
                blank: [...document.querySelectorAll('[data-revisit]')].reduce(
                  (s, el) => s + Math.max(0, Math.min(el.offsetHeight, Number.parseFloat(getComputedStyle(el).minHeight) || 0) - (el.shadowRoot?.querySelector('.rv')?.offsetHeight ?? 0)),
                  0,
                ),
              }));
              row[visit] = { cls: round(m.value, 4), blankPx: m.blank, shifts: m.shifts };
            }
            rows.push(row);
            log(`${c.id} ${pageName} ${size} ${cpu}x: CLS ${row.first.cls}${row.repeat ? ` / repeat ${row.repeat.cls}` : ` (quiz: ${row.quizSteps} steps, ${row.first.blankPx}px blank after)`}`);
          } finally {
            await ctx.close();
          }
        }
  return rows;
}

/** customer × page rows, size × CPU columns: "first / repeat" CLS. */
function table(rows) {
  const cols = Object.keys(SIZES).flatMap((s) => CPUS.map((c) => `${s} ${c}x`));
  const lines = [`${'customer'.padEnd(12)} ${'page'.padEnd(9)} ${cols.map((c) => c.padEnd(15)).join(' ')}`];
  for (const c of customers)
    for (const p of Object.keys(PAGES)) {
      const cells = cols.map((col) => {
        const [size, cpu] = col.split(' ');
        const r = rows.find((x) => x.customer === c.id && x.page === p && x.size === size && `${x.cpu}x` === cpu);
        return (r ? (r.repeat ? `${r.first.cls} / ${r.repeat.cls}` : `${r.first.cls} (${r.first.blankPx}px)`) : '-').padEnd(15);
      });
      lines.push(`${c.id.padEnd(12)} ${p.padEnd(9)} ${cells.join(' ')}`);
    }
  return lines.join('\n');
}

export async function run(given) {
  const code = source();
  if (code.dirty && !flag('--allow-dirty')) throw new Error('the git tree has uncommitted changes: commit them, or pass --allow-dirty (the result is then marked dirty)');
  const t0 = Date.now();
  const reuse = opt('--shop') && opt('--api') ? { shopUrl: opt('--shop'), apiUrl: opt('--api') } : given;
  const rows = await withStack(reuse, log, async (stack) => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROME_ARGS });
    try {
      return await measure(browser, stack.shopUrl);
    } finally {
      await browser.close();
    }
  });
  console.log(`\nCLS per customer and page ("first visit / repeat visit"; quiz: after answering, with the widget's blank px)\n${table(rows)}\n`);
  const worst = Math.max(...rows.flatMap((r) => [r.first.cls, r.repeat?.cls ?? 0]));
  const result = {
    command: `npm run bench:cls${args.length ? ` -- ${args.join(' ')}` : ''}`,
    method:
      'Chromium (playwright-core), a fresh context per case then a reload in it; CLS = sum of layout-shift entries without recent input (PerformanceObserver, buffered) after revisit ready + 1 s per CPU factor; CPU throttling by CDP Emulation.setCPUThrottlingRate; the quiz case answers the home page survey (first option) to the end',
    wallSeconds: round((Date.now() - t0) / 1000, 1),
    worstCls: worst,
    shifting: rows.filter((r) => r.first.cls > 0 || (r.repeat?.cls ?? 0) > 0).length,
    rows,
  };
  log(`wrote ${writeResult('cls', result)}; worst CLS ${worst}, ${result.shifting} of ${rows.length} cases shift`);
  if (flag('--strict') && worst > 0) process.exitCode = 1;
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().catch((e) => {
    console.error(`[bench:cls] ${e.message}`);
    process.exit(1);
  });
}
