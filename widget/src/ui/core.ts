/**
 * What the UI block and every lazily loaded block chunk share, in one `core` chunk. Each entry
 * (index.tsx, extras.ts, survey.ts, launcher.ts) imports this file, so every module
 * here is reachable from all of them and esbuild's code splitting puts them in a single chunk
 * (without it, each combination of entries that happens to share a module got a chunk of its
 * own: four small `core` files: ~330 B gzip more and three more requests).
 */
import "preact";
import "preact/hooks";
import "preact/jsx-runtime";
import "./blocks/props";
import "./format";
import "./i18n";
import "../shared/sheet";
