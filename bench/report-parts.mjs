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
