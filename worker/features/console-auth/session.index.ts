import { createRouter } from "../../platform/create-router";
import * as handlers from "./session.handlers";
import * as routes from "./session.routes";

/** The merchant console's sign-in, session and sign-out (`/admin/session`), before any static console route. */
export const consoleSession = createRouter().openapi(routes.signInRoute, handlers.signIn).openapi(routes.getSessionRoute, handlers.getSession).openapi(routes.signOutRoute, handlers.signOut);
