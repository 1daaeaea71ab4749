/** zod's builders without its locales (see zod-shim.ts). */
export * from "../../../node_modules/zod/v4/classic/schemas.js";
export * from "../../../node_modules/zod/v4/classic/checks.js";
