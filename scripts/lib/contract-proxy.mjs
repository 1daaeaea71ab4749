// A validating reverse proxy (what `prism proxy --errors` does, without its ~200 packages): the
// end-to-end stack puts it in front of wrangler dev, so every call the suite makes to the API (the
// tests' own, the demo storefront's, the widget's and console's from Chromium, the loyalty replay)
// is checked against the Worker's own /openapi.json. It never changes traffic: requests and answers
// are streamed through as they are (Host, Origin, cookies, CORS, Set-Cookie); the check reads a copy
// of a JSON answer after it has been passed on, and the problems are reported at the end of the run.
import { Agent, createServer, request as httpRequest } from 'node:http';
import { compileContract, isJson, unpack } from './contract-check.mjs';

/** Headers about one connection, not the message (RFC 9110 §7.6.1): each hop sets its own. */
const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'upgrade']);
/** The proxy's own record, read by tests and the suite's teardown; never forwarded. */
export const RECORD_PATH = '/__contract';
/** JSON answers larger than this are passed on but not read (none of the API's come close). */
const MAX_CHECKED_BYTES = 16 * 1024 * 1024;
/** Examples kept per problem: enough to find the call, not a log of the whole run. */
const EXAMPLES = 3;
/** Slow requests listed; the rest are only counted. */
const SLOW_LISTED = 20;

/** `rawHeaders` without the hop-by-hop ones (and those the Connection header names). */
function forwardable(raw) {
  const named = new Set();
  for (let i = 0; i < raw.length; i += 2) if (raw[i].toLowerCase() === 'connection') for (const n of raw[i + 1].split(',')) named.add(n.trim().toLowerCase());
  const out = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (!HOP.has(name) && !named.has(name)) out.push(raw[i], raw[i + 1]);
  }
  return out;
}

/**
 * @typedef {{ operation: string, status: number, message: string, count: number, examples: string[] }} Problem
 * @typedef {{ checked: number, checkMs: number, preflights: number, clientAborts: number, passedThrough: number, unfinished?: number, upstreamErrors: string[], slowMs: number, slow: string[], slowCount: number, waitingOnClients: number,
 *   documented: string[], operations: Record<string, Record<string, number>>, problems: Problem[] }} ContractRecord
 */

/**
 * Starts the proxy on `port` (0: any free one) in front of `upstream`, checking against `document`
 * (default: the upstream's own `/openapi.json`, fetched once now: the document of the code running).
 * `record()` waits for the checks still running and returns what was seen; `GET /__contract` on the
 * proxy answers the same, for test files running in other processes.
 * An answer slower than `slowMs` (or a request its client gave up on after that long) is listed in the
 * record's `slow`: in a run where a page load hung, it names the request that did, and which side
 * held it (when the Worker's headers and last byte came; how long a client left it unread).
 * `waitingOnClients`: answers passed on this moment whose client is not reading them.
 * @param {{ upstream: string, document?: object, port?: number, host?: string, slowMs?: number }} options
 * @returns {Promise<{ url: string, record: (options?: { wait?: boolean }) => Promise<ContractRecord>, close: () => Promise<void> }>}
 */
