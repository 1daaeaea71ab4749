import { createRouter } from "../../platform/create-router";
import * as handlers from "./experience.handlers";
import * as routes from "./experience.routes";

/** The widget's experience route, behind the publishable key and visitor id. */
export const experience = createRouter().openapi(routes.experienceRoute, handlers.experience);
