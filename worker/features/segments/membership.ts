import type { ProfileState } from "../customers/profile";

/**
 * Segment membership as a shopper's profile keeps it (see features/segments/segment-membership.ts for
 * where it comes from). Pure, so the experience and the widget-facing domain can read it.
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
