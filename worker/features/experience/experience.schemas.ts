import { z } from "@hono/zod-openapi";
import type { Experience as ExperienceType } from "../../../contract/experience";
import { CalendarSetting, NumberingSystem } from "../site/site-config.schemas";

const Card = {
  productId: z.string(),
  title: z.string(),
  url: z.string(),
  image: z.string().nullable(),
  price: z.number(),
  currency: z.string(),
};
const Tier = z.object({ id: z.string(), name: z.string(), threshold: z.number() });

/**
 * OpenAPI description of `GET /v1/experience`. The TypeScript contract lives in
 * contract/experience.ts (the widget imports it); the assertion below fails the typecheck
 * if the two ever disagree.
 */
export const Experience = z
  .object({
    locale: z.enum(["en", "ar", "fa"]),
    currency: z.string(),
    visitor: z.object({ returning: z.boolean(), visits: z.number().int(), firstName: z.string().nullable(), tier: z.string().nullable(), identified: z.boolean() }),
    greeting: z.object({ kind: z.enum(["first_visit", "returning", "known_customer", "lapsed"]), firstName: z.string().nullable(), tier: z.string().nullable() }),
    placement: z.enum(["home", "product", "cart"]),
    recommendations: z.array(
      z.object({
        ...Card,
        reason: z.object({
          code: z.enum([
            "recently_viewed",
            "same_category",
            "trending_in_category",
            "survey_match",
            "popular",
            "bought_together",
            "because_you_bought",
            "buy_again",
            "complete_the_set",
            "because_you_saved",
          ]),
          ref: z.string().nullable(),
          label: z.string().nullable(),
          text: z.string().optional().openapi({ description: "The reason as a sentence in the requested locale" }),
        }),
      }),
    ),
    savedCart: z
      .object({
        items: z.array(z.object({ ...Card, quantity: z.number().int() })),
        total: z.number(),
        currency: z.string(),
        updatedAt: z.string(),
        restoreUrl: z.string().nullable(),
      })
      .nullable(),
    saved: z
      .object({
        items: z.array(
          z.object({
            ...Card,
            inStock: z.boolean(),
            savedAt: z.string(),
            savedPrice: z.number().nullable(),
            news: z.enum(["back_in_stock", "price_drop"]).nullable().openapi({ description: "What changed since it was saved: back in stock, or cheaper than then" }),
          }),
        ),
        limit: z.number().int(),
      })
      .optional()
      .openapi({ description: "Products saved for later (`POST /v1/saved`), newest first, as the catalog has them now" }),
    loyalty: z
      .object({
        points: z.number(),
        pending: z.number(),
        owed: z.number(),
        nextExpiry: z.object({ points: z.number(), at: z.string() }).nullable(),
        tier: Tier.nullable(),
        nextTier: Tier.nullable(),
        toNextTier: z.number(),
        progress: z.number().min(0).max(1),
        basis: z.enum(["points", "spend"]),
        tierHeldUntil: z.string().nullable(),
        benefits: z.object({ multiplier: z.number(), freeShipping: z.boolean(), earlyAccess: z.boolean() }),
        punchCards: z.array(z.object({ id: z.string(), name: z.string(), stamps: z.number(), required: z.number(), completed: z.number() })),
        rewards: z.array(z.object({ id: z.string(), name: z.string(), cost: z.number(), discount: z.object({ type: z.enum(["fixed", "percent"]), value: z.number() }), affordable: z.boolean() })),
        redeemed: z.array(z.object({ id: z.string(), rewardId: z.string(), name: z.string(), code: z.string(), at: z.string() })),
        referral: z.object({ code: z.string(), url: z.string(), friendsJoined: z.number(), friendsOrdered: z.number() }).nullable(),
      })
      .nullable()
      .openapi({ description: "Null for anonymous visitors: points belong to verified customers" }),
    survey: z
      .object({
        surveyId: z.string(),
        questionId: z.string(),
        type: z.enum(["single", "multi", "nps", "text"]),
        prompt: z.string(),
        options: z.array(z.object({ id: z.string(), label: z.string() })),
        step: z.number().int().openapi({ description: "1-based position in the survey (multi-step quizzes)" }),
        steps: z.number().int(),
        followUp: z.string().nullable().openapi({ description: 'NPS: the "why" question answered with the score' }),
        maxLength: z.number().int().openapi({ description: "Longest accepted free text, in characters" }),
      })
      .nullable(),
    offers: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(["win_back", "birthday", "anniversary", "early_access"]),
        title: z.string(),
        message: z.string().nullable(),
        code: z.string().nullable(),
        discount: z.object({ type: z.enum(["fixed", "percent"]), value: z.number() }).nullable(),
        expiresAt: z.string().nullable(),
        url: z.string().nullable(),
      }),
    ),
    content: z
      .record(
        z.string(),
        z.object({
          segment: z.string().nullable(),
          headline: z.string().nullable(),
          message: z.string().nullable(),
          image: z.object({ url: z.string(), alt: z.string() }).nullable(),
          link: z.object({ url: z.string(), label: z.string() }).nullable(),
          offerId: z.string().nullable(),
        }),
      )
      .openapi({ description: 'Segment-targeted content per slot id, for `data-revisit="content:<slot>"` placeholders' }),
    settings: z.object({
      launcher: z.boolean(),
      position: z.enum(["bottom-end", "bottom-start"]),
      theme: z.record(z.string(), z.string()),
      numberingSystem: NumberingSystem.optional(),
      calendar: CalendarSetting.optional(),
    }),
    experiments: z
      .array(z.object({ id: z.string(), arm: z.enum(["holdout", "treatment"]) }))
      .optional()
      .openapi({
        description:
          "The shopper's arm in each experiment the site config lists (always present, empty when none), drawn at their first request and kept through identify: forward it to your own analytics. " +
          "`holdout` means this answer is the neutral experience: popular picks without reason texts, a generic greeting (`first_visit`, no name or tier), no segment-targeted content (slot defaults only), no offers, no survey; loyalty and the saved cart as for everyone.",
      }),
  })
  .openapi("Experience");

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compile-time guard: the OpenAPI schema and the widget's contract type are the same shape. */
export const experienceSchemaMatchesContract: Same<z.infer<typeof Experience>, ExperienceType> = true;
