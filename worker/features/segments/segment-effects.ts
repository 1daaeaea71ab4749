import type { Env } from "../../env";
import { customerStub } from "../../platform/stubs";
import { emitWebhook } from "../webhooks/webhooks.service";
import type { SiteRecord } from "../site/site-record";
import { segmentEvents, type CustomerIndexEntry } from "./customer-index";
import { membershipIds } from "./segment-membership";
import type { Classified } from "./site-segments";

/**
 * The effects of a customer's segment membership changing, sent by the SiteObject (kept out of
 * the object so it stays a thin shell): `segment.*` webhooks, and the profile hearing its segments.
 */

/** `segment.entered` / `segment.left` webhooks for one customer's membership change (none while the site has no webhooks). */
export async function announceSegments(env: Env, r: SiteRecord | null, entry: CustomerIndexEntry, c: Classified): Promise<void> {
  if (!r || r.config.webhooks.length === 0) return;
  for (const e of segmentEvents(entry, c, Date.now())) await emitWebhook(env, r.id, e.type, e.data, e.key, { webhooks: r.config.webhooks });
}

/**
 * A customer re-filed by a config change or the daily pass: webhooks if their segments changed,
 * then their profile hears its membership (best effort: the next change files it again).
 */
export async function segmentsRefiled(env: Env, r: SiteRecord | null, entry: CustomerIndexEntry, c: Classified): Promise<void> {
  if (c.entered.length || c.left.length) await announceSegments(env, r, entry, c);
  const siteId = r?.id;
  if (!siteId) return;
  try {
    await customerStub(env, siteId, entry.customerId).noteSegments({ siteId, kind: "customer", id: entry.customerId }, membershipIds(c), Date.now());
  } catch (err) {
    console.error("segment push:", err instanceof Error ? err.message : err);
  }
}
