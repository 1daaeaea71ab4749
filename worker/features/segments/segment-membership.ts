import type { Env } from "../../env";
import { membershipIds } from "./membership";
import { siteStub } from "../../platform/stubs";

/**
 * Which segments a shopper is in, for anything the experience decides by segment (content slots,
 * offers, survey display rules).
 *
 * The Site object's SegmentBook is the one judge of membership (the same answer the shop sees in
 * `GET /v1/segments/{id}/customers` and in `segment.entered` / `segment.left` webhooks). The
 * profile keeps a copy of its own verdict: every time the profile files itself with the Site it
 * gets the classification back and stores it (`ProfileState.segments`), and whenever the Site
 * re-files customers on its own (new rules or thresholds, and its daily pass that moves customers
 * as time passes: at risk, lapsed, day-based rules) it pushes the changed verdicts to their
 * profiles. So the experience reads membership from the profile snapshot it already loaded: no
 * extra round trip to the shop-wide Site object per page view, and the content a shopper sees
 * agrees with `GET /v1/segments/{id}/customers` and the webhooks the shop received.
 *
 * Anonymous visitors are never filed (the index holds customers), so they are in no segment.
 */

export { membershipIds, shopperSegments, type Filed } from "./membership";

/** The same answer straight from the Site's index, for callers without a profile snapshot (one Site RPC). */
export async function customerSegments(env: Env, siteId: string, customerId: string): Promise<ReadonlySet<string>> {
  const filed = await siteStub(env, siteId).customer(customerId);
  return new Set(filed ? membershipIds(filed) : []);
}
