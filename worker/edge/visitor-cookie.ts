/**
 * The shopper's visitor id in edge mode: the widget's own first-party cookie (`revisit_vid`, the
 * one widget/src/loader/storage.ts reads and writes on the shop's domain), so the blocks rendered
 * at the edge and the widget that takes them over speak for the same visitor.
 */
const NAME = "revisit_vid";
const VALID = /^[A-Za-z0-9_-]{16,64}$/;

/** The visitor id the request's cookie carries, or null. */
export function visitorOf(cookieHeader: string | null): string | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [k, v] = part.split("=").map((s) => s.trim());
    if (k === NAME && v && VALID.test(v)) return v;
  }
  return null;
}

/** A new visitor id: 128 random bits, hex (what the widget makes too). */
export const newVisitor = (): string => [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");

/** The cookie that keeps it, as the widget writes it (400 days, the whole site, sent on top-level navigations). */
export const visitorCookie = (id: string, secure: boolean): string => `${NAME}=${id}; Path=/; Max-Age=34560000; SameSite=Lax${secure ? "; Secure" : ""}`;
