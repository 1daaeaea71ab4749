import { siteStub } from "../../platform/stubs";
import { dayOf, MAX_WINDOW_DAYS } from "../segments/event-windows";
import { membershipIds } from "../segments/segment-membership";
import { customerIndexEntry } from "./index-entry";
import type { ProfileState } from "./profile";
import type { ProfileHost } from "./profile-host";

/**
 * Files a customer in the shop's index (listing, lifecycle, RFM, segments) and returns the
 * segments the Site says they are in now. The caller keeps that verdict on the stored profile.
 */
export async function fileCustomer(host: Pick<ProfileHost, "env" | "activity">, p: ProfileState, now: number): Promise<string[]> {
  const entry = customerIndexEntry(p, host.activity.days(dayOf(now) - MAX_WINDOW_DAYS + 1));
  host.activity.noteBrowseIndex(now);
  return membershipIds(await siteStub(host.env, p.siteId).indexCustomer(entry));
}

/** Everything held about one shopper (GDPR access): state, every stored event, orders, ledger, refunds, rewards and offers. */
export function profileExport<O>(host: Pick<ProfileHost, "activity" | "book">, profile: ProfileState, offers: O[]) {
  const { activity, book } = host;
  return {
    profile,
    events: activity.events(),
    eventDays: activity.days(),
    orders: book.allOrders(),
    ledger: book.entries(),
    refunds: book.refunds(),
    redemptions: book.redemptions(),
    offers,
  };
}
