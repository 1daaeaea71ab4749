import type { Env } from "../env";
import type { ProfileState } from "../domain/profile";
import { siteStub } from "./store";

/**
 * Which segments a shopper is in, for anything the experience decides by segment (content slots,
 * offers, survey display rules).
 *
 * The Site object's SegmentBook is the one judge of membership (the same answer the shop sees in
 * `GET /v1/segments/{id}/customers` and in `segment.entered` / `segment.left` webhooks). The
 * profile keeps a copy of its own verdict: every time the profile files itself with the Site it
 * gets the classification back and stores it (`ProfileState.segments`), the Site pushes changes
 * made by a config change (re-filing everyone), and the profile's alarm re-files the customer when
 * time alone moves them (at risk, lapsed). So the experience reads membership from the profile
 * snapshot it already loaded: no extra round trip to the shop-wide Site object per page view.
 *
 * Anonymous visitors are never filed (the index holds customers), so they are in no segment.
 */

/** The classification the Site returns for a customer (SegmentBook.index / SiteObject.customer). */
export interface Filed {
  stage: string;
  rfm: { group: string } | null;
  segments: string[];
}

/** Membership ids as the API names them: the lifecycle stage, `rfm-<group>`, then rule segment ids. */
export function membershipIds(c: Filed): string[] {
  return [c.stage, ...(c.rfm ? [`rfm-${c.rfm.group.replaceAll("_", "-")}`] : []), ...c.segments];
}

/** The segments a shopper is in, from the profile snapshot (no I/O). Empty for visitors. */
export function shopperSegments(p: Pick<ProfileState, "kind" | "segments">): ReadonlySet<string> {
  return new Set(p.kind === "customer" ? (p.segments ?? []) : []);
}

/** The same answer straight from the Site's index, for callers without a profile snapshot (one Site RPC). */
export async function customerSegments(env: Env, siteId: string, customerId: string): Promise<ReadonlySet<string>> {
  const filed = await siteStub(env, siteId).customer(customerId);
  return new Set(filed ? membershipIds(filed) : []);
}
