import { exports } from "cloudflare:workers";

export const ADMIN = "admin_test_token";
export const ORIGIN = "https://shop.example";

/** Calls the Worker exactly as a client over HTTP would (same routing, middleware and errors). */
export function call(path: string, init: RequestInit & { json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("Content-Type", "application/json");
    body = JSON.stringify(init.json);
  }
  return exports.default.fetch(new Request(`https://revisit.test${path}`, { ...init, headers, body }));
}

export interface TestSite {
  siteId: string;
  publishableKey: string;
  secretKey: string;
  identitySecret: string;
  shopifySecret: string;
}

/** Creates a site through the admin API (the real path), with a config on top. */
export async function createSite(id: string, config: Record<string, unknown> = {}): Promise<TestSite> {
  const res = await call("/v1/admin/sites", { method: "POST", headers: { Authorization: `Bearer ${ADMIN}` }, json: { id, name: `Shop ${id}`, allowedOrigins: [ORIGIN] } });
  if (res.status !== 201) throw new Error(`create site ${id}: ${res.status} ${await res.text()}`);
  const site = (await res.json()) as TestSite;
  if (Object.keys(config).length) {
    const put = await call("/v1/site/config", { method: "PUT", headers: { Authorization: `Bearer ${site.secretKey}` }, json: { name: `Shop ${id}`, allowedOrigins: [ORIGIN], ...config } });
    if (put.status !== 200) throw new Error(`config ${id}: ${put.status} ${await put.text()}`);
  }
  return site;
}

export function visitorHeaders(site: TestSite, visitorId: string, extra: Record<string, string> = {}) {
  return { "X-Revisit-Key": site.publishableKey, "X-Revisit-Visitor": visitorId, Origin: ORIGIN, ...extra };
}

export function server(site: TestSite) {
  return { Authorization: `Bearer ${site.secretKey}` };
}

export async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const sig = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(message)));
  return [...sig].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The expiring customer hash exactly as the README tells a shop to compute it (written out here, not imported, so the test checks the documented text). */
export function expiringHash(secret: string, customerId: string, expires: number): Promise<string> {
  return hmacHex(secret, `revisit-expiring-v2\n${expires}\n${customerId}`);
}

export const product = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  title: `Product ${id}`,
  url: `${ORIGIN}/products/${id}`,
  image: `${ORIGIN}/images/${id}.svg`,
  price: 10,
  currency: "USD",
  categories: ["general"],
  tags: [],
  ...extra,
});

/** Every member of a segment, paging with the API's cursor (`limit` per page). */
export async function segmentMembers(site: TestSite, segment: string, limit = 500): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const res: Response = await call(`/v1/segments/${segment}/customers?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { headers: server(site) });
    if (res.status !== 200) throw new Error(`GET segment ${segment}: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as { customers: { customerId: string }[]; nextCursor: string | null };
    ids.push(...page.customers.map((c) => c.customerId));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}