export async function startContractProxy({ upstream, document, port = 0, host = '127.0.0.1', slowMs = 10_000 }) {
  const target = new URL(upstream);
  const doc = document ?? (await (await fetch(new URL('/openapi.json', target))).json());
  const contract = compileContract(doc);
  // A new connection per request (cheap on loopback): a pool of long-lived connections is the
  // suspect for the odd request that hung in a long run while wrangler dev rebuilt the Worker.
  const agent = new Agent({ keepAlive: false });
  /** @type {ContractRecord} */
  const record = {
    checked: 0,
    checkMs: 0,
    preflights: 0,
    clientAborts: 0,
    passedThrough: 0,
    upstreamErrors: [],
    slowMs,
    slow: [],
    slowCount: 0,
    waitingOnClients: 0,
    documented: contract.operations,
    operations: {},
    problems: [],
  };
  const problems = new Map();
  let pending = 0;
  const idle = [];
  const finished = () => {
    if (--pending === 0) for (const done of idle.splice(0)) done();
  };

  function note(method, url, status, headers, packed) {
    const started = performance.now();
    try {
      const path = url.split('?')[0];
      let body = null;
      let result;
      try {
        body = packed && unpack(packed, headers['content-encoding']);
        result = contract.check({ method, path, status, headers, body });
      } catch (err) {
        // A body that cannot be unpacked, or a fault of the checker: reported, never thrown here.
        result = { operation: `${method} ${contract.match(path) ?? path}`, problems: [`could not be checked: ${err.message}`] };
      }
      if (!result) return void record.passedThrough++;
      if (result.preflight) return void record.preflights++;
      record.checked++;
      const seen = (record.operations[result.operation] ??= {});
      seen[status] = (seen[status] ?? 0) + 1;
      for (const message of result.problems) {
        const key = `${result.operation} ${status} ${message}`;
        let p = problems.get(key);
        if (!p) problems.set(key, (p = { operation: result.operation, status, message, count: 0, examples: [] }));
        p.count++;
        if (p.examples.length < EXAMPLES) p.examples.push(`${method} ${url}${body ? ` → ${body.subarray(0, 300).toString('utf8')}` : ''}`);
      }
    } finally {
      record.checkMs += performance.now() - started;
      finished();
    }
  }

  // Waits for the checks still running; a bound only so that a request hanging forever cannot hang
  // the run's end (what is still open then is counted as `unfinished`).
  // `wait: false`: what was seen so far, at once (requests still open included).
  const snapshot = async ({ wait = true } = {}) => {
    if (wait && pending > 0) await Promise.race([new Promise((r) => idle.push(r)), new Promise((r) => setTimeout(r, 30_000).unref())]);
    return { ...record, unfinished: pending, problems: [...problems.values()] };
  };

  const server = createServer((req, res) => {
    if (req.url === RECORD_PATH && req.method === 'GET') {
      void snapshot().then((r) => res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(r)));
      return;
    }
    pending++;
    const began = performance.now();
    // For a slow request, which side held it: when the Worker's headers and last byte came, and how
    // long the proxy waited for the client to read what it had already passed on.
    const since = () => Math.round(performance.now() - began);
    let headersAt = -1;
    let lastByteAt = -1;
    let waitedOnClient = 0;
    let pausedAt = -1;
    const clientStopped = () => {
      if (pausedAt >= 0) return;
      pausedAt = since();
      record.waitingOnClients++;
    };
    const clientRead = () => {
      if (pausedAt < 0) return;
      waitedOnClient += since() - pausedAt;
      record.waitingOnClients--;
      pausedAt = -1;
    };
    res.on('close', () => {
      clientRead(); // or left: either way nothing waits on it any more
      const ms = since();
      if (ms < slowMs) return;
      const worker = headersAt < 0 ? 'no answer from the Worker yet' : `the Worker's headers at ${headersAt} ms, ${lastByteAt < 0 ? 'its last byte not yet' : `its last byte at ${lastByteAt} ms`}`;
      const client = waitedOnClient > 0 ? `; ${waitedOnClient} ms waiting for the client to read` : '';
      const outcome = res.writableFinished ? `answered ${res.statusCode}` : 'cancelled by its client';
      if (record.slowCount++ < SLOW_LISTED) record.slow.push(`${req.method} ${req.url}: ${outcome} after ${ms} ms (${worker}${client})`);
    });
    let settled = false;
    let clientLeft = false;
    const settle = (fn) => {
      if (settled) return;
      settled = true;
      // After the answer has gone out: the check never delays it.
      setImmediate(fn);
    };
    // Not checked: the browser cancelled (a page navigated away mid-request), or the Worker failed.
    const unchecked = (why) => {
      if (settled) return;
      if (clientLeft) record.clientAborts++;
      else record.upstreamErrors.push(`${req.method} ${req.url}: ${why}`);
      settle(finished);
    };
    const up = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: forwardable(req.rawHeaders), agent, setHost: false });
    up.on('response', (answer) => {
      headersAt = since();
      const status = answer.statusCode ?? 0;
      res.writeHead(status, answer.statusMessage, forwardable(answer.rawHeaders));
      const type = String(answer.headers['content-type'] ?? '')
        .split(';')[0]
        .trim()
        .toLowerCase();
      const keep = isJson(type) && contract.match(req.url.split('?')[0]) !== null;
      const chunks = [];
      let size = 0;
      answer.on('data', (chunk) => {
        if (keep && size <= MAX_CHECKED_BYTES) chunks.push(chunk);
        size += chunk.length;
        if (!res.write(chunk)) {
          answer.pause();
          clientStopped();
        }
      });
      res.on('drain', () => {
        clientRead();
        answer.resume();
      });
      answer.on('end', () => {
        lastByteAt = since();
        res.end();
        const body = keep && size <= MAX_CHECKED_BYTES ? Buffer.concat(chunks) : null;
        settle(() => note(req.method, req.url, status, answer.headers, body));
      });
      // Cut off midway (the client left, the Worker stopped): passed on as cut, not checked.
      answer.on('error', () => {});
      answer.on('close', () => {
        if (answer.complete) return;
        res.destroy();
        unchecked('the answer was cut off');
      });
    });
    up.on('error', (err) => {
      unchecked(`${err.message}${up.reusedSocket ? ' (on a kept-alive connection)' : ''}`);
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' }).end(`contract proxy: upstream failed: ${err.message}`);
      else res.destroy();
    });
    // A client that goes away mid-answer takes the upstream request with it.
    res.on('close', () => {
      if (res.writableFinished) return;
      clientLeft = true;
      up.destroy();
    });
    req.on('error', () => ((clientLeft = true), up.destroy()));
    req.pipe(up);
  });
  server.requestTimeout = 0;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const url = `http://localhost:${address.port}`;
  const close = async () => {
    await new Promise((r) => {
      server.close(() => r());
      server.closeAllConnections();
    });
    agent.destroy();
  };
  return { url, record: snapshot, close };
}

