import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "../../platform/schemas";

const AuditEntry = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.string().openapi({ description: "`secret key (API)`, `owner (secret key)` (a console session), `operator (admin token)` or a staff email" }),
    role: z.enum(["owner", "editor", "viewer"]),
    method: z.string(),
    path: z.string(),
    status: z.number().int().openapi({ description: "The answer's status: 2xx, or 403 for a change a console session was refused" }),
    summary: z.string().openapi({ example: "PUT /v1/site/config: changed name, webhooks" }),
  })
  .openapi("AuditEntry");

/** GET /v1/audit: the console shows who changed what, newest first. */
export const auditRoute = createRoute({
  method: "get",
  path: "/v1/audit",
  operationId: "listAuditLog",
  tags: ["Console"],
  summary: "Audit log",
  description:
    "Every change made through a console session (and every change a session was refused, 403), plus configuration changes made with the secret key or the admin token: site config, staff, reward and offer code uploads, customer erasure, points and actions, webhook replays, key rotation, console sign-in and sign-out. Not ingestion (orders, catalog, integrations, events). Summaries name the change, never a body or a secret. The latest 10,000 entries are kept.",
  security: [{ secretKey: [] }],
  request: {
    query: z.object({
      cursor: z
        .string()
        .regex(/^[1-9][0-9]{0,15}$/, "the nextCursor of the previous page")
        .optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: { description: "A page of entries, newest first", content: { "application/json": { schema: z.object({ entries: z.array(AuditEntry), nextCursor: z.string().nullable() }) } } },
    ...errorResponses(400, 401, 403),
  },
});
