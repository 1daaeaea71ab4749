import { createRouter } from "../../platform/create-router";
import * as handlers from "./segments.handlers";
import * as routes from "./segments.routes";

/** Server-side segment listing, membership paging, rule previews and daily history, behind the secret key or a console session. */
export const segments = createRouter()
  .openapi(routes.listSegmentsRoute, handlers.listSegments)
  .openapi(routes.previewSegmentRoute, handlers.previewSegment)
  .openapi(routes.segmentHistoryRoute, handlers.segmentHistory)
  .openapi(routes.segmentCustomersRoute, handlers.segmentCustomers);
