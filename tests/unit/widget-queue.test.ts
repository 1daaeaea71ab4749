import { describe, expect, it } from "vitest";
import type { WireEvent } from "../../widget/src/loader/events";
import { createQueue, type QueueDeps, type SendResult } from "../../widget/src/loader/queue";

/** A fake clock and transport: timers run only when the test advances time. */
function harness(results: SendResult[] = []) {
  let now = 0;
  const timers: { at: number; fn: () => void; id: number }[] = [];
  const sent: { ids: string[]; final: boolean }[] = [];
  let saved: WireEvent[] = [];
  let nextId = 1;
  const deps: QueueDeps = {
    send: async (batch, final) => {
      sent.push({ ids: batch.map((e) => e.id), final });
      return results.shift() ?? "ok";
    },
    save: (q) => void (saved = [...q]),
    setTimer: (fn, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimer: (id) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
  };
  const advance = async (ms: number) => {
    const end = now + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const t = timers[0];
      if (!t || t.at > end) break;
      timers.shift();
      now = t.at;
      t.fn();
      for (let i = 0; i < 5; i++) await Promise.resolve();
    }
    now = end;
  };
  return { deps, sent, saved: () => saved, advance, timers };
}
const ev = (i: number): WireEvent => ({ id: `e${String(i).padStart(15, "0")}`, type: "page_view", at: "2026-01-01T00:00:00.000Z" });

describe("event queue", () => {
  it("batches a burst into one request after the delay and persists until sent", async () => {
    const h = harness();
    const q = createQueue([], h.deps, { delay: 1000 });
    q.push(ev(1));
    q.push(ev(2));
    expect(h.saved()).toHaveLength(2);
    await h.advance(999);
    expect(h.sent).toHaveLength(0);
    await h.advance(1);
    expect(h.sent).toEqual([{ ids: [ev(1).id, ev(2).id], final: false }]);
    expect(h.saved()).toEqual([]);
  });
  it("sends at most 50 per batch and continues with the rest", async () => {
    const h = harness();
    const q = createQueue([], h.deps);
    for (let i = 0; i < 120; i++) q.push(ev(i));
    await h.advance(1000);
    expect(h.sent.map((s) => s.ids.length)).toEqual([50, 50, 20]);
    expect(q.pending()).toHaveLength(0);
  });
  it("retries with exponential backoff on 5xx/network and keeps order", async () => {
    const h = harness(["retry", "retry", "ok"]);
    const q = createQueue([], h.deps, { delay: 1000, backoff: 2000 });
    q.push(ev(1));
    await h.advance(1000); // first try fails
    await h.advance(1999);
    expect(h.sent).toHaveLength(1);
    await h.advance(1); // +2s: second try fails
    expect(h.sent).toHaveLength(2);
    q.push(ev(2)); // queued during backoff: waits for the backoff timer
    await h.advance(3999);
    expect(h.sent).toHaveLength(2);
    await h.advance(1); // +4s: succeeds with both
    expect(h.sent[2]!.ids).toEqual([ev(1).id, ev(2).id]);
    expect(q.pending()).toHaveLength(0);
  });
  it("drops a batch the server refused (4xx) instead of retrying forever", async () => {
    const h = harness(["drop"]);
    const q = createQueue([ev(1)], h.deps);
    await q.flush();
    expect(q.pending()).toHaveLength(0);
    expect(h.timers).toHaveLength(0);
  });
  it("treats a throwing transport as a retry", async () => {
    const h = harness();
    h.deps.send = async () => {
      throw new Error("offline");
    };
    const q = createQueue([ev(1)], h.deps);
    await q.flush();
    expect(q.pending()).toHaveLength(1);
    expect(h.timers).toHaveLength(1);
  });
  it("resumes events persisted by an earlier page, capped to the newest", async () => {
    const h = harness();
    const q = createQueue([ev(1), ev(2), ev(3)], h.deps, { max: 2 });
    expect(q.pending().map((e) => e.id)).toEqual([ev(2).id, ev(3).id]);
  });
  it("final flush (pagehide) sends everything now, ignoring backoff, without duplicating in-flight batches", async () => {
    const h = harness(["retry"]);
    const q = createQueue([], h.deps);
    for (let i = 0; i < 60; i++) q.push(ev(i));
    await h.advance(1000); // fails: backoff pending
    await q.flush(true);
    expect(h.sent.slice(1).map((s) => [s.ids.length, s.final])).toEqual([
      [50, true],
      [10, true],
    ]);
    expect(q.pending()).toHaveLength(0);
  });
  it("clear() forgets everything (consent withdrawn)", () => {
    const h = harness();
    const q = createQueue([ev(1)], h.deps);
    q.push(ev(2));
    q.clear();
    expect(q.pending()).toHaveLength(0);
    expect(h.saved()).toEqual([]);
    expect(h.timers).toHaveLength(0);
  });
});
