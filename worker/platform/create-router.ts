import { OpenAPIHono, type RouteConfig, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { ApiError } from "./errors";

/**
 * Every feature router comes from here, so one validation hook turns any zod failure into the
 * same 400 `{ error: { code: "invalid_request", details: issues } }` and the OpenAPI document
 * and runtime validation never drift apart.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = result.error.issues.map(({ path, message, code }) => ({ path: path.map(String), message, code }));
        throw new ApiError(400, "invalid_request", `Invalid ${result.target}: ${issues[0]?.path.join(".") || "value"}: ${issues[0]?.message ?? ""}`.trim(), issues);
      }
      return undefined;
    },
  });
}

/** A feature handler typed by its route, so params, body and answers stay checked against the OpenAPI schema. */
export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;
