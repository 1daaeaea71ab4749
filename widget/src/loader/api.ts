/**
 * The one HTTP path to the Revisit API: JSON in, JSON out, the visitor's (and customer's) headers
 * on every call, failures as a RevisitError (never a thrown TypeError), nothing without consent.
 */
import type { RevisitError } from "../shared/contract";
import type { Customer } from "./config";
import { off, visitor, type Session } from "./state";

/** The headers of every call: site key, visitor, and the shop's proof of the customer (SECURITY.md). Pure. */
export function headers(site: string, vid: string, c: Customer | null, json: boolean, extra?: Record<string, string>): Record<string, string> {
  const h: Record<string, string> = { ...extra, "X-Revisit-Key": site, "X-Revisit-Visitor": vid };
  if (json) h["Content-Type"] = "application/json";
  if (c) {
    h["X-Revisit-Customer"] = c.id;
    h["X-Revisit-Customer-Hash"] = c.hash;
    if (c.expires) h["X-Revisit-Customer-Expires"] = String(c.expires);
  }
  return h;
}

/** Calls `path` (a POST when `body` is given, a DELETE when it is null) and resolves with its JSON; rejects with a RevisitError. */
export async function request(s: Session, path: string, body?: unknown, keepalive = false, extra?: Record<string, string>): Promise<unknown> {
  if (off(s)) throw { code: "consent_required", message: "Waiting for consent" } satisfies RevisitError;
  let res: Response;
  try {
    res = await fetch(s.api + path, {
      method: body === undefined ? "GET" : body ? "POST" : "DELETE",
      headers: headers(s.site, visitor(s), s.customer, !!body, extra),
      body: body ? JSON.stringify(body) : undefined,
      credentials: "omit",
      keepalive,
    });
  } catch {
    throw { code: "network", message: "Network request failed" } satisfies RevisitError;
  }
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    /* empty body */
  }
  if (!res.ok) {
    const e: Partial<RevisitError> = ((json || {}) as { error?: RevisitError }).error || {};
    throw { code: e.code || `http_${res.status}`, status: res.status, message: e.message || res.statusText, details: e.details } satisfies RevisitError;
  }
  return json;
}
