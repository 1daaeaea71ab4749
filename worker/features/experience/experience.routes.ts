import { createRoute, z } from "@hono/zod-openapi";
import { Id, Locale, errorResponses } from "../../platform/schemas";
import { Experience } from "./experience.schemas";

/** Where the shopper is: locale, page, product and placement steer what the experience contains. */
export const ExperienceQuery = z.object({
  locale: Locale.optional().openapi({ description: "en, ar or fa; defaults to the site's locale" }),
  page: z.string().max(2048).optional().openapi({ description: "Path of the current page" }),
  product: Id.optional().openapi({ description: "Product on the current page: excluded from recommendations, its category counts as interest" }),
  placement: z.enum(["home", "product", "cart"]).optional().openapi({
    description:
      'Where recommendations show: `home` (any page), `product` ("goes with this": the page product\'s neighbours lead), `cart` ("complete the set": what goes with the cart, nothing already bought). Defaults to `product` when `product` is given, else `home`.',
  }),
});

/** GET /v1/experience: the one call the widget makes to learn what to show. */
export const experienceRoute = createRoute({
  method: "get",
  path: "/v1/experience",
  operationId: "getExperience",
  tags: ["Visitor"],
  summary: "Everything the widget shows this shopper now",
  description:
    "Counts the visit (a new visit starts after the site's idle gap, 30 minutes by default) and returns greeting, recommendations, saved cart, loyalty and the next survey question. " +
    "`experiments` gives the shopper's arm in each experiment the site lists (drawn at their first request, kept through identify); a shopper in a `holdout` arm gets the neutral experience: the shop's popular picks without reason texts, the plain `first_visit` greeting without name or tier, slot defaults instead of segment-targeted content, no offers and no survey, while loyalty (points, tier, rewards, redeem) and the saved cart stay as for everyone.",
  security: [{ publishableKey: [], visitorId: [] }],
  request: { query: ExperienceQuery },
  responses: {
    200: { description: "The experience", content: { "application/json": { schema: Experience } } },
    ...errorResponses(400, 401, 403),
  },
});
