import { z } from "@hono/zod-openapi";
import { ApiError } from "./errors";
import { checkOutboundUrl, REFUSAL_MESSAGES, type OutboundPolicy } from "./outbound-url";

/**
 * A URL the Worker will call (webhook endpoint, code-minting webhook): refused with a 400 naming
 * the field when it points at a loopback, private, link-local or metadata address, or is plain
 * http to a public host (worker/platform/outbound-url.ts says why). A schema is static, so this
 * refinement lets the local-development spellings through; `assertOutboundUrls` refuses those
 * afterwards unless the Worker runs with `DEV_ALLOW_LOCAL_WEBHOOKS=1`.
 */
export const OutboundUrl = z
  .string()
  .url()
  .max(2048)
  .superRefine((raw, ctx) => {
    const verdict = checkOutboundUrl(raw, { allowLocalDev: true });
    if (!verdict.ok) ctx.addIssue({ code: "custom", message: REFUSAL_MESSAGES[verdict.refusal] });
  })
  .openapi({ description: "https to a public host (plain http://localhost:PORT only in local development)" });

/** The slice of a site config that names outbound URLs. */
interface OutboundFields {
  webhooks: { url: string }[];
  loyalty: { rewards: { webhookUrl: string | null }[] };
  offers: { webhookUrl: string | null }[];
}

/** Every outbound URL of a config with its field path, so a refusal names the field. */
export function outboundUrls(c: OutboundFields): { path: (string | number)[]; url: string }[] {
  return [
    ...c.webhooks.map((w, i) => ({ path: ["webhooks", i, "url"], url: w.url })),
    ...c.loyalty.rewards.flatMap((r, i) => (r.webhookUrl === null ? [] : [{ path: ["loyalty", "rewards", i, "webhookUrl"], url: r.webhookUrl }])),
    ...c.offers.flatMap((o, i) => (o.webhookUrl === null ? [] : [{ path: ["offers", i, "webhookUrl"], url: o.webhookUrl }])),
  ];
}

/**
 * The check the static schema cannot make: with the deployment's policy (dev exception on or
 * off), every outbound URL of a parsed config is allowed, else a 400 in the same shape as any
 * validation error (`details[].path` names the field).
 */
export function assertOutboundUrls(c: OutboundFields, policy: OutboundPolicy): void {
  const issues = outboundUrls(c).flatMap(({ path, url }) => {
    const verdict = checkOutboundUrl(url, policy);
    return verdict.ok ? [] : [{ path: path.map(String), message: REFUSAL_MESSAGES[verdict.refusal], code: "custom" }];
  });
  const first = issues[0];
  if (first) throw new ApiError(400, "invalid_request", `Invalid json: ${first.path.join(".")}: ${first.message}`, issues);
}
