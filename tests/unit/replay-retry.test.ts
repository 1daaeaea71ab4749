import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
// @ts-expect-error: plain ESM script without types
import { pacer, replay } from "../../scripts/lib/replay.mjs";

// The replay client against a scripted server: the answers `wrangler dev` really gives under load
// (503 "Your worker restarted mid-request" from its proxy, a dropped connection, a 2xx cut off
// mid-body) and a rate limit. Every write is idempotent by its id, so each is sent again.
const file = fileURLToPath(new URL("../fixtures/online-retail-mini.csv", import.meta.url));
/** Per write id, what its 1st, 2nd, … attempt gets; `landed` steps are ones the server had recorded. */
type Step = ((res: ServerResponse) => void) & { landed?: boolean };
type Script = Record<string, Step[]>;

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  (res: ServerResponse) => {
    res.writeHead(status, { "Content-Type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
const restarted = (res: ServerResponse) => {
  res.writeHead(503, { "Retry-After": "0" });
  res.end("Your worker restarted mid-request. Please try sending the request again. Only GET or HEAD requests are retried automatically.");
};
const dropped = (res: ServerResponse) => res.socket?.destroy();
const cutOff: Step = Object.assign(
  (res: ServerResponse) => {
    res.writeHead(201, { "Content-Type": "application/json", "Content-Length": "80" });
    res.write('{"result":"cre');
    setImmediate(() => res.socket?.destroy());
  },
  { landed: true },
);

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function serve(script: Script) {
  const attempts: Record<string, number> = {};
  const landed = new Set<string>();
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.on("data", (d) => (raw += d));
    req.on("end", () => {
      if (req.url === "/v1/admin/sites") return json(201, {})(res);
      if (req.url === "/v1/site/config") return json(200, {})(res);
      const id: string = JSON.parse(raw).id; // the order id, or the refund id
      const n = (attempts[id] = (attempts[id] ?? 0) + 1);
      const step = script[id]?.[n - 1];
      if (step?.landed) landed.add(id);
      if (step) return step(res);
      // A write the server already recorded answers as a duplicate, as the API does.
      return landed.has(id) ? json(200, { result: "duplicate" })(res) : json(201, { result: "created" })(res);
    });
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", () => r()));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, attempts };
}

describe("npm run replay retries what may not have landed", () => {
  it("sends again after a 503 from a restarting runtime, a dropped connection, a 2xx cut off and a 429", async () => {
    const { url, attempts } = await serve({
      "ort-500001": [restarted, cutOff], // recorded on the 2nd attempt, answer lost: the 3rd is a duplicate
      "ort-500003": [dropped],
      "ort-500009": [json(429, { error: { code: "rate_limited" } }, { "Retry-After": "0.05" })],
      "ort-C500005-500004": [restarted],
    });
    let paced = 0;
    const out = await replay({ file, url, site: "retail", concurrency: 3, adminToken: "admin", pace: async () => void paced++ });
    // Every attempt waits for its slot under the rate limit, retries included (10 writes, 5 sent again).
    expect(paced).toBe(15);
    expect(out.retries).toEqual({ "503": 2, "201-unreadable": 1, network: 1, "429": 1 });
    expect(attempts).toMatchObject({ "ort-500001": 3, "ort-500003": 2, "ort-500009": 2, "ort-C500005-500004": 2 });
    // Every write recorded exactly once; the one whose answer was lost comes back a duplicate.
    expect(out.results).toEqual({ "order:created": 8, "order:duplicate": 1, "refund:created": 1 });
  });

  it("never sends a 4xx other than 429 again", async () => {
    const refused = await serve({ "ort-500001": [json(422, { error: { code: "unsupported_currency" } })] });
    await expect(replay({ file, url: refused.url, site: "retail", concurrency: 1, adminToken: "admin" })).rejects.toThrow(/\/v1\/orders: 422/);
    expect(refused.attempts["ort-500001"]).toBe(1);
  });
});

describe("the replay's pace", () => {
  afterEach(() => vi.useRealTimers());

  /** When each of `calls` calls of `pace` got its slot, in ms from the start (fake clock). */
  async function slots(pace: () => Promise<void>, calls: number): Promise<number[]> {
    const start = performance.now();
    const at: number[] = [];
    const all = Array.from({ length: calls }, () => pace().then(() => at.push(performance.now() - start)));
    await vi.runAllTimersAsync();
    await Promise.all(all);
    return at;
  }

  it("gives each request its own slot, `rate` a second, and never bursts after a pause", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "performance"] });
    const pace = pacer(10);
    expect(await slots(pace, 12)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100]);
    // Idle for 5 s: the next request goes at once, the ones after it 100 ms apart again.
    await vi.advanceTimersByTimeAsync(5000);
    expect(await slots(pace, 3)).toEqual([0, 100, 200]);
  });
});
