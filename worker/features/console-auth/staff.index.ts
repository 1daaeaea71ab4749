import { createRouter } from "../../platform/create-router";
import * as handlers from "./staff.handlers";
import * as routes from "./staff.routes";

/** Console staff (invites, list, revocation), behind the secret key or an owner's console session. */
export const staff = createRouter().openapi(routes.inviteStaffRoute, handlers.inviteStaff).openapi(routes.listStaffRoute, handlers.listStaff).openapi(routes.removeStaffRoute, handlers.removeStaff);
