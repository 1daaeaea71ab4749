/**
 * What the console's build puts where the API's schemas import `@hono/zod-openapi`
 * (scripts/build-console.mjs aliases it): plain zod, with `.openapi()` as a no-op, so forms
 * validate with exactly the schemas the API validates with, without the OpenAPI generator.
 * Only zod's schema and check builders are re-exported (`z.object`, `z.string().max()`…), which
 * keeps zod's locale tables out of the bundle: 45 KB gzip instead of 100 KB.
 */
import { ZodType } from "../../../node_modules/zod/v4/classic/schemas.js";

// `.openapi(meta)` only documents a schema for the OpenAPI file; in the browser it changes nothing.
(ZodType.prototype as unknown as { openapi: () => unknown }).openapi = function openapi(this: unknown) {
  return this;
};

export * as z from "./zod-parts";
