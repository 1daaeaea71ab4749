/**
 * `revisit.on()` listeners and failure reporting: how the loader talks back to the shop. Pure over
 * the `Listeners` record it is given (part of the session), so it is unit-tested without a browser.
 */
import type { RevisitError } from "../shared/contract";

export type Fn = (payload: unknown) => void;
/** Events `revisit.on()` accepts; `consent` is also the hook for server-side erasure. */
export type Topic = "ready" | "experience" | "identify" | "error" | "consent";

/** Subscribers per topic, and the last `ready` / `experience` payload for late subscribers. */
export interface Listeners {
  subs: Partial<Record<Topic, Fn[]>>;
  last: Partial<Record<Topic, unknown>>;
}

/** `console.debug` that cannot throw (a page may have replaced or removed the console). */
export const debug = (...a: unknown[]) => {
  try {
    console.debug("[revisit]", ...a);
  } catch {
    /* no console */
  }
};

/** Calls every listener of `t` (a throwing one cannot stop the rest); remembers `ready` / `experience`. */
export function emit(s: Listeners, t: Topic, payload: unknown) {
  if (t === "ready" || t === "experience") s.last[t] = payload;
  for (const fn of s.subs[t] || []) {
    try {
      fn(payload);
    } catch (e) {
      debug("listener failed", e);
    }
  }
}

/** Reports a failure to `on('error')` as a RevisitError (anything else thrown becomes `client_error`). */
export function fail(s: Listeners, e: unknown) {
  const err: RevisitError = e && typeof e === "object" && "code" in e ? (e as RevisitError) : { code: "client_error", message: String(e) };
  debug(err.code, err.message);
  emit(s, "error", err);
}

/** `revisit.on()`: late subscribers still hear the last ready / experience (in a task of their own). Returns the unsubscriber. */
export function subscribe(s: Listeners, t: Topic, fn: Fn): () => void {
  if (typeof fn !== "function") return () => undefined;
  (s.subs[t] ||= []).push(fn);
  if (t in s.last) setTimeout(() => fn(s.last[t]), 0);
  return () => {
    s.subs[t] = (s.subs[t] || []).filter((f) => f !== fn);
  };
}

/** Makes `fn(s, …)` a public method of session `s` that cannot throw into the shop's code: a throw is reported, `fallback` returned. */
export const guard =
  <S extends Listeners, A extends unknown[], R>(s: S, fn: (s: S, ...a: A) => R, fallback: R) =>
  (...a: A): R => {
    try {
      return fn(s, ...a);
    } catch (e) {
      fail(s, e);
      return fallback;
    }
  };
