import type { AppRouteHandler } from "../../platform/create-router";
import { ApiError } from "../../platform/errors";
import { siteStub } from "../../platform/stubs";
import { STAGES } from "./lifecycle";
import { rangeProblem } from "./segment-history";
import { rfmIds, type listSegmentsRoute, type previewSegmentRoute, type segmentCustomersRoute, type segmentHistoryRoute } from "./segments.routes";

/** Cursors are opaque to clients (base64url of the last id) so the paging scheme can change. */
const encode = (id: string) => btoa(id).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
function decode(cursor: string): string {
  try {
    return atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    throw new ApiError(400, "invalid_request", "Invalid cursor.");
  }
}

/** Counts every lifecycle stage, RFM group and rule segment from the site object's tallies. */
export const listSegments: AppRouteHandler<typeof listSegmentsRoute> = async (c) => {
  const { counts, rules } = await siteStub(c.env, c.get("site").siteId).segmentCounts();
  const list = [
    ...STAGES.map((id) => ({ id, kind: "lifecycle" as const, name: id.replaceAll("_", " "), members: counts[id] ?? 0 })),
    ...rfmIds.map((id) => ({ id, kind: "rfm" as const, name: id.slice(4).replaceAll("-", " "), members: counts[id] ?? 0 })),
    ...rules.map((r) => ({ id: r.id, kind: "rule" as const, name: r.name, members: counts[r.id] ?? 0 })),
  ];
  return c.json({ segments: list }, 200);
};

/** One page of a known segment's members, with an opaque cursor for the next; 404 for an unknown segment. */
export const segmentCustomers: AppRouteHandler<typeof segmentCustomersRoute> = async (c) => {
  const { segment } = c.req.valid("param");
  const { cursor, limit } = c.req.valid("query");
  const site = c.get("site");
  const known = (STAGES as readonly string[]).includes(segment) || rfmIds.includes(segment) || site.config.segments.some((s) => s.id === segment);
  if (!known) throw new ApiError(404, "not_found", `No segment "${segment}". GET /v1/segments lists them.`);
  const page = await siteStub(c.env, site.siteId).listSegment(segment, cursor ? decode(cursor) : null, limit);
  return c.json({ segment, customers: page.customers, nextCursor: page.nextCursor ? encode(page.nextCursor) : null }, 200);
};

/** The would-be member count of a rule (validated by the body schema, the config's own Segment), judged by the Site. */
export const previewSegment: AppRouteHandler<typeof previewSegmentRoute> = async (c) => {
  const { segment } = c.req.valid("json");
  return c.json(await siteStub(c.env, c.get("site").siteId).previewSegment(segment.rule), 200);
};

/** Recorded daily segment sizes over a bounded range; 400 for an impossible or too long range. */
export const segmentHistory: AppRouteHandler<typeof segmentHistoryRoute> = async (c) => {
  const { from, to } = c.req.valid("query");
  const problem = rangeProblem(from, to);
  if (problem) throw new ApiError(400, "invalid_request", problem);
  return c.json({ days: await siteStub(c.env, c.get("site").siteId).segmentHistory(from, to) }, 200);
};
