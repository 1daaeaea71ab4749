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
  // The live widget preview (/admin/preview) is the only frame the console shows.
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * The live widget preview page's policy (`/admin/preview`): framed by the console only (same
 * origin), scripts and styles from this origin, no requests at all (it draws what the console posts
 * to it), and images from anywhere a shop's content and products may put them (https, and the
 * local http origins `npm start` allows, as the content schema's SafeUrl does).
 */
export const PREVIEW_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https: http://localhost:* http://127.0.0.1:*",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join("; ");

/** Headers every console response carries (the shell and its assets). */
function secure(headers: Headers, framedBySelf = false) {
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("X-Frame-Options", framedBySelf ? "SAMEORIGIN" : "DENY");
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

/** The preview page (widget/src/preview), for the console's iframe only: same-origin framing, no requests. */
const previewShell: MiddlewareHandler<AppEnv> = async (c) => {
  const res = await c.env.ASSETS.fetch(new Request(new URL("/admin/preview/", c.req.url)));
  if (!res.ok) return c.json(errorBody("not_found", notBuilt), 404);
  const headers = new Headers({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache", "Content-Security-Policy": PREVIEW_CSP });
  secure(headers, true);
  return new Response(res.body, { status: 200, headers });
};

/**
 * Serves the merchant console from the assets binding (dist/public/admin, built by
 * scripts/build-console.mjs): content-hashed files under /admin/assets/ are immutable; /admin,
 * /admin/ and every other GET under /admin/ (client routes such as /admin/loyalty) answer the HTML
 * shell, revalidated on each load so a release reaches signed-in shops at once; `/admin/preview` is
 * the widget preview page the console frames. `/admin/session`
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
  .get("/admin/preview", previewShell)
  .get("/admin", shell)
  .get("/admin/*", shell);
