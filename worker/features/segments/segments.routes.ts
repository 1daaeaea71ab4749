import { createRoute, z } from "@hono/zod-openapi";
import { STAGES } from "./lifecycle";
import { RFM_GROUPS } from "./rfm";
import { errorResponses } from "../../platform/schemas";
import { Segment } from "./segments.schemas";
import { PREVIEW_EXACT_MAX, PREVIEW_SAMPLE } from "./segment-preview";
import { HISTORY_MAX_DAYS } from "./segment-history";

/** The public ids of the RFM groups (`rfm-champions`, …), shared by the OpenAPI text and the handlers. */
export const rfmIds = RFM_GROUPS.map((g) => `rfm-${g.replaceAll("_", "-")}`);

/** GET /v1/segments: the shop lists every segment it can target, with member counts. */
export const listSegmentsRoute = createRoute({
  method: "get",
  path: "/v1/segments",
  operationId: "listSegments",
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
  operationId: "listSegmentCustomers",
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

/** POST /v1/segments/preview: the shop sees how many customers a rule would match before saving it. */
export const previewSegmentRoute = createRoute({
  method: "post",
  path: "/v1/segments/preview",
  operationId: "previewSegment",
  tags: ["Server"],
  summary: "How many customers a rule would match, before saving it",
  description: `Judges the shop's indexed customers against \`segment.rule\` with the same rule engine and the same lifecycle thresholds and RFM statistics that file customers, so \`matching\` is the member count the segment gets right after the same rule is saved in the site config. Nothing is stored. Rules over event windows only see the event types the saved rules already keep (as after saving, until customers' next events arrive).

**Cost is bounded** because a shop may have a million customers and the console asks again as a rule is typed: up to ${PREVIEW_EXACT_MAX.toLocaleString("en")} customers every one is judged (\`exact: true\`); above that, ${PREVIEW_SAMPLE.toLocaleString("en")} customers spread evenly over the order they joined in are judged and the count is scaled to \`total\` (\`exact: false\`). The sample is the same for the same data, so asking twice gives the same answer. \`sample\` lists up to 10 matching customers.

**A read:** a console viewer may call it too (it is a POST only because a rule does not fit in a URL), it still needs the session's \`X-Revisit-CSRF\` header, and it is not written to the audit log. An invalid rule gets 400 with the same issues \`PUT /v1/site/config\` would give for it.`,
  security: [{ secretKey: [] }],
  request: { body: { required: true, content: { "application/json": { schema: z.object({ segment: Segment }) } } } },
  responses: {
    200: {
      description: "The would-be match count",
      content: {
        "application/json": {
          schema: z.object({
            matching: z.number().int(),
            total: z.number().int(),
            sample: z.array(z.object({ customerId: z.string(), email: z.string().nullable(), firstName: z.string().nullable() })),
            exact: z.boolean(),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

const Day = z.string().openapi({ example: "2033-05-01", description: "A UTC calendar day, YYYY-MM-DD" });

/** GET /v1/segments/history: segment sizes day by day, for trends. */
export const segmentHistoryRoute = createRoute({
  method: "get",
  path: "/v1/segments/history",
  operationId: "getSegmentHistory",
  tags: ["Server"],
  summary: "Segment sizes day by day",
  description: `The member count of every lifecycle stage, RFM group and rule segment as recorded once a day (UTC) when the daily re-filing ends (around 03:00 UTC), for the days from \`from\` to \`to\` (both included, at most ${HISTORY_MAX_DAYS} days). Days with no record (before the shop had customers, or before this was released) are left out, not given as zeros; a segment missing from a day's \`counts\` did not exist then. Today's live counts are in \`GET /v1/segments\`.`,
  security: [{ secretKey: [] }],
  request: { query: z.object({ from: Day, to: Day }) },
  responses: {
    200: {
      description: "Recorded days, oldest first",
      content: { "application/json": { schema: z.object({ days: z.array(z.object({ day: z.string(), counts: z.record(z.string(), z.number().int()) })) }) } },
    },
    ...errorResponses(400, 401, 403),
  },
});
