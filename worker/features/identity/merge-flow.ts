import { profileObjectId, siteStub } from "../../platform/stubs";
import { emptyProfile, type ProfileState } from "../customers/profile";
import { mergeInto } from "../customers/profile-changes";
import type { ProfileHost } from "../customers/profile-host";
import type { MergePayload, ProfileRef } from "../customers/profile-types";
import { mergeSurveys, npsAnswers } from "../surveys/survey-answers";
import { adoptArms, mergeArmsInInsights } from "../experiments/profile-arms";
import { mergeSaved } from "../wishlist/wishlist";
import { indexSavers } from "../wishlist/profile-wishlist";

/**
 * Identify's merge, one side per object: the visitor hands over a copy of everything
 * (`payload`), the customer folds it in (`absorb`), and only then is the visitor emptied
 * (`markMerged`). A crash in between leaves data in both, never in neither.
 */
export class MergeFlow {
  constructor(private readonly host: ProfileHost) {}

  /** A visitor's data, for merging into a customer. Read-only: the visitor is cleared only after the merge succeeded. */
  payload(ref: ProfileRef, now: number): MergePayload {
    return { state: this.host.load(ref, now), events: this.host.activity.events(), days: this.host.activity.days() };
  }

  /** Folds a visitor's payload into this customer, once per visitor version (a retried identify never double-counts visits). */
  async absorb(ref: ProfileRef, from: MergePayload, now: number): Promise<ProfileState> {
    const { host } = this;
    const p = host.load(ref, now);
    if (p.mergedFrom[from.state.id] !== from.state.version && from.state.version > 0) {
      mergeInto(p, from.state);
      mergeSurveys(p, from.state);
      // The person keeps the experiment arms they had as a visitor, unless the customer has their own.
      adoptArms(p, from.state);
      // What they saved signed out joins what they saved on other devices (features/wishlist).
      if (from.state.saved?.length) p.saved = mergeSaved(p.saved ?? [], from.state.saved);
      // The visitor's NPS scores count as this customer's from now on (once per shopper).
      if (npsAnswers(from.state).length) await siteStub(host.env, ref.siteId).moveNps(profileObjectId(host.env, { siteId: ref.siteId, kind: "visitor", id: from.state.id }), host.objectId);
      for (const e of from.events) host.activity.store(e);
      host.activity.add(from.days ?? {});
      p.mergedFrom[from.state.id] = from.state.version;
      host.activity.trim();
    }
    host.save(p);
    // Outside the once-per-version guard: a retried identify makes a lost insights call good (idempotent).
    await mergeArmsInInsights(host.env, p, from.state.id, Object.keys(from.state.experiments ?? {}), host.objectId);
    if (p.saved?.length) await indexSavers(host, p);
    await host.index(p);
    return p;
  }

  /**
   * After a merge: the anonymous profile keeps only its visit count, a pointer to the customer and
   * its experiment arms (the same person browsing signed out keeps the experience they had).
   */
  markMerged(ref: ProfileRef, customerId: string, now: number): void {
    const old = this.host.load(ref, now);
    const p = emptyProfile(ref.kind, ref.siteId, ref.id, old.createdAt);
    Object.assign(p, { visits: old.visits, handedOverVisits: old.visits, lastSeen: old.lastSeen, previousVisitAt: old.previousVisitAt, mergedInto: customerId, version: old.version });
    if (old.experiments) p.experiments = old.experiments;
    this.host.activity.clear();
    this.host.save(p);
  }
}
