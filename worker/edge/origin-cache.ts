/**
 * The shop's own HTML stays cacheable in edge mode (issue 16): the origin's response is kept in
 * the edge cache exactly when the origin says a shared cache may keep it, and only requests that
 * are anonymous to the shop use it. The personal blocks are added after, per request, and the
 * personalized answer itself is never stored anywhere shared (`private, no-store`).
 */

/** Whether a shared cache may keep `res` by its own headers (RFC 9111, the parts shops use). */
export function sharedCacheable(res: Pick<Response, "status" | "headers">): boolean {
  if (res.status !== 200 || res.headers.has("Set-Cookie")) return false;
  const cc = (res.headers.get("Cache-Control") ?? "").toLowerCase();
  if (/\b(private|no-store|no-cache)\b/.test(cc)) return false;
  const vary = (res.headers.get("Vary") ?? "").toLowerCase();
  if (vary.includes("*") || vary.includes("cookie") || vary.includes("authorization")) return false;
  return /\b(s-maxage|max-age)=[1-9]/.test(cc) || (/\bpublic\b/.test(cc) && /\bs-maxage=\d/.test(cc));
}

/**
 * Whether a request may be answered from the shared cache: a GET without credentials and without
 * any of the shop's session cookies (`sessionCookies`, e.g. a logged-in customer's), whose page
 * the origin may render for them alone.
 */
export function anonymousRequest(req: Request, sessionCookies: readonly string[]): boolean {
  if (req.method !== "GET" || req.headers.has("Authorization")) return false;
  const names = (req.headers.get("Cookie") ?? "").split(";").map((c) => c.split("=")[0]!.trim());
  return !names.some((n) => sessionCookies.includes(n));
}

/** Where the shop's page came from: the edge cache, the origin (then kept or not), or the origin for a request that may not share. */
export type CacheStatus = "HIT" | "MISS" | "BYPASS";

/** The shop's page from the edge cache, else from the origin (kept when the origin allows). */
export async function originPage(req: Request, originUrl: URL, sessionCookies: readonly string[], waitUntil: (p: Promise<unknown>) => void): Promise<{ res: Response; cache: CacheStatus }> {
  const forward = new Request(originUrl, req);
  if (!anonymousRequest(req, sessionCookies)) return { res: await fetch(forward), cache: "BYPASS" };
  const cache = (caches as unknown as { default: Cache }).default;
  const key = new Request(originUrl.toString(), { method: "GET" });
  const hit = await cache.match(key);
  if (hit) return { res: hit, cache: "HIT" };
  const res = await fetch(forward);
  if (!sharedCacheable(res)) return { res, cache: "BYPASS" };
  waitUntil(cache.put(key, res.clone()));
  return { res, cache: "MISS" };
}
