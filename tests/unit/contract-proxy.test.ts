import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM script without types
import { compileContract } from "../../scripts/lib/contract-check.mjs";
// @ts-expect-error: plain ESM script without types
import { describeCoverage, describeProblems, startContractProxy } from "../../scripts/lib/contract-proxy.mjs";

/**
 * The validating proxy the end-to-end suite puts in front of wrangler dev, in front of a scripted
 * upstream with a small document: traffic passes untouched, and answers that break the document
 * are recorded (an undocumented status, a body its schema refuses, a method or route the document
 * lacks), matched to the right template.
 */
type Problem = { operation: string; status: number; message: string; count: number; examples: string[] };
type ContractRecord = {
  slow: string[];
  slowCount: number;
  waitingOnClients: number;
  checked: number;
  preflights: number;
  passedThrough: number;
  operations: Record<string, Record<string, number>>;
  problems: Problem[];
};
type Proxy = { url: string; record: (options?: { wait?: boolean }) => Promise<ContractRecord>; close: () => Promise<void> };

const json = { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } };
const doc = {
  openapi: "3.1.0",
  info: { title: "t", version: "1" },
  paths: {
    "/v1/things": { post: { responses: { "201": { description: "made", content: { "application/json": { schema: { type: "object", required: ["echo"] } } } } } } },
    "/v1/things/special": {
      get: { responses: { "200": { description: "s", content: { "application/json": { schema: { type: "object", required: ["kind"], properties: { kind: { const: "special" } } } } } } } },
    },
    "/v1/things/{thingId}": {
      get: { responses: { "200": { description: "one", content: json }, "4XX": { description: "refused", content: { "application/json": { schema: { type: "object", required: ["error"] } } } } } },
      patch: { responses: { "200": { description: "changed", content: json } } },
    },
    "/v1/files/{name}": { get: { responses: { "200": { description: "bytes", content: { "application/octet-stream": {} } } } } },
    "/v1/{any}/list": { get: { responses: { "200": { description: "l" } } } },
  },
  components: { schemas: { Thing: { type: "object", required: ["id"], properties: { id: { type: "string" }, at: { type: "string", format: "date-time" } } } } },
};

const file = randomBytes(256 * 1024);
let releaseStream: () => void = () => {};
const streamReleased = new Promise<void>((r) => (releaseStream = r));
let releaseHeld: () => void = () => {};
const held = new Promise<void>((r) => (releaseHeld = r));

/** The scripted upstream: each path answers one way. */
async function upstream(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const send = (status: number, body: unknown, headers: Record<string, string | string[]> = {}) =>
    void res.writeHead(status, { "Content-Type": "application/json", ...headers }).end(JSON.stringify(body));
  const url = req.url ?? "";
  if (req.method === "POST" && url.startsWith("/v1/things")) {
    let body = "";
    for await (const chunk of req) body += chunk;
    return send(
      201,
      { echo: { method: req.method, url, host: req.headers.host, origin: req.headers.origin, cookie: req.headers.cookie, custom: req.headers["x-custom"], body } },
      { "Set-Cookie": ["a=1; HttpOnly; Path=/", "b=2; SameSite=Strict"], "X-Upstream": "yes" },
    );
  }
  if (url === "/v1/things/special") return send(200, { kind: "special" });
  if (url === "/v1/things/late") return void setTimeout(() => send(200, { id: "late" }), 60);
  if (url === "/v1/things/held") return void (await held, send(200, { id: "held" }));
  if (url === "/v1/things/unread") return void res.writeHead(200, { "Content-Type": "text/plain" }).end(Buffer.alloc(32 * 1024 * 1024, 97));
  if (url === "/v1/things/good") return send(200, { id: "good", at: "2026-01-02T03:04:05Z" });
  if (url === "/v1/things/bad") return send(200, { id: 5 });
  if (url === "/v1/things/badformat") return send(200, { id: "x", at: "yesterday" });
  if (url === "/v1/things/zipped") return void res.writeHead(200, { "Content-Type": "application/json", "Content-Encoding": "gzip" }).end(gzipSync(JSON.stringify({ id: 7 })));
  if (url === "/v1/things/brokenzip") return void res.writeHead(200, { "Content-Type": "application/json", "Content-Encoding": "gzip" }).end("not gzip at all");
  if (url === "/v1/things/teapot") return send(418, { error: "teapot" });
  if (url === "/v1/things/missing") return send(404, { error: { code: "not_found" } });
  if (url === "/v1/things/gone" && req.method === "DELETE") return void res.writeHead(204).end();
  if (url === "/v1/things/nope" && req.method === "PUT") return send(405, { error: "method" });
  if (url === "/v1/things/list") return void res.writeHead(200).end();
  if (url === "/v1/secret") return send(200, { hidden: true });
  if (url === "/v1/files/big.bin") {
    res.writeHead(200, { "Content-Type": "application/octet-stream" });
    res.write(file.subarray(0, 1024));
    await streamReleased; // the rest only once the client has read the first bytes: streamed, not buffered
    return void res.end(file.subarray(1024));
  }
  if (req.method === "OPTIONS") return void res.writeHead(204, { "Access-Control-Allow-Origin": "https://shop.example" }).end();
  res.writeHead(200, { "Content-Type": "text/javascript" }).end("console.log('widget')");
}

