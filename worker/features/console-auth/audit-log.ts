import type { Sql } from "../../platform/sql";
import type { ConsoleRole } from "./session-store";
import { READ_ONLY_POSTS } from "../../platform/middleware/server-auth";

/**
 * The site's audit log: who changed what, through the console or with the secret key. Kept in the
 * SiteObject (table `console_audit`), newest first, at most {@link AUDIT_MAX} entries. Entries hold
 * a method, a path and a short summary, never a request body, so no key or secret can land here.
 */

/** Entries kept per site; older ones are pruned as new ones arrive. */
export const AUDIT_MAX = 10_000;

/** Who made a request, as auth middleware resolved it (worker/app-env.ts `actor`). */
export interface Actor {
  kind: "secret-key" | "session" | "operator";
  /** Shown in the log: "secret key (API)", "owner (secret key)", "operator (admin token)" or a staff email. */
  name: string;
  role: ConsoleRole;
}

/** One entry to append (`at` in ms). */
export interface AuditInput {
  at: number;
  actor: string;
  role: ConsoleRole;
  method: string;
  path: string;
  status: number;
  summary: string;
}

/** One entry as `GET /v1/audit` answers it. */
export interface AuditEntry extends Omit<AuditInput, "at"> {
  id: string;
  at: string;
}

/** A page of entries, newest first; `nextCursor` continues with older ones. */
export interface AuditPage {
  entries: AuditEntry[];
  nextCursor: string | null;
}

type Row = { id: number; at: number; actor: string; role: string; method: string; path: string; status: number; summary: string };

/** What an erased customer's id becomes in the audit log. */
const ERASED = "(erased)";
const ERASURE = /^(\/v1\/customers\/)[^/]+$/;

/** The `console_audit` table of one SiteObject. */
export class AuditBook {
  constructor(private readonly sql: Sql) {}

  /** Appends an entry and drops what falls beyond `max` (ids are contiguous: only the oldest are ever removed). */
  append(given: AuditInput, max = AUDIT_MAX): void {
    // An erasure is logged, but not whom it erased (their earlier entries were redacted by it).
    const e = ERASURE.test(given.path) ? { ...given, path: given.path.replace(ERASURE, `$1${ERASED}`), summary: given.summary.replace(/\/v1\/customers\/[^/\s:]+/, `/v1/customers/${ERASED}`) } : given;
    // A rowid alias: each new id is the largest plus one.
    const id = this.sql<{ id: number }>`INSERT INTO console_audit (at, actor, role, method, path, status, summary)
      VALUES (${e.at}, ${e.actor}, ${e.role}, ${e.method}, ${e.path}, ${e.status}, ${e.summary}) RETURNING id`[0]?.id;
    if (id !== undefined) this.sql`DELETE FROM console_audit WHERE id <= ${id - max}`;
  }

  /** A customer was erased: their id leaves every entry (paths and summaries), the entries stay. */
  forgetCustomer(customerId: string): void {
    for (const id of new Set([customerId, encodeURIComponent(customerId)])) {
      const at = `/v1/customers/${id}`;
      this.sql`UPDATE console_audit SET path = replace(path, ${at}, ${`/v1/customers/${ERASED}`}), summary = replace(summary, ${at}, ${`/v1/customers/${ERASED}`})
        WHERE path = ${at} OR path LIKE ${`${at.replace(/[%_\\]/g, "\\$&")}/%`} ESCAPE '\\'`;
    }
  }

  /** Entries older than `before` (an id; null for the newest), newest first. */
  page(before: number | null, limit: number): AuditPage {
    const rows = this.sql<Row>`SELECT id, at, actor, role, method, path, status, summary FROM console_audit WHERE id < ${before ?? Number.MAX_SAFE_INTEGER} ORDER BY id DESC LIMIT ${limit + 1}`;
    const entries = rows.slice(0, limit).map((r) => ({ ...r, id: String(r.id), at: new Date(r.at).toISOString(), role: r.role as ConsoleRole }));
    return { entries, nextCursor: rows.length > limit ? (entries.at(-1)?.id ?? null) : null };
  }
}

/**
 * Changes made with the secret key (or the admin token) that are configuration, so they are logged:
 * site config, staff, code uploads, erasure, points and actions, webhook replays, key rotation.
 * High-volume ingestion (orders, catalog, integrations, events, traits) is not.
 */
const CONFIG_CHANGES: readonly RegExp[] = [
  /^\/v1\/site\//,
  /^\/v1\/segments(\/|$)/,
  /^\/v1\/staff(\/|$)/,
  /^\/v1\/loyalty\/rewards\/[^/]+\/codes$/,
  /^\/v1\/offers\/[^/]+\/codes$/,
  /^\/v1\/customers\/[^/]+\/(actions|points)(\/|$)/,
  /^\/v1\/webhooks\/.*replay$/,
  /^\/v1\/admin\/sites\/[^/]+\/keys\/rotate$/,
];

/** Whether a finished request goes into the log: every change by a session (refusals, 403, too); configuration changes by key. */
export function shouldAudit(actor: Actor, method: string, path: string, status: number): boolean {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS" || READ_ONLY_POSTS.has(path)) return false;
  if (actor.kind === "session") return (status >= 200 && status < 300) || status === 403;
  if (status < 200 || status >= 300) return false;
  if (method === "DELETE" && /^\/v1\/customers\/[^/]+$/.test(path)) return true;
  return CONFIG_CHANGES.some((re) => re.test(path));
}

/** The site an operator route acts on (`/v1/admin/sites/{siteId}/…`), for routes without a site in context. */
export function siteOfAdminPath(path: string): string | null {
  return /^\/v1\/admin\/sites\/([^/]+)\//.exec(path)?.[1] ?? null;
}

/** "PUT /v1/site/config: changed name, webhooks", or "… (refused: csrf_failed)"; bounded, one line. */
export function auditSummary(method: string, path: string, note: string | undefined, refusedCode: string | null): string {
  let s = `${method} ${path}`;
  if (note) s += `: ${note}`;
  if (refusedCode) s += ` (refused: ${refusedCode})`;
  return s.replace(/[\r\n]+/g, " ").slice(0, 300);
}

/** Top-level keys whose values differ between two JSON documents (names only, never values). */
export function changedKeys(before: object | undefined, after: object): string[] {
  const a = (before ?? {}) as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}
