/**
 * The contract between the Worker and the widget's server renderer (issue 16): the blocks of a
 * page rendered on the server by the same Preact components the widget draws in the browser.
 * The renderer is built from `widget/src/server/render.tsx` into its own bundle (the Worker's
 * TypeScript settings have no DOM and no JSX), and the Worker imports it through this type.
 */
import type { Experience } from "./experience";

/** What to render: the shopper's experience and the page's `data-revisit` placeholder values, in page order. */
export interface BlocksToRender {
  experience: Experience;
  /** `data-revisit` values as written on the page (`greeting`, `content:hero`, …); unknown ones are skipped. */
  placeholders: readonly string[];
  /** The page's language tags, most specific first (`ar-EG`): they choose digits and calendar as the widget does. */
  languages?: readonly (string | null | undefined)[];
}

/** One placeholder's rendered block. */
export interface RenderedBlock {
  /** The placeholder's `data-revisit` value. */
  placeholder: string;
  /**
   * A declarative shadow root (`<template shadowrootmode="open">`) holding the block's styles and
   * markup: put inside the placeholder element, it shows at first paint and the widget takes it over.
   * Empty when the block has nothing for this shopper (the placeholder takes no space).
   */
  html: string;
  /** Text direction of the block (`rtl` for Arabic and Persian): set it as the placeholder's `dir`. */
  dir: "ltr" | "rtl";
}

/** The renderer's one function: pure, synchronous, no I/O. */
export type RenderBlocks = (input: BlocksToRender) => RenderedBlock[];
