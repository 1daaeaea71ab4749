import type { Env } from "../env";
import type { ProfileRef } from "../features/customers/profile-types";

/**
 * The one place Durable Object names are built. A name is the object's identity: the same name
 * always reaches the same object, so a name built by hand somewhere else with a different spelling
 * would silently split one shopper (or one shop) in two.
 *
 * - Site:    `{siteId}` (one per shop: config, keys, catalog, customer index, learning)
 * - Profile: `site:{siteId}:{kind}:{id}` (one per shopper: visitor or customer)
 * - Outbox:  `site:{siteId}:outbox` (one per shop: outgoing webhooks)
 * - Insights: `site:{siteId}:insights` (one per shop: retention counters, experiment arms)
 */
export function profileName(ref: Pick<ProfileRef, "siteId" | "kind" | "id">): string {
  return `site:${ref.siteId}:${ref.kind}:${ref.id}`;
}

/** The Site object of a shop. */
export function siteStub(env: Pick<Env, "SITE">, siteId: string) {
  return env.SITE.get(env.SITE.idFromName(siteId));
}

/** The Profile object of one shopper. */
export function profileStub(env: Pick<Env, "PROFILE">, ref: Pick<ProfileRef, "siteId" | "kind" | "id">) {
  return env.PROFILE.get(env.PROFILE.idFromName(profileName(ref)));
}

/** A customer's Profile object (the common case of {@link profileStub}). */
export function customerStub(env: Pick<Env, "PROFILE">, siteId: string, customerId: string) {
  return profileStub(env, { siteId, kind: "customer", id: customerId });
}

/** The id string of a shopper's Profile object (how the Site keys per-shopper rows such as NPS scores). */
export function profileObjectId(env: Pick<Env, "PROFILE">, ref: Pick<ProfileRef, "siteId" | "kind" | "id">): string {
  return env.PROFILE.idFromName(profileName(ref)).toString();
}

/** The webhook outbox of a shop. */
export function outboxStub(env: Pick<Env, "WEBHOOKS">, siteId: string) {
  return env.WEBHOOKS.get(env.WEBHOOKS.idFromName(`site:${siteId}:outbox`));
}

/** The insights of a shop (retention counters and experiment arms; worker/objects/insights-object.ts). */
export function insightsStub(env: Pick<Env, "INSIGHTS">, siteId: string) {
  return env.INSIGHTS.get(env.INSIGHTS.idFromName(`site:${siteId}:insights`));
}
