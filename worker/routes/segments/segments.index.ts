import { createRoute, z } from "@hono/zod-openapi";
import { STAGES, type Stage } from "../../domain/lifecycle";
import { createRouter } from "../../lib/create-router";
import { ApiError } from "../../lib/errors";
import { errorResponses } from "../../schemas/common";
import { siteStub } from "../../services/store";

export const segmentCustomersRoute = createRoute({
  method: "get",
  path: "/v1/segments/{segment}/customers",
  tags: ["Server"],
  summary: "Members of a segment, page by page",
  description: `Segments are lifecycle stages for now: ${STAGES.join(", ")}. Pass \`nextCursor\` back as \`cursor\` for the next page; the order (by customer id) is stable while members change.`,
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

export const segments = createRouter().openapi(segmentCustomersRoute, async (c) => {
  const { segment } = c.req.valid("param");
  const { cursor, limit } = c.req.valid("query");
  if (!(STAGES as readonly string[]).includes(segment)) throw new ApiError(404, "not_found", `No segment "${segment}". Known: ${STAGES.join(", ")}.`);
  const page = await siteStub(c.env, c.get("site").siteId).listStage(segment as Stage, cursor ? decode(cursor) : null, limit);
  return c.json({ segment, customers: page.customers, nextCursor: page.nextCursor ? encode(page.nextCursor) : null }, 200);
});
