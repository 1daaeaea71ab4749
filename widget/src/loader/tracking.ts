/**
 * Events: `revisit.track()` into the queue (or memory until the session starts), the page's own
 * views, the referral visit, and the queue's transport and persistence (queue.ts has the rules).
 */
import type { RevisitError } from "../shared/contract";
import { request } from "./api";
import { debug, fail } from "./bus";
import { referralCode } from "./config";
import { buildEvent, type WireEvent } from "./events";
import { metas } from "./page";
import { createQueue, type Queue } from "./queue";
import { K, type Session } from "./state";
import { randomId, storage } from "./storage";

/** The session's queue, seeded with what earlier pages left unsent, sending through `request`. */
export function loadQueue(s: Session): Queue {
  let stored: WireEvent[] = [];
  try {
    const v: unknown = JSON.parse(storage.get(K.q) || "[]");
    if (Array.isArray(v)) stored = v.filter((e: WireEvent) => e && typeof e.id === "string" && typeof e.type === "string");
  } catch {
    /* corrupt: start empty */
  }
  return createQueue(stored, {
    async send(events) {
      try {
        await request(s, "/v1/events", { events }, true);
        return "ok";
      } catch (e) {
        const st = (e as RevisitError).status;
        if (st && st < 500 && st !== 408 && st !== 429) {
          fail(s, e); // refused for good: retrying the same bytes cannot help
          return "drop";
        }
        debug("retry", (e as RevisitError).code);
        return "retry";
      }
    },
    save: (q) => (q.length ? storage.set(K.q, JSON.stringify(q)) : storage.del(K.q)),
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (t) => clearTimeout(t as number),
  });
}

/** Sends what is queued now (`final`: all of it, the page is going away); nothing before the queue exists. */
export const flush = (s: Session, final?: boolean) => void (s.queue && s.queue.flush(final));

/** `revisit.track()`: a valid event is queued (kept in memory before the queue exists), an invalid one reported. */
export function track(s: Session, type: unknown, data?: Record<string, unknown>): boolean {
  if (s.dead) return false;
  const ev = buildEvent(type, data, randomId(), Date.now());
  if (!ev) {
    fail(s, { code: "invalid_event", message: `Event "${String(type)}" is unknown or misses a required field` });
    return false;
  }
  if (s.queue) s.queue.push(ev);
  else if (s.early.length < 100) s.early.push(ev);
  return true;
}

/** Auto-tracking, once per page: the page itself, and the product / category it shows (meta tags). */
export function trackPage(s: Session) {
  if (s.paged || s.dead) return;
  s.paged = true;
  try {
    track(s, "page_view", { url: location.href });
    const { product, category } = metas();
    if (product) track(s, "product_view", { productId: product });
    if (category) track(s, "category_view", { category });
  } catch (e) {
    fail(s, e);
  }
}

/** Landed through a friend's link (`?rv_ref=CODE`): tell the API once per code (after consent, like everything). */
export function noteReferral(s: Session) {
  const code = referralCode(location.search);
  if (!code || storage.get(K.ref) === code) return;
  request(s, "/v1/referrals/visits", { code }).then(
    () => storage.set(K.ref, code),
    (e) => fail(s, e),
  );
}
