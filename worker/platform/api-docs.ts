import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { errorBody } from "./errors";

/**
 * The API reference's page policy: the viewer, its styles and the document all come from this
 * Worker, so /docs works with no internet (`npm start` offline) and no third-party script can run
 * beside a page where a developer pastes a secret key to try a call. "Try it out" calls this
 * origin only (the document's `servers` is this origin).
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // Swagger UI's stylesheet draws its icons as data: SVGs.
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * The page itself: made here (not by the build), so /docs always answers and names the raw
 * document even before `node scripts/build-docs.mjs` ran; no inline script or style (the CSP).
 */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Revisit API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<main id="docs"><p>Loading the API reference… It needs <code>node scripts/build-docs.mjs</code> to have run; the document itself is <a href="/openapi.json">/openapi.json</a>.</p></main>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/docs.js"></script>
</body>
</html>
`;

const TYPES: Record<string, string> = {
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "docs.js": "text/javascript; charset=utf-8",
  "swagger-ui.css": "text/css; charset=utf-8",
  "LICENSE.swagger-ui.txt": "text/plain; charset=utf-8",
  "swagger-ui-bundle.js.LICENSE.txt": "text/plain; charset=utf-8",
};

/** Headers of the page and its files: never framed, no sniffing, no referrer, this origin only. */
function secure(headers: Headers) {
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("X-Frame-Options", "DENY");
  headers.set("Referrer-Policy", "no-referrer");
  headers.set("Cross-Origin-Resource-Policy", "same-origin");
}

/**
 * GET /docs: the API reference (Swagger UI from dist/public/docs, copied there from the pinned
 * swagger-ui-dist by scripts/build-docs.mjs) on /openapi.json. File names are fixed, so they are
 * revalidated (`no-cache`, with the assets binding's ETag) instead of cached for a year.
 */
export const apiDocs = new Hono<AppEnv>()
  .get("/docs", () => {
    const headers = new Headers({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache", "Content-Security-Policy": DOCS_CSP });
    secure(headers);
    return new Response(PAGE, { status: 200, headers });
  })
  .get("/docs/:file", async (c) => {
    const file = c.req.param("file");
    const type = TYPES[file];
    const missing = () => c.json(errorBody("not_found", `No docs file ${file}; run \`node scripts/build-docs.mjs\`.`), 404);
    if (!type) return missing();
    const res = await c.env.ASSETS.fetch(new Request(new URL(`/docs/${file}`, c.req.url), { headers: c.req.raw.headers }));
    if (res.status === 304) return new Response(null, { status: 304, headers: res.headers });
    if (!res.ok) return missing();
    const headers = new Headers(res.headers);
    headers.set("Content-Type", type);
    headers.set("Cache-Control", "no-cache");
    secure(headers);
    return new Response(res.body, { status: 200, headers });
  });
