// BENCHMARKS.md sections of the benches that run on their own (bench/cls.mjs, bench/wishlist.mjs),
// kept beside bench/report.mjs so that file does not grow past reading.

const src = (r) => `commit ${r.commit ?? 'unknown'}${r.dirty ? ' plus uncommitted changes' : ''}`;
const table = (head, rows) => [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

/** Layout shift per demo customer, page, size and CPU (bench/cls.mjs): the worst case and every case that shifted. */
export function clsSection(cls) {
  if (!cls?.rows?.length) return [];
  const L = ['', '## 7. Layout shift of the demo storefront', ''];
  L.push(
    `Measured by \`${cls.command}\`, run ${cls.date}, ${src(cls)}, in ${cls.wallSeconds} s. ${cls.method}. ${cls.rows.length} cases (customer × page × size × CPU, each a first visit and a reload); **${cls.rows.length - cls.shifting} with CLS 0**, worst ${cls.worstCls}.`,
  );
  const shifted = cls.rows.filter((r) => r.first.cls > 0 || (r.repeat?.cls ?? 0) > 0);
  if (shifted.length)
    L.push(
      '',
      table(
        ['customer', 'page', 'size', 'CPU', 'CLS first / repeat', 'what moved'],
        shifted.map((r) => [
          r.customer,
          r.page,
          r.size,
          `${r.cpu}×`,
          `${r.first.cls} / ${r.repeat?.cls ?? '–'}`,
          [...new Set([...(r.first.shifts ?? []), ...(r.repeat?.shifts ?? [])].flatMap((s) => s.moved ?? []))].join('; ').slice(0, 160) || '–',
        ]),
      ),
    );
  return L;
}

/** The wishlist fan-out at scale (bench/wishlist.mjs). */
export function wishlistSection(w) {
  if (!w?.savers) return [];
  return [
    '',
    '## 8. Wishlist fan-out',
    '',
    `Measured by \`${w.command}\`, run ${w.date}, ${src(w)}, in ${w.wallSeconds} s (load average before: ${w.loadAverageBefore?.join(' ')}). ${w.method}.`,
    '',
    table(
      ['savers of one product', 'catalog update request', 'alarm runs (batch)', 'run p50 / p99 / max', 'fan-out', 'events per second', 'events stored'],
      [
        [
          w.savers.toLocaleString('en'),
          `${w.updateRequestMs} ms`,
          `${w.alarmRuns} (${w.batch})`,
          `${w.runMsP50} / ${w.runMsP99} / ${w.runMsMax} ms`,
          `${w.fanoutSeconds} s`,
          w.eventsPerSecond.toLocaleString('en'),
          w.eventsStored.toLocaleString('en'),
        ],
      ],
    ),
  ];
}

/** Personalized in the first byte (bench/first-paint.mjs, issue 16): the script tag against edge mode, same shopper, same run. */
export function firstPaintSection(fp) {
  if (!fp?.summary) return [];
  const L = ['', '## 9. Personalized in the first byte: script tag against edge mode', ''];
  L.push(
    `Measured by \`npm run bench:first-paint\` (part of \`npm run bench\`), run ${fp.date}, ${src(fp)}. Sara (logged in) on the demo storefront's home page, ${fp.runs} loads per variant and CPU, alternating. "Personalized frame": the first animation frame whose greeting holds her name (painted right after it); "after FCP": how long after first contentful paint that frame came (0: the same frame or earlier). "our JS before it": main-thread time of Revisit's scripts before that frame, from a Chrome trace (events whose script URL is Revisit's, the loader's first task included; a lower bound for code resumed after an await). "widget.js arrived after it": positive means none of our JavaScript could have run before the personalized frame.`,
    '',
    table(
      ['CPU', 'variant', 'FCP ms', 'personalized frame ms', 'after FCP ms (median / max)', 'our JS before it ms (median / max)', 'CLS (max)', 'widget.js arrived after it (ms, min)'],
      Object.entries(fp.summary).flatMap(([cpu, v]) =>
        ['script', 'edge'].map((k) => [
          cpu,
          k === 'edge' ? 'edge mode' : 'script tag',
          v[k].fcp,
          v[k].personal,
          `${v[k].afterFcp} / ${v[k].maxAfterFcp}`,
          `${v[k].oursBeforePersonalMs} / ${v[k].maxOursBeforePersonalMs}`,
          v[k].cls,
          v[k].widgetArrivedAfterPersonal,
        ]),
      ),
    ),
    '',
    `Time to first byte on \`wrangler dev\` (${fp.ttfbRuns} sequential requests each, interleaved), ms p50 / p99: origin alone ${fp.ttfb.origin.p50} / ${fp.ttfb.origin.p99}; edge mode for Sara (the origin's page is hers: not shared) ${fp.ttfb.edgeSignedIn.p50} / ${fp.ttfb.edgeSignedIn.p99} (ratio ${fp.ttfbRatio.signedIn.p50} / ${fp.ttfbRatio.signedIn.p99}); an anonymous returning shopper, origin ${fp.ttfb.originAnonymous.p50} / ${fp.ttfb.originAnonymous.p99}, edge mode from the edge cache ${fp.ttfb.edgeAnonymousCached.p50} / ${fp.ttfb.edgeAnonymousCached.p99} (ratio ${fp.ttfbRatio.anonymousCached.p50} / ${fp.ttfbRatio.anonymousCached.p99}); GET /v1/experience alone ${fp.ttfb.experience.p50} / ${fp.ttfb.experience.p99}${fp.ttfb.edgeFile ? `; a file passed through the edge Worker untouched ${fp.ttfb.edgeFile.p50} / ${fp.ttfb.edgeFile.p99} against ${fp.ttfb.originFile.p50} / ${fp.ttfb.originFile.p99} from the origin (what \`wrangler dev\`'s proxy and the Worker's own fetch add to any request)` : ''}. Target: edge p50 ≤ 1.2 × origin p50 + the experience's p50 = ${fp.ttfbRatio.targetP50} ms.`,
    '',
    `Lighthouse (mobile, simulated throttling, ${fp.lighthouse.runs} runs each, median): edge mode ${fp.lighthouse.edge}, the page without Revisit ${fp.lighthouse.without}, delta ${fp.lighthouse.delta}.`,
  );
  return L;
}
