#!/usr/bin/env node
// `npm run replay -- <orders.csv.gz> [--url http://localhost:8787] [--site retail] [--concurrency 8] [--rate 110]`
// Sends every identified order of the Online Retail file (cancellations as refunds) through
// POST /v1/orders and POST /v1/orders/{id}/refunds of a running Revisit (`npm start`), into its
// own site with the fixed replay loyalty program, at most `--rate` requests a second (under the
// server routes' rate limit). Prints a progress bar and orders per second.
import { parseArgs } from 'node:util';
import { REPLAY_RATE, replay } from './lib/replay.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string', default: process.env.REVISIT_URL ?? 'http://localhost:8787' },
    site: { type: 'string', default: 'retail' },
    concurrency: { type: 'string', default: '8' },
    rate: { type: 'string', default: String(REPLAY_RATE) },
    'admin-token': { type: 'string', default: process.env.REVISIT_ADMIN_TOKEN ?? 'admin_test_demo' },
    quiet: { type: 'boolean', default: false },
  },
});
const file = positionals[0];

function bar(done, total) {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stdout.write(`\r  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
}

if (!(Number(values.rate) > 0)) {
  console.error(`--rate must be a number of requests a second above 0, not ${values.rate}`);
  process.exit(1);
}
if (!file) {
  console.error('usage: npm run replay -- <orders.csv.gz> [--url http://localhost:8787] [--site retail] [--concurrency 8] [--rate 110]');
  process.exit(1);
}
{
  const out = await replay({
    file,
    url: values.url.replace(/\/+$/, ''),
    site: values.site,
    concurrency: Number(values.concurrency),
    rate: Number(values.rate),
    adminToken: values['admin-token'],
    onProgress: values.quiet ? () => {} : bar,
  }).catch((err) => {
    console.error(`\nreplay failed: ${err.message}`);
    process.exit(1);
  });
  console.log(`\n  ${out.orders} orders and ${out.refunds} refunds for ${out.customers} customers in ${out.seconds.toFixed(1)} s: ${out.perSecond.toFixed(0)} orders/s`);
  console.log(`  results: ${JSON.stringify(out.results)}; unmatched cancellation lines: ${out.unmatchedCancellations}; guest lines skipped: ${out.guestLines}`);
  console.log(`  retried: ${JSON.stringify(out.retries)}`);
}
