import { createRoute, z } from "@hono/zod-openapi";
import { Id, errorResponses, VisitorId } from "../../platform/schemas";
import { ExperienceQuery } from "./experience.routes";
import { Experience } from "./experience.schemas";

/** A page's `data-revisit` placeholder values, comma-separated (`greeting,recommendations,content:hero`). */
const Blocks = z
  .string()
  .min(1)
  .max(1000)
  .regex(/^[a-z-]+(:[A-Za-z0-9_-]{1,40})?(,[a-z-]+(:[A-Za-z0-9_-]{1,40})?){0,19}$/, "up to 20 data-revisit values, comma-separated")
  .openapi({ description: "The page's `data-revisit` placeholder values in page order, comma-separated, e.g. `greeting,recommendations,content:hero` (up to 20; unknown names are skipped)." });

/** GET /v1/experience/html: the query of GET /v1/experience plus the page's placeholders and language. */
export const ExperienceHtmlQuery = z.object({
  ...ExperienceQuery.shape,
  blocks: Blocks,
  lang: z
    .string()
    .max(35)
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, "a BCP 47 language tag")
    .optional()
    .openapi({ description: "The page's language tag (its `lang`, e.g. `ar-EG`): chooses digits and calendar as the widget does." }),
  visitorId: VisitorId.optional().openapi({ description: "With the secret key: the shopper's visitor id (required)." }),
  customerId: Id.optional().openapi({ description: "With the secret key: the signed-in customer, trusted as your server says." }),
});

/** One placeholder's block, rendered. */
export const RenderedBlock = z
  .object({
    placeholder: z.string().openapi({ description: "The `data-revisit` value it is for" }),
    dir: z.enum(["ltr", "rtl"]).openapi({ description: "Set as the placeholder element's `dir`" }),
    html: z.string().openapi({
      description:
        'A declarative shadow root (`<template shadowrootmode="open">`) with the block\'s styles and markup, to put inside the placeholder element; empty when the block has nothing for this shopper',
    }),
  })
  .openapi("RenderedBlock");

/** Either the shopper's credentials (as the widget sends them) or the shop's secret key. */
const SHOPPER_OR_SERVER: Record<string, string[]>[] = [{ publishableKey: [], visitorId: [] }, { secretKey: [] }];

/** The rendered blocks and the experience they show. */
export const RenderedExperience = z.object({ blocks: z.array(RenderedBlock), experience: Experience }).openapi("RenderedExperience");

export const experienceHtmlRoute = createRoute({
  method: "get",
  path: "/v1/experience/html",
  operationId: "getExperienceHtml",
  tags: ["Visitor"],
  summary: "The shopper's blocks rendered as HTML, for server-side rendering",
  description:
    "For headless shops (Hydrogen, Next.js, any server) and edge mode: the same experience as `GET /v1/experience` (it counts the visit the same way), with each of the page's placeholders rendered by the widget's own components into a declarative shadow root with its styles. " +
    "Put each block's `html` inside its placeholder element (and its `dir` on it): the blocks show at first paint, and the widget on the page takes them over. " +
    "Call it either as the shopper (publishable key and visitor headers, as the widget does) or from your server with the secret key and `visitorId` (and `customerId` for a signed-in customer) in the query. The answer is personal: never cache it for other shoppers.",
  security: SHOPPER_OR_SERVER,
  request: { query: ExperienceHtmlQuery },
  responses: {
    200: {
      description: "The rendered blocks, and the experience they show (give it to the widget so it does not ask again)",
      content: { "application/json": { schema: RenderedExperience } },
    },
    ...errorResponses(400, 401, 403),
  },
});
