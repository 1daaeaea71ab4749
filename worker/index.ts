import { apiDocs } from "./platform/api-docs";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./app-env";
import { cors } from "hono/cors";
import { createRouter } from "./platform/create-router";
import { ApiError, handleError, handleNotFound } from "./platform/errors";
import { visitorAuth } from "./platform/middleware/visitor-auth";
import { adminAuth, secretKeyAuth } from "./platform/middleware/server-auth";
import { noStore } from "./platform/middleware/no-store";
import { ipRateLimit, keyRateLimit, visitorRateLimit } from "./platform/middleware/rate-limit";
import { admin } from "./features/site/admin.index";
import { catalog } from "./features/catalog/catalog.index";
import { customers } from "./features/customers/customers.index";
import { events } from "./features/customers/events.index";
import { experience } from "./features/experience/experience.index";
import { shopperOrServerAuth } from "./features/experience/experience-html-auth";
import { identify } from "./features/identity/identify.index";
import { loyaltyServer, loyaltyVisitor } from "./features/loyalty/loyalty.index";
import { shopify } from "./features/orders/shopify.index";
import { offers } from "./features/offers/offers.index";
import { orders } from "./features/orders/orders.index";
import { segments } from "./features/segments/segments.index";
import { siteConfig } from "./features/site/site-config.index";
import { surveys } from "./features/surveys/surveys.index";
import { visitor as visitorRoutes } from "./features/customers/visitor.index";
import { webhooks } from "./features/webhooks/webhooks.index";
import { insights } from "./features/insights/insights.index";
import { experiments } from "./features/experiments/experiments.index";
import { widgetAssets } from "./features/experience/widget-assets";
import { consoleAssets } from "./features/console/console-assets";
import { consoleSession } from "./features/console-auth/session.index";
import { staff } from "./features/console-auth/staff.index";
import { audit } from "./features/console-auth/audit.index";
import { auditTrail } from "./features/console-auth/audit-trail";
import { wishlist } from "./features/wishlist/wishlist.index";

export { ProfileObject } from "./objects/profile-object";
export { SiteObject } from "./objects/site-object";
export { WebhookOutbox } from "./objects/webhook-outbox";
export { InsightsObject } from "./objects/insights-object";

const DEFAULT_MAX_BODY = 1024 * 1024;

const app = createRouter();

app.onError(handleError);
app.notFound(handleNotFound);

// Registered first, so every /v1 and console-session answer (auth refusals, 413s and 429s included) is private.
// Every body is bounded before anything reads it (413 above it).
const limitBody: MiddlewareHandler<AppEnv> = async (c, next) =>
  bodyLimit({
    maxSize: Number(c.env.MAX_BODY_BYTES) || DEFAULT_MAX_BODY,
    onError: () => {
      throw new ApiError(413, "payload_too_large", `Request body exceeds ${Number(c.env.MAX_BODY_BYTES) || DEFAULT_MAX_BODY} bytes.`);
    },
  })(c, next);
for (const path of ["/v1/*", "/admin/session"]) app.use(path, noStore(), limitBody);

const visitor = visitorAuth();
const ipLimit = ipRateLimit();
// Console sign-in: per client IP, like visitor routes (a wrong key, token or invite is refused cheaply).
app.use("/admin/session", ipLimit);
const visitorLimit = visitorRateLimit();
const keyLimit = keyRateLimit();
for (const path of ["/v1/experience", "/v1/events", "/v1/identify", "/v1/surveys/*/responses", "/v1/visitor", "/v1/loyalty/rewards/*/redeem", "/v1/referrals/*", "/v1/saved/*"])
  app.use(path, ipLimit, visitor, visitorLimit);
app.use("/v1/experience/html", shopperOrServerAuth());
const server = secretKeyAuth();
// The audit trail wraps auth, so it also sees a console session's refused changes (403).
const auditLog = auditTrail();
// A "/x/*" path also matches "/x" itself: listing both would run the chain twice (two audit
// entries per change, double rate counting; tests/integration/server-middleware-once.test.ts).
for (const path of [
  "/v1/catalog/*",
  "/v1/orders/*",
  "/v1/customers/*",
  "/v1/surveys/*/nps",
  "/v1/segments/*",
  "/v1/site/*",
  "/v1/loyalty/rewards/*/codes",
  "/v1/offers/*",
  "/v1/webhooks/*",
  "/v1/insights/*",
  "/v1/experiments/*",
  "/v1/staff/*",
  "/v1/audit",
  "/v1/experience/preview",
])
  app.use(path, keyLimit, auditLog, server);
app.use("/v1/admin/*", keyLimit, auditLog, adminAuth());
// Server and admin routes are for backends; answering browser preflights just gives a clear refusal.
app.use("/openapi.json", cors());

app
  .route("/", experience)
  .route("/", events)
  .route("/", identify)
  .route("/", surveys)
  .route("/", visitorRoutes)
  .route("/", wishlist)
  .route("/", catalog)
  .route("/", orders)
  .route("/", loyaltyVisitor)
  .route("/", loyaltyServer)
  .route("/", offers)
  .route("/", customers)
  .route("/", segments)
  .route("/", siteConfig)
  .route("/", shopify)
  .route("/", webhooks)
  .route("/", insights)
  .route("/", experiments)
  .route("/", staff)
  .route("/", audit)
  .route("/", admin)
  // Before any static console route (/admin/*), which must be registered after this.
  .route("/", consoleSession);

app.openAPIRegistry.registerComponent("securitySchemes", "publishableKey", { type: "apiKey", in: "header", name: "X-Revisit-Key", description: "Publishable key pk_…" });
app.openAPIRegistry.registerComponent("securitySchemes", "visitorId", { type: "apiKey", in: "header", name: "X-Revisit-Visitor", description: "The widget's random visitor id" });
app.openAPIRegistry.registerComponent("securitySchemes", "secretKey", { type: "http", scheme: "bearer", description: "Secret key sk_… (server side only)" });
app.openAPIRegistry.registerComponent("securitySchemes", "adminToken", { type: "http", scheme: "bearer", description: "ADMIN_TOKEN of the deployment" });
app.openAPIRegistry.registerComponent("securitySchemes", "consoleSession", {
  type: "apiKey",
  in: "cookie",
  name: "revisit_session",
  description:
    "The merchant console's session (POST /admin/session). Opens the `/v1` server routes of its own site in place of the secret key; changes also need `X-Revisit-CSRF` and a same-origin `Origin`; viewers only read; never `/v1/admin/*`.",
});

app.doc31("/openapi.json", (c) => ({
  openapi: "3.1.0",
  info: {
    title: "Revisit API",
    version: "1.0.0",
    // The repository's license (package.json), as an SPDX id.
    license: { name: "MIT", identifier: "MIT" },
    description:
      "Storefront personalization profiles on the edge. Visitor routes take a publishable key from the browser; server routes take the secret key, or the merchant console's session cookie (see `POST /admin/session`).",
  },
  servers: [{ url: new URL(c.req.url).origin }],
}));
// The API reference, bundled (scripts/build-docs.mjs): works offline, no third-party script.
app.route("/", apiDocs);
app.get("/", (c) => c.json({ name: "revisit", docs: "/docs", openapi: "/openapi.json", widget: "/widget.js" }));
app.get("/healthz", (c) => c.json({ ok: true }));
// The console's page and assets, after /admin/session (above) and before the widget's catch-all 404.
app.route("/", consoleAssets);
app.route("/", widgetAssets);

export default app;
