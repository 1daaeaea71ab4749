/**
 * widget.js: the loader every shop page runs. Small on purpose (no Preact): it owns identity,
 * consent, the event queue and `window.revisit`, reserves the placeholders' space, fetches the
 * experience and lazily imports the UI block to draw it. Nothing here may throw into the page.
 *
 * One session record (state.ts) is passed to small modules: api (HTTP), identity, tracking
 * (events, queue.ts), placeholders (hosts.ts), chunks, render, session (the task-by-task start,
 * consent) and revisit (the public API). This file only wires them in the script's first task.
 */
import { debug } from "./bus";
import { parseConfig } from "./config";
import { whenParsed } from "./page";
import { scan } from "./placeholders";
import { ready } from "./render";
import { install, W } from "./revisit";
import { listen, run } from "./session";
import { createSession } from "./state";
import { storage } from "./storage";
import { trackPage } from "./tracking";

export type { RevisitApi } from "./revisit";

/** The script's own task: config, session, `window.revisit` and the queued calls; the rest runs in later tasks (session.ts). */
function start() {
  const script = (document.currentScript || document.querySelector("script[data-site]")) as HTMLScriptElement | null;
  const cfg = parseConfig((n) => script?.getAttribute(n), script ? script.src : undefined, document.documentElement.getAttribute("lang"), navigator.languages || [navigator.language]);
  const s = createSession(cfg, whenParsed());
  storage.enabled = s.consent;
  install(s, listen(s));
  if (!s.consent) {
    // Tracked in memory only, sent if consent is given on this page.
    void s.parsed.then(() => trackPage(s));
    return ready(s);
  }
  // The placeholders' space is reserved in the script's own task when the page is already parsed
  // (the usual case for an async script): a task later, the page may have painted them at zero
  // height and the reservation itself would shift what is below them (CLS).
  if (document.readyState !== "loading") scan(s);
  run(s);
}

try {
  if (!W.revisit) start();
} catch (e) {
  debug(e);
}
