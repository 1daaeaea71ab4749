/**
 * The event queue: batches events, sends them, and retries with exponential backoff.
 * Pure logic with an injected transport, timer and persistence, so the retry rules are
 * unit-tested without a browser. Event ids make every retry safe: the server dedupes by id,
 * so when in doubt (network error, page unloading) we send again rather than lose events.
 */
import type { WireEvent } from "./events";

/** What the transport made of a batch: accepted, refused for good (4xx), or worth retrying. */
export type SendResult = "ok" | "drop" | "retry";

export interface QueueDeps {
  /** Sends one batch; `final` means the page is going away (the transport uses keepalive anyway). */
  send(batch: WireEvent[], final: boolean): Promise<SendResult>;
  /** Persists what is still unsent (localStorage in the browser; nothing under pending consent). */
  save(events: WireEvent[]): void;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export interface QueueOptions {
  /** Wait this long after an event so a burst goes out as one request. */
  delay?: number;
  /** Events per request; the API accepts at most 50. */
  batch?: number;
  /** Oldest events are dropped beyond this, so a long offline spell cannot fill storage. */
  max?: number;
  /** First retry delay; doubles per consecutive failure up to `maxBackoff`. */
  backoff?: number;
  maxBackoff?: number;
}

export interface Queue {
  push(ev: WireEvent): void;
  /** Sends what is queued now. `final` (pagehide) sends every batch at once and ignores backoff. */
  flush(final?: boolean): Promise<void>;
  /** Forgets everything (consent withdrawn). */
  clear(): void;
  /** Stops timers; queued events stay persisted for the next page. */
  stop(): void;
  pending(): readonly WireEvent[];
}

/** Creates a queue seeded with events persisted by an earlier page. */
export function createQueue(initial: readonly WireEvent[], deps: QueueDeps, opts: QueueOptions = {}): Queue {
  const { delay = 1000, batch = 50, max = 500, backoff = 2000, maxBackoff = 300_000 } = opts;
  let q = initial.slice(-max);
  const inflight = new Set<string>();
  let timer: unknown;
  let failures = 0;
  let stopped = false;

  const save = () => deps.save(q);
  const cancel = () => {
    if (timer !== undefined) deps.clearTimer(timer);
    timer = undefined;
  };
  const schedule = (ms: number) => {
    if (stopped || timer !== undefined) return;
    timer = deps.setTimer(() => {
      timer = undefined;
      void flush();
    }, ms);
  };

  async function sendOne(events: WireEvent[], final: boolean) {
    for (const e of events) inflight.add(e.id);
    let r: SendResult;
    try {
      r = await deps.send(events, final);
    } catch {
      r = "retry";
    }
    for (const e of events) inflight.delete(e.id);
    if (r === "retry") {
      failures++;
      cancel();
      schedule(Math.min(backoff * 2 ** (failures - 1), maxBackoff));
      return false;
    }
    failures = 0;
    const done = new Set(events.map((e) => e.id));
    q = q.filter((e) => !done.has(e.id));
    save();
    return true;
  }

  async function flush(final = false) {
    if (stopped && !final) return;
    if (!final && inflight.size) return; // one request at a time; its completion reschedules
    cancel();
    const ready = q.filter((e) => !inflight.has(e.id));
    if (!ready.length) return;
    if (final) {
      const all: Promise<boolean>[] = [];
      for (let i = 0; i < ready.length; i += batch) all.push(sendOne(ready.slice(i, i + batch), true));
      await Promise.all(all);
      return;
    }
    if (await sendOne(ready.slice(0, batch), false)) if (q.length) schedule(0);
  }

  return {
    push(ev) {
      q.push(ev);
      if (q.length > max) q = q.slice(-max);
      save();
      if (!failures) schedule(delay);
    },
    flush,
    clear() {
      cancel();
      q = [];
      failures = 0;
      save();
    },
    stop() {
      stopped = true;
      cancel();
    },
    pending: () => q,
  };
}