let server: Server;
let upstreamUrl: string;
let proxy: Proxy;
beforeAll(async () => {
  server = createServer((req, res) => void upstream(req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  upstreamUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy = await startContractProxy({ upstream: upstreamUrl, document: doc });
});
afterAll(async () => {
  await proxy.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/** The problems recorded for one operation and status. */
const problemsOf = async (operation: string, status: number) => (await proxy.record()).problems.filter((p) => p.operation === operation && p.status === status);

describe("the contract proxy", () => {
  it("passes a valid answer on untouched: status, headers, Set-Cookie, body; the request too", async () => {
    const res = await fetch(`${proxy.url}/v1/things?x=1`, {
      method: "POST",
      headers: { Origin: "https://shop.example", Cookie: "s=abc", "X-Custom": "kept", "Content-Type": "application/json" },
      body: '{"n":1}',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("X-Upstream")).toBe("yes");
    expect(res.headers.getSetCookie()).toEqual(["a=1; HttpOnly; Path=/", "b=2; SameSite=Strict"]);
    const { echo } = (await res.json()) as { echo: unknown };
    // Host stays the proxy's, so a Worker comparing Origin with its own URL sees the proxy's origin.
    expect(echo).toEqual({ method: "POST", url: "/v1/things?x=1", host: new URL(proxy.url).host, origin: "https://shop.example", cookie: "s=abc", custom: "kept", body: '{"n":1}' });
    expect(await problemsOf("POST /v1/things", 201)).toEqual([]);
    expect((await proxy.record()).operations["POST /v1/things"]).toEqual({ "201": 1 });
  });

  it("records an undocumented status and a body its schema refuses", async () => {
    expect((await fetch(`${proxy.url}/v1/things/teapot`)).status).toBe(418); // passed on all the same
    expect((await fetch(`${proxy.url}/v1/things/bad`)).status).toBe(200);
    await fetch(`${proxy.url}/v1/things/badformat`);
    await fetch(`${proxy.url}/v1/things/good`);
    const zipped = await fetch(`${proxy.url}/v1/things/zipped`);
    expect(await zipped.json()).toEqual({ id: 7 });
    const problems = await problemsOf("GET /v1/things/{thingId}", 200);
    expect(problems.map((p) => p.message)).toEqual(["body/id must be string", 'body/at must match format "date-time"']);
    expect(problems[0]?.count).toBe(2); // bad and zipped (read after unpacking)
    expect(problems[0]?.examples[0]).toContain("GET /v1/things/bad");
    expect(problems[0]?.examples[1]).toContain('GET /v1/things/zipped → {"id":7}'); // examples unpacked too
    await (await fetch(`${proxy.url}/v1/things/brokenzip`)).arrayBuffer().catch(() => null);
    expect((await problemsOf("GET /v1/things/{thingId}", 200)).map((p) => p.message)).toContain("could not be checked: incorrect header check");
    // 418 is documented by the range 4XX, and its body has the `error` that range asks for.
    expect((await problemsOf("GET /v1/things/{thingId}", 418)).map((p) => p.message)).toEqual([]);
    expect(describeProblems(await proxy.record())).toContain("GET /v1/things/{thingId} → 200 (2×): body/id must be string");
  });

  it("records a status no response documents, a method and a route the document lacks", async () => {
    const narrower = structuredClone(doc);
    delete (narrower.paths["/v1/things/{thingId}"].get.responses as Record<string, unknown>)["4XX"];
    const strict: Proxy = await startContractProxy({ upstream: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, document: narrower });
    try {
      await fetch(`${strict.url}/v1/things/teapot`);
      await fetch(`${strict.url}/v1/things/gone`, { method: "DELETE" });
      await fetch(`${strict.url}/v1/things/nope`, { method: "PUT" }); // 405: the Worker agrees it is not there
      await fetch(`${strict.url}/v1/secret`);
      await fetch(`${strict.url}/v1/nothing-here`); // 200 from the fallback: also a route missing from the document
      const messages = (await strict.record()).problems.map((p) => `${p.operation} ${p.status}: ${p.message}`);
      expect(messages).toEqual([
        "GET /v1/things/{thingId} 418: status 418 is not documented (documented: 200)",
        "DELETE /v1/things/{thingId} 204: DELETE is not documented for /v1/things/{thingId}, yet answered 204",
        "GET /v1/secret 200: no path of the document matches /v1/secret, yet it answered 200",
        "GET /v1/nothing-here 200: no path of the document matches /v1/nothing-here, yet it answered 200",
      ]);
    } finally {
      await strict.close();
    }
  });

  it("matches literal segments before parameters, leftmost first", async () => {
    const special = await fetch(`${proxy.url}/v1/things/special`);
    expect(await special.json()).toEqual({ kind: "special" });
    const record = await proxy.record();
    expect(record.operations["GET /v1/things/special"]).toEqual({ "200": 1 });
    expect(record.problems.filter((p) => p.operation === "GET /v1/things/special")).toEqual([]);
    const contract = compileContract(doc);
    expect(contract.match("/v1/things/special")).toBe("/v1/things/special");
    expect(contract.match("/v1/things/other")).toBe("/v1/things/{thingId}");
    expect(contract.match("/v1/things/list")).toBe("/v1/things/{thingId}"); // `things` (2nd) is literal there, `{any}` is not
    expect(contract.match("/v1/stuff/list")).toBe("/v1/{any}/list");
    expect(contract.match("/v1/things/a%2Fb")).toBe("/v1/things/{thingId}");
    expect(contract.match("/widget.js")).toBeNull();
  });

  it("streams binary bodies through intact, and passes other paths and preflights unchecked", async () => {
    const before = await proxy.record();
    const res = await fetch(`${proxy.url}/v1/files/big.bin`);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const parts: Uint8Array[] = [];
    const first = await reader.read(); // arrives while the upstream still holds the rest back
    parts.push(first.value as Uint8Array);
    releaseStream();
    for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
    expect(Buffer.concat(parts).equals(file)).toBe(true);
    const widget = await fetch(`${proxy.url}/widget.js`);
    expect(await widget.text()).toBe("console.log('widget')");
    const preflight = await fetch(`${proxy.url}/v1/things/x`, { method: "OPTIONS" });
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe("https://shop.example");
    const after = await proxy.record();
    expect(after.passedThrough - before.passedThrough).toBe(1);
    expect(after.preflights - before.preflights).toBe(1);
    expect(after.operations["GET /v1/files/{name}"]).toEqual({ "200": 1 });
    expect(after.problems.filter((p) => p.operation === "GET /v1/files/{name}")).toEqual([]);
  });

  it("answers its record over HTTP, for test files in other processes", async () => {
    const record = (await (await fetch(`${proxy.url}/__contract`)).json()) as ContractRecord;
    expect(record).toEqual(await proxy.record());
  });

  it("lists the requests slower than its bound: a late answer, and one its client gave up on", async () => {
    const watch: Proxy = await startContractProxy({ upstream: upstreamUrl, document: doc, slowMs: 40 });
    try {
      expect((await fetch(`${watch.url}/v1/things/late`)).status).toBe(200);
      const gaveUp = new AbortController();
      const waiting = fetch(`${watch.url}/v1/things/held`, { signal: gaveUp.signal }).catch((e: Error) => e.name);
      await new Promise((r) => setTimeout(r, 80));
      gaveUp.abort();
      expect(await waiting).toBe("AbortError");
      await expect.poll(async () => (await watch.record()).slow.length).toBe(2);
      const record = await watch.record();
      const late = /^GET \/v1\/things\/late: answered 200 after \d+ ms \(the Worker's headers at (\d+) ms, its last byte at (\d+) ms\)$/.exec(record.slow[0] ?? "");
      expect(late, record.slow[0]).not.toBeNull();
      // The upstream waited 60 ms before answering: the Worker's side is what held this one.
      expect(Number(late![1])).toBeGreaterThanOrEqual(55);
      expect(Number(late![2])).toBeGreaterThanOrEqual(Number(late![1]));
      expect(record.slow[1]).toMatch(/^GET \/v1\/things\/held: cancelled by its client after \d+ ms \(no answer from the Worker yet\)$/);
      expect(describeCoverage(record)).toContain("2 requests took over 40 ms:\n    GET /v1/things/late: answered 200");
      // A client that never reads a 32 MB answer: the proxy waits on it, and says so.
      const unread = connect(Number(new URL(watch.url).port), "127.0.0.1");
      unread.pause();
      unread.write("GET /v1/things/unread HTTP/1.1\r\nHost: localhost\r\n\r\n");
      await expect.poll(async () => (await watch.record({ wait: false })).waitingOnClients).toBe(1);
      await new Promise((r) => setTimeout(r, 60));
      unread.destroy();
      await expect.poll(async () => (await watch.record()).slow.length).toBe(3);
      const waited = /^GET \/v1\/things\/unread: cancelled by its client after \d+ ms \(the Worker's headers at \d+ ms, .*; (\d+) ms waiting for the client to read\)$/.exec(
        (await watch.record()).slow[2] ?? "",
      );
      expect(waited, (await watch.record()).slow[2]).not.toBeNull();
      expect(Number(waited![1])).toBeGreaterThanOrEqual(55);
      expect((await watch.record()).waitingOnClients).toBe(0);
      // The shared proxy's bound is 10 s: nothing in this file comes near it.
      expect((await proxy.record()).slowCount).toBe(0);
    } finally {
      releaseHeld();
      await watch.close();
    }
  });
});
