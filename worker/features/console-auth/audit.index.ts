import { createRouter } from "../../platform/create-router";
import { siteStub } from "../../platform/stubs";
import { auditRoute } from "./audit.routes";

/** The audit log read (`GET /v1/audit`), behind the secret key or a console session of any role. */
export const audit = createRouter().openapi(auditRoute, async (c) => {
  const { cursor, limit } = c.req.valid("query");
  return c.json(await siteStub(c.env, c.get("site").siteId).auditPage(cursor ? Number(cursor) : null, limit), 200);
});
