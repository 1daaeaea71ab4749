/**
 * The UI's chunks, requested as soon as the loader knows the page needs them: each is `import()`ed
 * at the URL the UI imports it from, so the UI finds it loaded or on its way (no waterfall).
 */
import type { Host, Mount, UiContext, UiHandle } from "../shared/contract";
import type { Session } from "./state";

/**
 * Paths (relative to the API base) of the content-hashed UI block followed by the chunks it
 * imports statically, all requested at once (no import waterfall); set by scripts/build-widget.mjs.
 */
declare const __REVISIT_UI__: string[];
/** The lazily loaded extras chunk (loyalty, referral, offers) and its static imports. */
declare const __REVISIT_EXTRAS__: string[];
/** Per language other than English: its core messages chunk (requested together with the UI block). */
declare const __REVISIT_MSGS__: Record<string, string[]>;
/** Per language other than English: the extras chunk's messages (requested together with the extras chunk). */
declare const __REVISIT_XMSGS__: Record<string, string[]>;
/** Block chunks some pages need (`survey`, `launcher`): requested with the UI where the page can show them. */
declare const __REVISIT_PARTS__: Record<string, string[]>;

/** Starts fetching chunks the UI will `import()` itself (same URLs); `failed` runs if one cannot be loaded. */
const warm = (s: Session, urls: string[] = [], failed = () => {}) => {
  for (const u of urls) import(`${s.api}/${u}`).catch(failed);
};

/** The block chunks a page can show: the survey where it has a survey placeholder, the launcher where it has none. Pure. */
export const partsFor = (hosts: readonly Pick<Host, "kind">[]): string[] => (hosts.length ? (hosts.some((h) => h.kind === "survey") ? ["survey"] : []) : ["launcher"]);

/** Requests the page's block chunks with the UI, once the placeholders are known (each once, again after a failure). */
export const warmParts = (s: Session) => {
  if (!s.scanned || !s.uiP) return;
  for (const k of partsFor(s.hosts))
    if (!s.parts[k]) {
      s.parts[k] = true;
      warm(s, __REVISIT_PARTS__[k], () => (s.parts[k] = false));
    }
};

/** The UI block and its static imports, the page language's messages and the page's block chunks, all at once; mounted with `ctx()`. */
export const loadUi = (s: Session, ctx: () => UiContext): Promise<UiHandle> => {
  if (!s.uiP) {
    warm(s, __REVISIT_MSGS__[s.locale]);
    s.uiP = Promise.all(__REVISIT_UI__.map((u) => import(`${s.api}/${u}`) as Promise<{ mount?: Mount }>)).then((ms) => ms[0]!.mount!(ctx()));
  }
  warmParts(s);
  return s.uiP;
};

/** A verified customer most likely has points: fetch the extras chunk (and its messages) alongside the experience. */
export const warmExtras = (s: Session) => {
  if (s.extras || !s.customer) return;
  s.extras = true;
  warm(s, [...__REVISIT_EXTRAS__, ...(__REVISIT_XMSGS__[s.locale] || [])], () => (s.extras = false)); // the UI imports them again when needed
};
