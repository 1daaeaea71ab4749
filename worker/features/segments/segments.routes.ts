import { createRoute, z } from "@hono/zod-openapi";
import { STAGES } from "./lifecycle";
import { RFM_GROUPS } from "./rfm";
import { errorResponses } from "../../platform/schemas";

/** The public ids of the RFM groups (`rfm-champions`, …), shared by the OpenAPI text and the handlers. */
export const rfmIds = RFM_GROUPS.map((g) => `rfm-${g.replaceAll("_", "-")}`);

/** GET /v1/segments: the shop lists every segment it can target, with member counts. */
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

/** GET /v1/segments/{segment}/customers: the shop pages through a segment's members to act on them. */
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
