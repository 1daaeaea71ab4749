import { exports } from "cloudflare:workers";
import type { RouteConfig, z } from "@hono/zod-openapi";
import type { customerView } from "../../worker/features/customers/customers.service";
import type { experienceRoute } from "../../worker/features/experience/experience.routes";
import type { awardActionRoute, redeemRoute } from "../../worker/features/loyalty/loyalty.routes";
import type { createOrderRoute } from "../../worker/features/orders/orders.routes";
import type { shopifyOrdersRoute } from "../../worker/features/orders/shopify.routes";
import type { segmentCustomersRoute } from "../../worker/features/segments/segments.routes";
import type { SiteConfig } from "../../worker/features/site/site-config.schemas";
import type { npsSummaryRoute } from "../../worker/features/surveys/surveys.routes";
import type { WebhookEventType } from "../../worker/features/webhooks/webhooks";
import type { getDeliveryRoute, listDeliveriesRoute } from "../../worker/features/webhooks/webhooks.routes";
import type { ProfileObject } from "../../worker/objects/profile-object";
import type { SiteObject } from "../../worker/objects/site-object";
import type { ErrorResponse } from "../../worker/platform/schemas";

export const ADMIN = "admin_test_token";
export const ORIGIN = "https://shop.example";
/** The origin `call` sends requests to: the Worker's own origin (what the console's `Origin` header says). */
export const WORKER_ORIGIN = "https://revisit.test";

/** Calls the Worker exactly as a client over HTTP would (same routing, middleware and errors). */
export function call(path: string, init: RequestInit & { json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("Content-Type", "application/json");
    body = JSON.stringify(init.json);
  }
  return exports.default.fetch(new Request(`${WORKER_ORIGIN}${path}`, { ...init, headers, body }));
}

// ---- response types, from the API's own route schemas and the Worker's types ------------------

/** The JSON body a route documents for a status: the output type of that response's zod schema. */
export type RouteJson<R extends RouteConfig, S extends keyof R["responses"]> = R["responses"][S] extends { content: { "application/json": { schema: infer T extends z.ZodType } } }
  ? z.output<T>
  : never;

/** Every error answer: `{ error: { code, message, details? } }`. */
export type ApiError = z.infer<typeof ErrorResponse>;
/** `GET /v1/experience`. */
export type Experience = RouteJson<typeof experienceRoute, 200>;
/** `GET` and `PATCH /v1/customers/{id}` (the route documents a free-form object; this is what the handler returns). */
export type CustomerView = NonNullable<Awaited<ReturnType<typeof customerView>>>;
/** `GET /v1/customers/{id}/export`: the Profile object's export plus the site index entry. */
export type CustomerExport = { exportedAt: string; siteId: string; customerId: string; index: ReturnType<SiteObject["customer"]> } & ReturnType<ProfileObject["exportAll"]>;
/** `POST /v1/orders` and `POST /v1/orders/{id}/refunds`. */
export type OrderResult = RouteJson<typeof createOrderRoute, 201>;
/** `POST /v1/customers/{id}/actions`. */
export type ActionResult = RouteJson<typeof awardActionRoute, 200>;
/** `POST /v1/loyalty/rewards/{id}/redeem`. */
export type Redemption = RouteJson<typeof redeemRoute, 201>;
/** `POST /v1/integrations/shopify/orders`. */
export type ShopifyAnswer = RouteJson<typeof shopifyOrdersRoute, 200>;
/** `GET /v1/segments/{id}/customers`. */
export type SegmentPage = RouteJson<typeof segmentCustomersRoute, 200>;
/** `GET /v1/surveys/{id}/nps`. */
export type NpsSummary = RouteJson<typeof npsSummaryRoute, 200>;
/** `GET /v1/webhooks/deliveries` and `/v1/webhooks/dead-letters`. */
export type DeliveryPage = RouteJson<typeof listDeliveriesRoute, 200>;
/** The body every webhook endpoint receives (worker/features/webhooks/webhooks.ts `webhookBody`). */
export interface WebhookPayload {
  type: WebhookEventType;
  timestamp: string;
  data: Record<string, unknown>;
}
/** `GET /v1/webhooks/deliveries/{id}`, with the payload the route documents as unknown spelled out. */
export type DeliveryDetail = Omit<RouteJson<typeof getDeliveryRoute, 200>, "payload"> & { payload: WebhookPayload };
export type { SiteConfig };

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
  const site = await json<TestSite>(res);
  if (Object.keys(config).length) {
    const put = await call("/v1/site/config", { method: "PUT", headers: { Authorization: `Bearer ${site.secretKey}` }, json: { name: `Shop ${id}`, allowedOrigins: [ORIGIN], ...config } });
    if (put.status !== 200) throw new Error(`config ${id}: ${put.status} ${await put.text()}`);
  }
  return site;
}

/** A response's JSON body, typed as what the API documents for it (see the types above). */
export function json<T>(res: Response): Promise<T> {
  return res.json<T>();
}

/** The JSON body of a response that must have `status`; throws with the body otherwise. */
export async function okJson<T>(res: Response, status = 200): Promise<T> {
  if (res.status !== status) throw new Error(`status ${res.status}, expected ${status}: ${await res.text()}`);
  return json<T>(res);
}

// ---- typed calls the tests repeat --------------------------------------------------------------

/** `GET /v1/experience{query}` as the shopper the headers name (visitorHeaders, plus customer headers when identified). */
export async function getExperience(headers: Record<string, string>, query = ""): Promise<Experience> {
  return okJson<Experience>(await call(`/v1/experience${query}`, { headers }));
}

/** `GET /v1/customers/{id}` with the site's secret key. */
export async function getCustomer(site: TestSite, customerId: string): Promise<CustomerView> {
  return okJson<CustomerView>(await call(`/v1/customers/${customerId}`, { headers: server(site) }));
}

/** `GET /v1/customers/{id}/export` with the site's secret key. */
export async function getCustomerExport(site: TestSite, customerId: string): Promise<CustomerExport> {
  return okJson<CustomerExport>(await call(`/v1/customers/${customerId}/export`, { headers: server(site) }));
}

/** `GET /v1/site/config` with the site's secret key. */
export async function getSiteConfig(site: TestSite): Promise<SiteConfig> {
  return okJson<SiteConfig>(await call("/v1/site/config", { headers: server(site) }));
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
    const page = await json<{ customers: { customerId: string }[]; nextCursor: string | null }>(res);
    ids.push(...page.customers.map((c) => c.customerId));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}
