import { createRouter } from "../../platform/create-router";
import { secretKeyAuth } from "../../platform/middleware/server-auth";
import { keyRateLimit } from "../../platform/middleware/rate-limit";
import * as handlers from "./experience.handlers";
import * as routes from "./experience.routes";
import * as previewHandlers from "./preview.handlers";
import * as previewRoutes from "./preview.routes";

/**
 * The widget's experience route, behind the publishable key and visitor id; and the console's
 * preview of it, behind the secret key or a console session (viewers too: it only reads). The
 * preview is deliberately not in the audit trail: it changes nothing, and the console calls it
 * on every pause in typing.
 */
const router = createRouter();
router.use("/v1/experience/preview", keyRateLimit(), secretKeyAuth({ postIsRead: true }));
export const experience = router.openapi(routes.experienceRoute, handlers.experience).openapi(previewRoutes.previewRoute, previewHandlers.preview);