/** One paragraph for the run's log: how much of the document the traffic covered. */
export function describeCoverage(record) {
  const covered = record.documented.filter((op) => record.operations[op]);
  const missing = record.documented.filter((op) => !record.operations[op]);
  const problems = record.problems.reduce((n, p) => n + p.count, 0);
  return [
    `contract proxy: ${record.checked} answers checked against /openapi.json (${Math.round(record.checkMs)} ms of checking), ${covered.length} of ${record.documented.length} documented operations covered, ${problems} problem answers (${record.problems.length} kinds); ${record.preflights} CORS preflights and ${record.passedThrough} other requests (assets, /admin, /docs) passed through`,
    missing.length ? `  not exercised: ${missing.join(', ')}` : '  every documented operation was exercised',
    ...(record.clientAborts ? [`  ${record.clientAborts} requests were cancelled by their client before the answer (not checked)`] : []),
    ...(record.unfinished ? [`  ${record.unfinished} requests were still open at the end (not checked)`] : []),
    ...(record.slowCount ? [`  ${record.slowCount} requests took over ${record.slowMs} ms:`, ...record.slow.map((s) => `    ${s}`)] : []),
    ...(record.upstreamErrors.length ? [`  upstream errors: ${record.upstreamErrors.length} (first: ${record.upstreamErrors[0]})`] : []),
  ].join('\n');
}

/** The problems grouped by operation, status and message, with the first calls that showed each. */
export function describeProblems(record) {
  return record.problems.map((p) => [`${p.operation} → ${p.status} (${p.count}×): ${p.message}`, ...p.examples.map((e) => `    e.g. ${e}`)].join('\n')).join('\n');
}
