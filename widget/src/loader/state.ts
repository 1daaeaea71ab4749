/**
 * The loader's state: one explicit record, made by `start()` and passed to every function that
 * reads or changes it, instead of a dozen variables captured by one closure. Fields are grouped by
 * the module that keeps them; withdrawing consent and destroy (session.ts, revisit.ts) reset them.
 */
import type { Experience } from "../../../contract/experience";
import type { Host, UiHandle } from "../shared/contract";
import type { Listeners } from "./bus";
import type { Config } from "./config";
import type { WireEvent } from "./events";
import type { Queue } from "./queue";
import { randomId, readCookie, storage, writeCookie } from "./storage";

/** Every key the loader keeps on the device (all erased when consent is withdrawn). */
export const K = { vid: "revisit:vid", q: "revisit:queue", idf: "revisit:identified", h: "revisit:h", ref: "revisit:ref", c: "revisit:c" };

/** The script tag's config (`customer` changes with `revisit.identify`), plus what happened since. Flags start absent (false). */
export interface Session extends Config, Listeners {
  /** Resolves once the document is parsed. */
  parsed: Promise<void>;
  // Lifecycle (session.ts, revisit.ts)
  /** Consent given: from the start, unless `data-consent="required"` waits for `revisit.consent(true)`. */
  consent: boolean;
  /** `revisit.destroy()` was called: every entry point returns at once. */
  dead?: boolean;
  /** `run()` started for the current consent; `runs` counts them, so an overtaken run stops. */
  running?: boolean;
  runs: number;
  /** `ready` fired (it fires once). */
  fired?: boolean;
  /** The first refresh looked for the experience edge mode hands over in the page (render.ts). */
  took?: boolean;
  /** The server-rendered path was tried (paint.ts); `held` is the experience its blocks show, until the UI takes them over. */
  painted?: boolean;
  held?: Experience | null;
  // Identity (identity.ts, and `visitor` below)
  /** The visitor id; "" until first needed, and again after consent is withdrawn. */
  vid: string;
  /** The identify request in flight: concurrent calls for one customer share it. */
  identifying?: { id: string; p: Promise<boolean> } | null;
  // Events (tracking.ts)
  /** The event queue, from the session's first task on. */
  queue?: Queue | null;
  /** Events tracked before the queue exists (consent pending): memory only, at most 100. */
  early: WireEvent[];
  /** This page's own views were tracked. */
  paged?: boolean;
  // Rendering (placeholders.ts, chunks.ts, render.ts)
  hosts: Host[];
  /** The placeholders were looked for: the block chunks to request depend on them. */
  scanned?: boolean;
  exp: Experience | null;
  ui?: UiHandle | null;
  /** The UI block being imported and mounted (null again after a failure, to retry). */
  uiP?: Promise<UiHandle> | null;
  /** Counts `refresh()` calls (and withdrawals): only the newest one renders and reports. */
  seq: number;
  /** Block chunks requested (`survey`, `launcher`); false again when the request failed. */
  parts: Record<string, boolean>;
  /** The extras chunk was requested for a verified customer (false again when that failed). */
  extras?: boolean;
}

/** A page's fresh session: consent as the script tag says, the customer it names, nothing loaded. */
export const createSession = (cfg: Config, parsed: Promise<void>): Session => ({
  ...cfg,
  parsed,
  consent: !cfg.consentRequired,
  runs: 0,
  vid: "",
  early: [],
  hosts: [],
  exp: null,
  seq: 0,
  parts: {},
  subs: {},
  last: {},
});

/** Destroyed, or without consent: the session may not send, store or draw anything. */
export const off = (s: Session): boolean | undefined => s.dead || !s.consent;

/** The visitor id: stored or in the cookie, else new; written back (refreshing the cookie's 400 days) on first use. */
export const visitor = (s: Session): string => {
  if (!s.vid) {
    const v = storage.get(K.vid) || readCookie();
    s.vid = v && /^[A-Za-z0-9_-]{16,64}$/.test(v) ? v : randomId();
    storage.set(K.vid, s.vid);
    writeCookie(s.vid);
  }
  return s.vid;
};
