/**
 * The widget's server renderer (widget/src/server/render.tsx), built by scripts/build-widget.mjs
 * into dist/ssr/render.js and mapped to this name by wrangler.toml's `[alias]` (and vitest.config.ts
 * for the integration tests). Declared here because the Worker's TypeScript settings have no DOM
 * or JSX to check the widget's sources with; contract/edge.ts is the type both sides share.
 */
declare module "revisit-ssr" {
  export const renderBlocks: import("../../../contract/edge").RenderBlocks;
}
