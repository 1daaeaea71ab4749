/**
 * Who receives a test event (`POST /v1/webhooks/test`): pure, so the rules are plain to read and
 * test. A test goes only to endpoints the site has configured (never to a URL from the request,
 * which would let the route post signed requests anywhere), whatever events they subscribe to.
 */

import type { WebhookEndpoint } from "./webhooks";

/** The endpoints to send to, or why there are none, with a field issue the console shows at `endpoint`. */
export type TestTargets = { ok: true; endpoints: string[] } | { ok: false; message: string; issues: { path: string[]; message: string; code: string }[] };

/** Every configured endpoint (no `endpoint` given), or exactly the one named; a refusal when there is nothing to send to. */
export function testTargets(configured: readonly WebhookEndpoint[], endpoint: string | undefined): TestTargets {
  const urls = [...new Set(configured.map((e) => e.url))];
  if (urls.length === 0) return refuse("This site has no webhook endpoint: add one to the site config's `webhooks` first.");
  if (endpoint === undefined) return { ok: true, endpoints: urls };
  if (!urls.includes(endpoint)) return refuse("`endpoint` is not one of this site's configured webhook endpoints.");
  return { ok: true, endpoints: [endpoint] };
}

function refuse(message: string): TestTargets {
  return { ok: false, message, issues: [{ path: ["endpoint"], message, code: "custom" }] };
}
