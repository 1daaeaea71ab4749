import { createRouter } from "../../platform/create-router";
import * as handlers from "./experience.handlers";
import * as htmlHandlers from "./experience-html.handlers";
import * as htmlRoutes from "./experience-html.routes";
import * as routes from "./experience.routes";
import * as previewHandlers from "./preview.handlers";
import * as previewRoutes from "./preview.routes";

/**
 * The widget's experience route, behind the publishable key and visitor id; its rendered form for
 * server-side rendering (the shopper's credentials or the secret key, experience-html-auth.ts); and the console's
 * preview of it, behind the server chain of worker/index.ts (a read-only POST: viewers may call it,
 * and it stays out of the audit log; `READ_ONLY_POSTS` in platform/middleware/server-auth.ts).
 */
export const experience = createRouter()
  .openapi(routes.experienceRoute, handlers.experience)
  .openapi(htmlRoutes.experienceHtmlRoute, htmlHandlers.experienceHtml)
  .openapi(previewRoutes.previewRoute, previewHandlers.preview);
