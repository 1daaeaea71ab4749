import type { Env } from "../../env";
import { insightsStub, profileObjectId } from "../../platform/stubs";
import { bestEffort } from "../../platform/best-effort";
import type { ProfileState } from "../customers/profile";
import type { ProfileRef } from "../customers/profile-types";
import { touchVisit } from "../customers/visits";
import { assignArms, type ExperimentRule } from "./assignment";

/**
 * What the shopper's Profile object does about experiments beyond the pure assignment
 * (assignment.ts): tell the shop's Insights object about visits and new arms, and carry arms
 * through identify's merge. Insights only count; the profile's own `experiments` is the truth, so
 * a failed insights call is logged and never fails the shopper's request.
 */

/** What a visit touch did that insights must hear (null: a page load inside a visit with no new arm). */
export interface VisitNews {
  /** The touch started a new visit; `previousAt` is the last activity before it (null on a first visit). */
  newVisit: boolean;
  previousAt: number | null;
  /** Experiments the profile was given an arm in just now. */
  assigned: string[];
}

/**
 * One experience request on a profile: the visit touch (customers/visits.ts) and arms in the
 * experiments the profile lacks (assignment.ts), applied to `p`. `changed` says the profile must
 * be saved now; a page load inside a visit with no new arm changes only `lastSeen` (ProfileObject.visit).
 */
export function touchProfile(p: ProfileState, now: number, idleMs: number, experiments: readonly ExperimentRule[]): { changed: boolean; news: VisitNews | null } {
  const t = touchVisit(p, now, idleMs);
  const assigned = assignArms(p, experiments, now);
  const changed = p.version === 0 || t.newVisit || t.previousVisitAt !== p.previousVisitAt || assigned.length > 0;
  p.visits = t.visits;
  p.lastSeen = t.lastSeen;
  p.previousVisitAt = t.previousVisitAt;
  return { changed, news: t.newVisit || assigned.length > 0 ? { newVisit: t.newVisit, previousAt: t.previousVisitAt, assigned } : null };
}

/**
 * Tells insights about a visit: a new visit is counted with all the shopper's arms (insights store
 * an arm once, so resending them makes good an earlier lost call); arms given inside a visit (the
 * shop listed a new experiment) are sent alone, so the visit is not counted twice. A visitor merged
 * into a customer is counted as a visit only: the customer holds the person's arms.
 */
export async function reportVisit(env: Env, ref: ProfileRef, p: ProfileState, news: VisitNews, shopper: string, now: number): Promise<void> {
  const arms = p.mergedInto === null ? p.experiments : undefined;
  const insights = insightsStub(env, ref.siteId);
  await bestEffort("insights: visit not recorded", async () => {
    if (news.newVisit) await insights.recordVisit({ at: now, previousAt: news.previousAt, identified: ref.kind === "customer" }, arms, shopper);
    else for (const id of news.assigned) if (arms?.[id]) await insights.assign(id, shopper, arms[id].arm, arms[id].at);
  });
}

/**
 * Identify's merge, on the customer's profile: the customer adopts each arm of the visitor they
 * have none in (same arm, same time), so the person keeps the experience they were getting; an
 * arm the customer already holds wins. Returns the visitor's experiment ids (for {@link mergeArmsInInsights}).
 */
export function adoptArms(target: ProfileState, from: Pick<ProfileState, "experiments">): string[] {
  const theirs = Object.entries(from.experiments ?? {});
  for (const [id, a] of theirs) if (!target.experiments?.[id]) target.experiments = { ...target.experiments, [id]: { arm: a.arm, at: a.at } };
  return theirs.map(([id]) => id);
}

/**
 * Insights follow the merge so the person is counted once, in the arm the customer kept: the
 * customer's arm is recorded first (in case its own call was lost), then the visitor's count moves
 * to the customer or is dropped. Idempotent, so it is sent again on every identify of that visitor.
 */
export async function mergeArmsInInsights(env: Env, customer: ProfileState, visitorId: string, experiments: string[], customerShopper: string): Promise<void> {
  if (experiments.length === 0) return;
  const visitorShopper = profileObjectId(env, { siteId: customer.siteId, kind: "visitor", id: visitorId });
  const insights = insightsStub(env, customer.siteId);
  await bestEffort("insights: merged arms not recorded", async () => {
    for (const id of experiments) {
      const kept = customer.experiments?.[id];
      if (kept) await insights.assign(id, customerShopper, kept.arm, kept.at);
      await insights.mergeShopper(id, visitorShopper, customerShopper);
    }
  });
}
