import { createRoute, z } from "@hono/zod-openapi";
import { STAGES } from "./lifecycle";
import { RFM_GROUPS } from "./rfm";
import { createRouter } from "../../platform/create-router";
import { ApiError } from "../../platform/errors";
import { errorResponses } from "../../platform/schemas";
import { siteStub } from "../../platform/stubs";

const rfmIds = RFM_GROUPS.map((g) => `rfm-${g.replaceAll("_", "-")}`);

export const listSegmentsRoute = createRoute({
  method: "get",
  path: "/v1/segments",
  tags: ["Server"],
  summary: "Every segment with its member count",
  description: `Lifecycle stages (${STAGES.join(", ")}), RFM groups (${rfmIds.join(", ")}) and the site's rule segments (site config \`segments\`).`,
  security: [{ secretKey: [] }],
  responses: {
    200: {
      description: "Segments",
      content: {
        "application/json": {
          schema: z.object({ segments: z.array(z.object({ id: z.string(), kind: z.enum(["lifecycle", "rfm", "rule"]), name: z.string(), members: z.number().int() })) }),
        },
      },
    },
    ...errorResponses(401, 403),
  },
});

export const segmentCustomersRoute = createRoute({
  method: "get",
  path: "/v1/segments/{segment}/customers",
  tags: ["Server"],
  summary: "Members of a segment, page by page",
  description:
    "A lifecycle stage, an RFM group (`rfm-champions`, …) or a rule segment's id. Pass `nextCursor` back as `cursor` for the next page; pages follow customer-id order, so they stay stable while members come and go, and every page costs the same at any depth.",
  security: [{ secretKey: [] }],
  request: {
    params: z.object({ segment: z.string().max(64) }),
    query: z.object({ cursor: z.string().max(300).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
  },
  responses: {
    200: {
      description: "A page of members",
      content: { "application/json": { schema: z.object({ segment: z.string(), customers: z.array(z.record(z.string(), z.unknown())), nextCursor: z.string().nullable() }) } },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

/** Cursors are opaque to clients (base64url of the last id) so the paging scheme can change. */
const encode = (id: string) => btoa(id).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
function decode(cursor: string): string {
  try {
    return atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    throw new ApiError(400, "invalid_request", "Invalid cursor.");
  }
}

export const segments = createRouter()
  .openapi(listSegmentsRoute, async (c) => {
    const { counts, rules } = await siteStub(c.env, c.get("site").siteId).segmentCounts();
    const list = [
      ...STAGES.map((id) => ({ id, kind: "lifecycle" as const, name: id.replaceAll("_", " "), members: counts[id] ?? 0 })),
      ...rfmIds.map((id) => ({ id, kind: "rfm" as const, name: id.slice(4).replaceAll("-", " "), members: counts[id] ?? 0 })),
      ...rules.map((r) => ({ id: r.id, kind: "rule" as const, name: r.name, members: counts[r.id] ?? 0 })),
    ];
    return c.json({ segments: list }, 200);
  })
  .openapi(segmentCustomersRoute, async (c) => {
    const { segment } = c.req.valid("param");
    const { cursor, limit } = c.req.valid("query");
    const site = c.get("site");
    const known = (STAGES as readonly string[]).includes(segment) || rfmIds.includes(segment) || site.config.segments.some((s) => s.id === segment);
    if (!known) throw new ApiError(404, "not_found", `No segment "${segment}". GET /v1/segments lists them.`);
    const page = await siteStub(c.env, site.siteId).listSegment(segment, cursor ? decode(cursor) : null, limit);
    return c.json({ segment, customers: page.customers, nextCursor: page.nextCursor ? encode(page.nextCursor) : null }, 200);
  });
