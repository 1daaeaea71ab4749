/**
 * The widget's blocks rendered on the server (issue 16: personalized in the first byte). The same
 * components the browser draws, rendered to a string with preact-render-to-string, each in a
 * declarative shadow root with its styles, so a page that carries them shows the blocks at first
 * paint and the widget takes them over. Built into its own bundle for the Worker
 * (scripts/build-widget.mjs → dist/ssr/render.js), typed by contract/edge.ts.
 *
 * Everything here is synchronous and reads no DOM: the page's facts (its placeholders, its
 * language tags) come in the input. Module state the browser keeps per page (the registered
 * messages, the page's number format) is set before each render, in the same synchronous call.
 */
import type { ComponentType } from "preact";
import { renderToString } from "preact-render-to-string";
import type { RenderBlocks, RenderedBlock } from "../../../contract/edge";
import type { Experience, Locale } from "../../../contract/experience";
import { parsePlaceholder } from "../loader/hosts";
import type { BlockKind, UiContext } from "../shared/contract";
import { Content } from "../ui/blocks/content";
import { Greeting } from "../ui/blocks/greeting";
import { needsExtras, type BlockProps } from "../ui/blocks/props";
import { Recommendations, withSaved } from "../ui/blocks/recommendations";
import { SavedCart } from "../ui/blocks/saved-cart";
import * as extras from "../ui/extras";
import { choosePageFormat, withPageDigits } from "../ui/format";
import { addMessages, asLocale, isRtl } from "../ui/i18n";
import ar from "../ui/locales/ar";
import extrasAr from "../ui/locales/extras-ar";
import extrasFa from "../ui/locales/extras-fa";
import fa from "../ui/locales/fa";
import * as saved from "../ui/saved";
import { base } from "../ui/styles/base.css";
import { blocks } from "../ui/styles/blocks.css";
import { Survey, surveyCss } from "../ui/survey";

// The row's hearts and arrows are drawn from the start (the widget loads their chunk before taking the row over).
withSaved(saved);
addMessages("ar", ar);
addMessages("fa", fa);
extras.addExtrasMessages("ar", extrasAr);
extras.addExtrasMessages("fa", extrasFa);

const COMPONENTS: Record<BlockKind, ComponentType<BlockProps>> = {
  greeting: Greeting,
  recommendations: Recommendations,
  "saved-cart": SavedCart,
  saved: saved.Saved,
  content: Content,
  survey: Survey,
  loyalty: extras.Loyalty,
  referral: extras.Referral,
  offers: extras.Offers,
};

/** The server has no page to talk to: what a block would ask of the loader does nothing here. */
const inert: UiContext = {
  api: () => Promise.reject({ code: "server_render" }),
  refresh: () => Promise.resolve(),
  fail: () => undefined,
  track: () => false,
  heights: () => undefined,
};

/** The block's own styles, as the widget adopts them on its shadow root (ui.tsx `prepare`). */
function stylesFor(kind: BlockKind, exp: Experience, withExtras: boolean): string {
  let css = base + blocks;
  if (withExtras) css += extras.extrasCss;
  if (kind === "survey") css += surveyCss;
  if (kind === "saved" || kind === "recommendations") css += saved.savedCss;
  // The site's theme on the host, as the widget sets it (names and values validated by the site config).
  const theme = Object.entries(exp.settings?.theme || {}).filter(([k, v]) => /^--revisit-[\w-]+$/.test(k) && typeof v === "string" && !/[;{}<>]/.test(v));
  if (theme.length) css += `:host{${theme.map(([k, v]) => `${k}:${v}`).join(";")}}`;
  return css;
}

/** Renders every placeholder's block for this experience (see contract/edge.ts). */
export const renderBlocks: RenderBlocks = ({ experience, placeholders, languages = [] }) => {
  const l: Locale = asLocale(experience.locale);
  choosePageFormat(experience, l, languages);
  const exp = withPageDigits(l, experience);
  const withExtras = needsExtras(exp);
  const props = { exp, l, ctx: inert, x: withExtras ? extras : null, referralHost: placeholders.includes("referral"), offersHost: placeholders.includes("offers") };
  const dir = isRtl(l) ? "rtl" : "ltr";
  const out: RenderedBlock[] = [];
  for (const placeholder of placeholders) {
    const p = parsePlaceholder(placeholder);
    if (!p) continue;
    const C = COMPONENTS[p.kind];
    const body = renderToString(<C {...props} slot={p.slot} />);
    out.push({ placeholder, dir, html: body ? `<template shadowrootmode="open"><style>${stylesFor(p.kind, exp, withExtras)}</style><div class="rv">${body}</div></template>` : "" });
  }
  return out;
};
