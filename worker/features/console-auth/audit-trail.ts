import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../app-env";
import { bestEffort } from "../../platform/best-effort";
import { siteStub } from "../../platform/stubs";
import { type Actor, type AuditInput, auditSummary, shouldAudit, siteOfAdminPath } from "./audit-log";

/**
 * Middleware, registered outside server and admin auth: after the request has been answered (auth
 * refusals included), appends an audit entry when `shouldAudit` says so (audit-log.ts). Awaited,
 * so the entry is there when the answer arrives, but best effort: the change it describes is
 * already stored, and a lost entry must not turn it into an error.
 */
export function auditTrail(): MiddlewareHandler<AppEnv> {
  return async function auditTrail(c, next) {
    await next();
    const actor: Actor | undefined = c.get("actor");
    const path = new URL(c.req.url).pathname;
    const { method } = c.req;
    const status = c.res.status;
    if (!actor || !shouldAudit(actor, method, path, status)) return;
    const siteId = c.get("site")?.siteId ?? siteOfAdminPath(path);
    if (!siteId) return;
    const refused = status === 403 ? await errorCode(c.res) : null;
    const entry: AuditInput = { at: Date.now(), actor: actor.name, role: actor.role, method, path, status, summary: auditSummary(method, path, c.get("auditNote"), refused) };
    await bestEffort("audit log", () => siteStub(c.env, siteId).recordAudit(entry));
  };
}

/** The `error.code` of an error answer (a clone is read; the answer itself goes out untouched). */
async function errorCode(res: Response): Promise<string | null> {
  try {
    const body = await res.clone().json<{ error?: { code?: unknown } }>();
    return typeof body.error?.code === "string" ? body.error.code : null;
  } catch {
    return null;
  }
}
