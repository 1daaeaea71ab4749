/**
 * The visitor's session on this page: started task by task once there is consent, flushed when
 * the page goes away, and forgotten (on the server too) when consent is withdrawn.
 */
import { emit, fail } from "./bus";
import { identify } from "./identity";
import { reserve } from "./hosts";
import { nextTask } from "./page";
import { scan } from "./placeholders";
import { refresh } from "./render";
import { K, off, visitor, type Session } from "./state";
import { storage, writeCookie } from "./storage";
import { flush, loadQueue, noteReferral, trackPage } from "./tracking";

/**
 * Starts the visitor's session after the script's first two tasks (the reservation, then
 * `window.revisit`: index.ts), one step per task: on a slow phone (4× CPU) the first localStorage access
 * (a synchronous round trip to the browser process), preparing the placeholders and building
 * the first events cost 5–15 ms each, and in the script's own task they added up to a 45–65 ms
 * long task (issue #7). In order:
 *   1. the visitor id and the event queue (storage, cookie);
 *   2. the request on the critical path: identify for a customer not merged yet on this
 *      device, else the experience (`refresh` requests the UI chunks in the task after it);
 *   3. the placeholders: shadow roots and reserved heights (at DOMContentLoaded on a page
 *      still loading, in that task, so before its first frame). An async script nearly always
 *      runs after the page's first paint, so this is no later, for CLS, than doing it in the
 *      script's own task; a shop that needs no shift at all sets the heights in its CSS (hosts.ts);
 *   4. page / product / category views, then queued events are sent (not urgent: after the
 *      experience request, and after identify so they count for the customer).
 */
async function steps(s: Session) {
  if (s.running || s.dead) return;
  s.running = true;
  const my = ++s.runs;
  // Destroyed, or consent withdrawn (and maybe given again) meanwhile.
  const stale = () => off(s) || my !== s.runs || !s.running;
  await nextTask();
  if (stale()) return;
  visitor(s);
  s.queue = loadQueue(s);
  for (const ev of s.early) s.queue.push(ev);
  s.early = [];
  if (!s.customer) storage.del(K.idf); // logged out (or never in): the next login merges again
  await nextTask();
  if (stale()) return;
  const merging = s.customer && storage.get(K.idf) !== s.customer.id ? identify(s, s.customer) : null;
  let shown = merging ? null : refresh(s);
  await nextTask();
  await s.parsed;
  if (stale()) return shown ?? undefined;
  if (s.hosts.length === 0) scan(s);
  await nextTask();
  if (stale()) return shown ?? undefined;
  trackPage(s);
  if (merging) {
    await merging;
    if (stale()) return;
    shown = refresh(s);
    await nextTask();
    if (stale()) return shown;
  }
  noteReferral(s);
  flush(s);
  await shown;
}

/** Starts the session (`steps`) unless it runs already; a failure is reported, never thrown. */
export const run = (s: Session) => void steps(s).catch((e) => fail(s, e));

/** `revisit.consent()`: given or withdrawn (nothing after destroy). */
export function consent(s: Session, granted: boolean) {
  if (!s.dead) granted ? grant(s) : forget(s);
}

/** Consent given: storage may be used, and the session starts unless it runs already. */
function grant(s: Session) {
  if (s.consent && s.running) return;
  s.consent = storage.enabled = true;
  emit(s, "consent", { granted: true, visitorId: visitor(s) });
  run(s);
}

/**
 * Consent withdrawn: erase this visitor's profile on the server (`DELETE /v1/visitor`, fire and
 * forget, survives navigation via keepalive), forget this device's data and stop.
 * `revisit.on('consent', …)` fires first, while the visitor id is still known.
 */
function forget(s: Session) {
  emit(s, "consent", { granted: false, visitorId: s.vid || null });
  if (s.vid) fetch(`${s.api}/v1/visitor`, { method: "DELETE", headers: { "X-Revisit-Key": s.site, "X-Revisit-Visitor": s.vid }, credentials: "omit", keepalive: true }).catch(() => {});
  s.consent = s.running = false;
  s.queue?.clear();
  s.queue?.stop();
  s.queue = null;
  s.early = [];
  for (const k of Object.values(K)) storage.del(k);
  writeCookie(null);
  storage.enabled = false;
  s.vid = "";
  s.identifying = null;
  s.seq++;
  s.ui?.destroy();
  s.exp = s.held = null;
  // Blocks painted from the server (paint.ts) that the UI never took over go too.
  for (const h of s.hosts) reserve(h.root, 0), h.root.replaceChildren();
}

/** Sends what is queued when the page is hidden or left (keepalive) and when the network is back; returns the remover. */
export function listen(s: Session): () => void {
  const onHide = () => document.visibilityState === "hidden" && flush(s, true);
  const onPagehide = () => flush(s, true);
  const onOnline = () => flush(s);
  addEventListener("pagehide", onPagehide);
  addEventListener("online", onOnline);
  document.addEventListener("visibilitychange", onHide);
  return () => {
    removeEventListener("pagehide", onPagehide);
    removeEventListener("online", onOnline);
    document.removeEventListener("visibilitychange", onHide);
  };
}
