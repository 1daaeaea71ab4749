#!/usr/bin/env node
// `npm start`: Revisit on http://localhost:8787 (local persistent storage in .wrangler/state) with
// the demo shop seeded, the demo storefront on http://localhost:8788, and the same storefront through
// edge mode on http://localhost:8789. Ctrl-C stops them all.
import { startStack } from './lib/stack.mjs';
import { DEMO } from './lib/demo-shop.mjs';

const apiPort = Number(process.env.REVISIT_PORT ?? 8787);
const shopPort = Number(process.env.DEMO_SHOP_PORT ?? 8788);
const edgePort = Number(process.env.DEMO_EDGE_PORT ?? 8789);

console.log('Starting Revisit (building the widget and console, starting wrangler dev, seeding the demo shop)…');
const stack = await startStack({ apiPort, shopPort, edgePort, onLog: (line) => console.log(`  ${line}`) }).catch((err) => {
  console.error(`\nRevisit did not start: ${err.message}`);
  process.exit(1);
});

console.log(`
  Revisit API        ${stack.apiUrl}        (docs: ${stack.apiUrl}/docs)
  Console: ${stack.apiUrl}/admin   (sign in with the secret key below)
  Demo storefront    ${stack.shopUrl}        (the widget script fills the blocks)
  ... in edge mode   ${stack.edgeUrl}        (the same shop, blocks in the first byte: worker/edge)

  site id            ${DEMO.siteId}
  publishable key    ${DEMO.publishableKey}
  secret key         ${DEMO.secretKey}
  admin token        ${DEMO.adminToken}
  identity secret    ${DEMO.identitySecret}
  Shopify secret     ${DEMO.shopifySecret}
  webhook secret     ${DEMO.webhookSecret}

  Open the storefront, browse, then come back after 30 idle minutes (or log in) to be greeted.
  Ctrl-C stops everything.
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await stack.stop();
    process.exit(0);
  });
}
