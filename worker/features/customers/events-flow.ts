import type { RecFact } from "../insights/event-facts";
import { insightsStub } from "../../platform/stubs";
import { bestEffort } from "../../platform/best-effort";
import { DEFAULT_ATTRIBUTION_DAYS, eventRecFacts } from "../insights/rec-attribution";
import type { ProfileState } from "./profile";
import { applyEvent, noteCategories } from "./profile-changes";
import type { ProfileHost } from "./profile-host";
import type { ProfileRef, StoredEvent } from "./profile-types";

/** Browsing alone re-files a customer in the shop's index at most this often (event-window rules). */
const BROWSE_INDEX_MS = 10 * 60_000;
/** What browsing changes that the customer index (lifecycle stages) depends on. */
const indexSignature = (p: ProfileState) => `${(p.cart?.items.length ?? 0) > 0}|${(p.eventCounts.product_view ?? 0) > 0}`;

/** What the events flow needs besides the host: the object's alarm and its trigger check. */
export interface EventEffects {
  /** Schedules the retention sweep (and time triggers) on the object's alarm. */
  arm(): Promise<void>;
  /** Re-checks time-based triggers (a cart that changed starts the abandonment clock). */
  observe(p: ProfileState): Promise<void>;
}

/**
 * Stores a batch of browser events on one shopper's profile; ids already seen are skipped, so
 * retries are harmless. Events past the retention window are refused (a late retry cannot bring
 * back what the sweep deleted). The shop's index hears about browsing only when it can change a
 * lifecycle stage, or at most every few minutes for rules that count events in windows. The
 * shop's insights count the accepted events' recommendation impressions, clicks and add-to-carts
 * after a click within `attributionDays` (insights/rec-attribution.ts), so a retry never counts twice.
 */
export async function recordEvents(
  host: ProfileHost,
  effects: EventEffects,
  ref: ProfileRef,
  events: StoredEvent[],
  categoriesOf: Record<string, string[]>,
  now: number,
  retentionDays?: number,
  attributionDays = DEFAULT_ATTRIBUTION_DAYS,
) {
  const { activity } = host;
  const p = host.load(ref, now);
  const before = indexSignature(p);
  const cartBefore = p.cart?.updatedAt;
  const windowMoved = retentionDays !== undefined && activity.setRetentionDays(retentionDays);
  const cutoff = activity.cutoff(now);
  const hadEvents = activity.nextSweepAt() !== null;
  let accepted = 0;
  const recs: RecFact[] = [];
  for (const e of [...events].sort((a, b) => a.at - b.at)) {
    if (e.at <= cutoff || !activity.store(e)) continue;
    accepted++;
    activity.count([e]);
    applyEvent(p, e, e.at);
    recs.push(...eventRecFacts(e, p.recClicks, attributionDays));
    if (e.type === "product_view") noteCategories(p, categoriesOf[e.productId] ?? []);
  }
  if (accepted > 0) {
    activity.trim();
    host.save(p);
    if (recs.length > 0) await bestEffort("recommendation insights", () => insightsStub(host.env, p.siteId).recordRecs(recs));
    // Awaited, so a 2xx means every write is done.
    const stale = now - activity.lastBrowseIndex() >= BROWSE_INDEX_MS;
    if (p.kind === "customer" && (indexSignature(p) !== before || stale)) await host.index(p);
    else if (p.kind === "customer" && p.cart?.updatedAt !== cartBefore) await effects.observe(p);
  }
  // The first raw event (or a new window) schedules the retention sweep on the object's alarm.
  if ((accepted > 0 && !hadEvents) || windowMoved) await effects.arm();
  return { accepted, duplicates: events.length - accepted };
}
