/**
 * widget.js: the loader every shop page runs. Small on purpose (no Preact): it owns identity,
 * consent, the event queue and `window.revisit`, reserves the placeholders' space, fetches the
 * experience and lazily imports the UI block to draw it. Nothing here may throw into the page.
 *
 * One session record (state.ts) is passed to small modules: api (HTTP), identity, tracking
 * (events, queue.ts), placeholders (hosts.ts), chunks, render, session (the task-by-task start,
 * consent) and revisit (the public API). This file only wires them: the reservation in the script's
 * own task, the rest in the next.
 */
import { debug } from "./bus";
import { consentRequired, parseConfig } from "./config";
import { nextTask, whenParsed } from "./page";
import type { Host } from "../shared/contract";
import { reserveAll, scan } from "./placeholders";
import { ready } from "./render";
import { install, W } from "./revisit";
import { listen, run } from "./session";
import { createSession } from "./state";
import { storage } from "./storage";
import { trackPage } from "./tracking";

export type { RevisitApi } from "./revisit";

/**
 * The script's own task reserves the placeholders' space and nothing else (issue 16: at 4× CPU,
 * config, session, `window.revisit` and the reservation in one task made a long task). When the
 * page is already parsed (the usual case for an async script), a task later the page may have
 * painted the placeholders at zero height and reserving then would shift what is below (CLS).
 */
function start() {
  const script = (document.currentScript || document.querySelector("script[data-site]")) as HTMLScriptElement | null;
  const attr = (n: string) => script?.getAttribute(n);
  const hosts = document.readyState !== "loading" && !consentRequired(attr) ? reserveAll() : null;
  nextTask()
    .then(() => begin(attr, script?.src, hosts))
    .catch(debug);
}

/** The next task: config, session, `window.revisit` and the queued calls; the rest runs in later tasks (session.ts). */
function begin(attr: (n: string) => string | null | undefined, src: string | undefined, hosts: Host[] | null) {
  if (W.revisit) return; // a second copy of the script on the page reached this first
  const s = createSession(parseConfig(attr, src, document.documentElement.getAttribute("lang"), navigator.languages || [navigator.language]), whenParsed());
  storage.enabled = s.consent;
  install(s, listen(s));
  if (!s.consent) {
    // Tracked in memory only, sent if consent is given on this page.
    void s.parsed.then(() => trackPage(s));
    return ready(s);
  }
  if (hosts) scan(s, hosts);
  run(s);
}

try {
  if (!W.revisit) start();
} catch (e) {
  debug(e);
}
