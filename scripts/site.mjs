#!/usr/bin/env node
// `npm run site -- <command>`: manage sites on a Revisit deployment through the admin API.
//
//   npm run site -- create --name "My Shop" --origin https://shop.example [--id my-shop] [--currency EUR] [--locale ar]
//   npm run site -- rotate <siteId> [--grace 86400]
//
// Talks to REVISIT_URL (default http://localhost:8787) with REVISIT_ADMIN_TOKEN
// (default admin_test_demo, the token `npm start` uses locally).
import { parseArgs } from 'node:util';

const base = (process.env.REVISIT_URL ?? 'http://localhost:8787').replace(/\/+$/, '');
const token = process.env.REVISIT_ADMIN_TOKEN ?? 'admin_test_demo';

const usage = `usage:
  npm run site -- create --name <name> --origin <https://shop.example> [--origin …] [--id <id>] [--currency USD] [--locale en|ar|fa]
  npm run site -- rotate <siteId> [--grace <seconds>]`;

async function call(method, path, body) {
  let res;
  try {
    res = await fetch(base + path, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  } catch (err) {
    fail(`cannot reach ${base} (${err.cause?.code ?? err.message}); is Revisit running?`);
  }
  const json = await res.json().catch(() => ({}));
  if (!res.ok) fail(`${res.status} ${json.error?.code ?? ''}: ${json.error?.message ?? 'request failed'}${json.error?.details ? `\n${JSON.stringify(json.error.details, null, 2)}` : ''}`);
  return json;
}

function fail(message) {
  console.error(`error: ${message}`);
  process.exit(1);
}

const [command, ...rest] = process.argv.slice(2);
const { values, positionals } = parseArgs({
  args: rest,
  allowPositionals: true,
  options: {
    name: { type: 'string' },
    origin: { type: 'string', multiple: true },
    id: { type: 'string' },
    currency: { type: 'string' },
    locale: { type: 'string' },
    grace: { type: 'string' },
  },
});

if (command === 'create') {
  if (!values.name) fail(`--name is required\n${usage}`);
  const site = await call('POST', '/v1/admin/sites', {
    ...(values.id ? { id: values.id } : {}),
    name: values.name,
    allowedOrigins: values.origin ?? [],
    ...(values.currency ? { currency: values.currency } : {}),
    ...(values.locale ? { locale: values.locale } : {}),
  });
  console.log(`Created site ${site.siteId}. These secrets are shown once; store them now.\n`);
  for (const [k, v] of Object.entries(site)) console.log(`  ${k.padEnd(16)} ${v}`);
  console.log(`\nScript tag: <script src="${base}/widget.js" data-site="${site.publishableKey}" async></script>`);
} else if (command === 'rotate') {
  const siteId = positionals[0];
  if (!siteId) fail(`rotate needs a site id\n${usage}`);
  const keys = await call('POST', `/v1/admin/sites/${encodeURIComponent(siteId)}/keys/rotate`, values.grace ? { graceSeconds: Number(values.grace) } : {});
  console.log(`New keys for ${siteId} (old keys stop at ${keys.oldKeysExpireAt}):\n`);
  console.log(`  publishableKey   ${keys.publishableKey}\n  secretKey        ${keys.secretKey}`);
} else {
  console.log(usage);
  process.exit(command ? 1 : 0);
}
