import { armOf, bucketOf } from "../../worker/features/experiments/assignment";
import { call, hmacHex, ORIGIN, server, type TestSite, visitorHeaders } from "./helpers";

/** Shared by the holdout tests (holdout.test.ts, holdout-experience.test.ts): shoppers with a known arm. */

/** The arm the documented rule gives a shopper (worker/features/experiments/assignment.ts: site, experiment, kind:id), computed outside the Worker. */
export const drawn = (siteId: string, experiment: string, key: string, percent: number) => armOf(bucketOf(siteId, experiment, key), percent);

/** The first `prefix<n>` id (padded to a valid visitor id) whose own draw is `arm`. */
export function firstWith(siteId: string, experiment: string, kind: "visitor" | "customer", prefix: string, percent: number, arm: string): string {
  for (let i = 0; ; i++) {
    const id = `${prefix}${String(i).padStart(16 - prefix.length, "0")}`;
    if (drawn(siteId, experiment, `${kind}:${id}`, percent) === arm) return id;
  }
}

/** Visitor headers carrying a verified customer identity. */
export const customerHeaders = async (site: TestSite, customerId: string, visitorId = `${customerId}-device-0000001`) =>
  visitorHeaders(site, visitorId, { "X-Revisit-Customer": customerId, "X-Revisit-Customer-Hash": await hmacHex(site.identitySecret, customerId) });

/** `PUT /v1/site/config` with the site's secret key. */
export const putConfig = (site: TestSite, config: Record<string, unknown>) =>
  call("/v1/site/config", { method: "PUT", headers: server(site), json: { name: `Shop ${site.siteId}`, allowedOrigins: [ORIGIN], ...config } });
