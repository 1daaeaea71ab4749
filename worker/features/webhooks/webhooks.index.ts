import { createRouter } from "../../platform/create-router";
import * as handlers from "./webhooks.handlers";
import * as routes from "./webhooks.routes";

/** Server-side webhook delivery log, dead letters, replays and test events, behind the secret key. */
export const webhooks = createRouter()
  .openapi(routes.listDeliveriesRoute, handlers.listDeliveries)
  .openapi(routes.deadLettersRoute, handlers.deadLetters)
  .openapi(routes.getDeliveryRoute, handlers.getDelivery)
  .openapi(routes.replayDeliveryRoute, handlers.replayDelivery)
  .openapi(routes.replayDeadLettersRoute, handlers.replayDeadLetters)
  .openapi(routes.sendTestRoute, handlers.sendTest);
