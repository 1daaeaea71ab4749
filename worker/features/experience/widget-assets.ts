import { Hono } from "hono";
import type { AppEnv } from "../../app-env";
import { errorBody } from "../../platform/errors";

/**
 * Serves the built widget from the assets binding with the headers a storefront needs:
 * `/widget.js` is revalidated often (so shops pick up releases), content-hashed files are
 * immutable, and all are CORS-readable because the loader `import()`s its blocks cross-origin.
 */
export const widgetAssets = new Hono<AppEnv>().get("/*", async (c) => {
  const path = new URL(c.req.url).pathname;
  if (!/^\/(widget(\.[A-Za-z0-9_-]+)?\.js|w\/[A-Za-z0-9._-]+\.js)$/.test(path)) return c.notFound();
  const res = await c.env.ASSETS.fetch(new Request(new URL(path, c.req.url)));
  if (!res.ok) return c.json(errorBody("not_found", "Widget bundle not built: run `npm run build`."), 404);
  const headers = new Headers(res.headers);
  headers.set("Content-Type", "text/javascript; charset=utf-8");
  headers.set("Access-Control-Allow-Origin", "*");
  headers.set("Cache-Control", path === "/widget.js" ? "public, max-age=300, stale-while-revalidate=86400" : "public, max-age=31536000, immutable");
  headers.set("X-Content-Type-Options", "nosniff");
  return new Response(res.body, { status: 200, headers });
});
