import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

/**
 * Webhooks out against the real stack (wrangler dev): a real HTTP receiver on 127.0.0.1 that
 * verifies every request with the standardwebhooks package and the demo shop's signing secret,
 * and is down (503) for its first seconds. The outbox's alarm retries 5 seconds later.
 */
const api = inject("apiUrl");
const SECRET = "whsec_ZGVtby13ZWJob29rLXNlY3JldA==";
const auth = { Authorization: "Bearer sk_test_demo", "Content-Type": "application/json" };

interface Arrival {
  at: number;
  status: number;
  id: string;
  event: { type: string; data: Record<string, unknown> } | null;
  error: string | null;
}
const arrivals: Arrival[] = [];
let downUntil = 0;
let receiver: Server;
let url = "";
let original: Record<string, unknown>;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      const status = Date.now() < downUntil ? 503 : 200;
      let event: Arrival["event"] = null;
      let error: string | null = null;
      try {
        event = new Webhook(SECRET).verify(body, req.headers as Record<string, string>) as Arrival["event"];
      } catch (err) {
        error = String(err);
      }
      arrivals.push({ at: Date.now(), status, id: String(req.headers["webhook-id"]), event, error });
      res.writeHead(status).end(status === 200 ? "ok" : "down");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  original = (await (await fetch(`${api}/v1/site/config`, { headers: auth })).json()) as Record<string, unknown>;
  const put = await fetch(`${api}/v1/site/config`, { method: "PUT", headers: auth, body: JSON.stringify({ ...original, webhooks: [{ url, events: ["order.credited"] }] }) });
  expect(put.status, await put.clone().text()).toBe(200);
});

afterAll(async () => {
  if (original) await fetch(`${api}/v1/site/config`, { method: "PUT", headers: auth, body: JSON.stringify(original) });
  await new Promise((r) => receiver?.close(r));
});

async function until<T>(what: () => T | undefined, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = what();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("webhooks out (real receiver)", () => {
  it("delivers a signed order.credited to a receiver that was down, with the same webhook-id on the retry", async () => {
    downUntil = Date.now() + 2_500; // the first attempt (at once) fails; the retry 5 s later succeeds
    const orderId = `e2e-hook-${Date.now()}`;
    const order = { id: orderId, customerId: "e2e-hook-customer", items: [{ productId: "p-matcha", quantity: 1, price: 29 }], total: 29, currency: "USD", createdAt: new Date().toISOString() };
    const res = await fetch(`${api}/v1/orders`, { method: "POST", headers: auth, body: JSON.stringify(order) });
    expect(res.status).toBe(201);
    const ok = await until(() => arrivals.find((a) => a.status === 200 && a.event?.data.orderId === orderId), 30_000);
    expect(ok.error).toBeNull();
    expect(ok.event).toMatchObject({ type: "order.credited", data: { customerId: "e2e-hook-customer", orderId, total: 29, currency: "USD" } });
    const mine = arrivals.filter((a) => a.id === ok.id);
    expect(mine.map((a) => a.status)).toEqual([503, 200]);
    expect(mine.every((a) => a.error === null)).toBe(true);
    expect((mine[1] as Arrival).at - (mine[0] as Arrival).at).toBeGreaterThanOrEqual(4_000);

    const log = (await (await fetch(`${api}/v1/webhooks/deliveries?status=delivered`, { headers: auth })).json()) as { deliveries: { eventId: string; attempts: number; endpoint: string }[] };
    expect(log.deliveries.find((d) => d.eventId === ok.id)).toMatchObject({ attempts: 2, endpoint: url });
  });
});
