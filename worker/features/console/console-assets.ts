import { Hono, type MiddlewareHandler } from "hono";
import type { AppEnv } from "../../app-env";
import { errorBody } from "../../platform/errors";

/**
 * The console's page policy: scripts, styles and requests only from this origin (the build has
 * no inline script or style, scripts/build-console.mjs checks), never framed, no referrer. A
 * console holds a session that can change a shop, so an injected script or a clickjacking frame
 * must have nowhere to run.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Headers every console response carries (the shell and its assets). */
function secure(headers: Headers) {
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("X-Frame-Options", "DENY");
  headers.set("Referrer-Policy", "no-referrer");
  headers.set("Cross-Origin-Opener-Policy", "same-origin");
  headers.set("Cross-Origin-Resource-Policy", "same-origin");
}

const TYPES: Record<string, string> = { js: "text/javascript; charset=utf-8", css: "text/css; charset=utf-8" };
const ASSET = /^\/admin\/assets\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.(js|css))$/;
const notBuilt = "Console not built: run `npm run build`.";

/** The HTML shell, for /admin and every client route under it; `/admin/session` passes through. */
const shell: MiddlewareHandler<AppEnv> = async (c, next) => {
  const path = new URL(c.req.url).pathname;
  if (path === "/admin/session") return next();
  const res = await c.env.ASSETS.fetch(new Request(new URL("/admin/", c.req.url)));
  if (!res.ok) return c.json(errorBody("not_found", notBuilt), 404);
  const headers = new Headers({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache", "Content-Security-Policy": CONSOLE_CSP });
  secure(headers);
  return new Response(res.body, { status: 200, headers });
};

/**
 * Serves the merchant console from the assets binding (dist/public/admin, built by
 * scripts/build-console.mjs): content-hashed files under /admin/assets/ are immutable; /admin,
 * /admin/ and every other GET under /admin/ (client routes such as /admin/loyalty) answer the HTML
 * shell, revalidated on each load so a release reaches signed-in shops at once. `/admin/session`
 * belongs to the session API (features/console-auth), which must be routed before this app.
 */
export const consoleAssets = new Hono<AppEnv>()
  .get("/admin/assets/*", async (c) => {
    const path = new URL(c.req.url).pathname;
    const m = ASSET.exec(path);
    if (!m) return c.json(errorBody("not_found", `No console asset ${path}.`), 404);
    const res = await c.env.ASSETS.fetch(new Request(new URL(path, c.req.url)));
    if (!res.ok) return c.json(errorBody("not_found", `No console asset ${path}.`), 404);
    const headers = new Headers(res.headers);
    headers.set("Content-Type", TYPES[m[2] as string] as string);
    headers.set("Cache-Control", "public, max-age=31536000, immutable");
    secure(headers);
    return new Response(res.body, { status: 200, headers });
  })
  .get("/admin", shell)
  .get("/admin/*", shell);
