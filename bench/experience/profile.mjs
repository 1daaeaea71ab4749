// A V8 CPU profile of the Worker over wrangler's inspector (Chrome DevTools Protocol): where a
// request's CPU goes, by function (self time). Used by `BENCH_PROFILE=1 npm run bench:experience`
// to find what to optimise; the per-request totals come from /proc (see run.mjs), not from here.

/** Connects to the inspector, profiles `requests` calls of `send`, returns self time per function per request. */
export async function profileTop(inspectorPort, send, requests = 200, intervalUs = 50) {
  // wrangler's inspector proxy refuses WebSocket upgrades without an Origin header.
  const ws = new WebSocket(`ws://127.0.0.1:${inspectorPort}/ws`, { headers: { Origin: `http://127.0.0.1:${inspectorPort}` } });
  let next = 1_000;
  const pending = new Map();
  ws.onmessage = (m) => {
    const d = JSON.parse(String(m.data));
    const p = d.id != null ? pending.get(d.id) : null;
    // wrangler's proxy echoes a command back (same id, no result) and answers only some of them
    // (Profiler.enable/start come back as echoes only): an echo settles a call that needs no result.
    if (!p || (!('result' in d) && !('error' in d) && p.needsResult)) return;
    pending.delete(d.id);
    d.error ? p.reject(new Error(JSON.stringify(d.error))) : p.resolve(d.result);
  };
  await new Promise((resolve, reject) => ((ws.onopen = resolve), (ws.onerror = () => reject(new Error('inspector connection refused')))));
  const call = (method, params = {}, needsResult = false) =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject, needsResult });
      ws.send(JSON.stringify({ id, method, params }));
      setTimeout(() => pending.has(id) && (pending.delete(id), reject(new Error(`${method}: no answer`))), 30_000);
    });
  try {
    await call('Profiler.enable');
    await call('Profiler.setSamplingInterval', { interval: intervalUs });
    await call('Profiler.start');
    for (let i = 0; i < requests; i++) await send();
    const { profile } = await call('Profiler.stop', {}, true);
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map();
    for (let i = 0; i < profile.samples.length; i++) {
      const n = byId.get(profile.samples[i]);
      const fr = n.callFrame;
      const key = `${fr.functionName || '(anonymous)'}${fr.url ? ` ${fr.url.split('/').pop()}:${fr.lineNumber + 1}` : ''}`;
      // workerd samples only while the isolate runs (41 samples in 0.9 s of mostly idle time were
      // seen), so a sample stands for one interval, not for the time since the previous sample.
      self.set(key, (self.get(key) ?? 0) + intervalUs);
    }
    const top = [...self]
      .filter(([k]) => !k.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([fn, us]) => ({ fn, ms: Math.round((us / 1000 / requests) * 1000) / 1000 }));
    return { requests, intervalUs, samples: profile.samples.length, top };
  } finally {
    ws.close();
  }
}
