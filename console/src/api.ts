/**
 * The console's only way to talk to Revisit: same-origin fetch with the session cookie (sent by
 * the browser, HttpOnly so scripts never see it) and the CSRF token on every write. Failures
 * become an `ApiFailure` with the API's error code and field issues, so pages never parse bodies.
 */

/** The signed-in person as `GET /admin/session` describes them. */
export interface Session {
  siteId: string;
  siteName: string;
  role: "owner" | "editor" | "viewer";
  actor: string;
  csrfToken: string;
  expiresAt: string;
}

/** One zod issue of a 400, as worker/platform/create-router.ts renders it. */
export interface FieldIssue {
  path: string[];
  message: string;
  code?: string;
}

/** A request that did not succeed: HTTP status (0 for a network failure), the API's code and message. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
}

let csrfToken = "";
let onUnauthorized: () => void = () => {};

/** Remembers the token writes must carry; set from each session answer, cleared on sign out. */
export function setCsrfToken(token: string) {
  csrfToken = token;
}

/** Called when a data request answers 401 (session expired or revoked): the app shows the sign-in page. */
export function onSessionLost(handler: () => void) {
  onUnauthorized = handler;
}

const asIssues = (details: unknown): FieldIssue[] =>
  Array.isArray(details) ? details.filter((d): d is FieldIssue => typeof d === "object" && d !== null && Array.isArray((d as FieldIssue).path) && typeof (d as FieldIssue).message === "string") : [];

/** Options of one request: extra headers (`If-Match`, `Idempotency-Key`), a look at the raw answer (its ETag), no sign-in page on a 401. */
export interface RequestOptions {
  quiet401?: boolean;
  headers?: Record<string, string>;
  onResponse?: (res: Response) => void;
}

/** Sends one request; JSON in and out. Throws `ApiFailure` for anything but 2xx. */
export async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...opts.headers };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["X-Revisit-CSRF"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" });
  } catch {
    throw new ApiFailure(0, "network", "network error");
  }
  if (res.ok) opts.onResponse?.(res);
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null;
  if (res.ok) return json as T;
  const err = json?.error;
  if (res.status === 401 && !opts.quiet401) onUnauthorized();
  throw new ApiFailure(res.status, err?.code ?? "unknown", err?.message ?? res.statusText, asIssues(err?.details));
}

/** `GET /v1/...` with a query string built from defined values only. */
export function getV1<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, String(v));
  const qs = q.toString();
  return request<T>("GET", `/v1/${path}${qs ? `?${qs}` : ""}`);
}

/** The current session, or null when signed out (401 is the normal answer then, not an error). */
export async function readSession(): Promise<Session | null> {
  try {
    return await request<Session>("GET", "/admin/session", undefined, { quiet401: true });
  } catch (e) {
    if (e instanceof ApiFailure && e.status === 401) return null;
    throw e;
  }
}

/** What the sign-in form sends: one of the three ways in. */
export type Credentials = { secretKey: string } | { adminToken: string; siteId: string } | { inviteToken: string };

/** Exchanges credentials for the session cookie; the body never reaches storage or the URL. */
export function signIn(credentials: Credentials): Promise<Session> {
  return request<Session>("POST", "/admin/session", credentials, { quiet401: true });
}

/** Ends the session on the server (the cookie is cleared there) and forgets the CSRF token. */
export async function signOut(): Promise<void> {
  try {
    await request<void>("DELETE", "/admin/session", undefined, { quiet401: true });
  } finally {
    csrfToken = "";
  }
}
