import { z } from "@hono/zod-openapi";
import { Currency, Id, LocalText, Locale } from "../../platform/schemas";
import { LoyaltyProgram } from "../loyalty/loyalty.schemas";
import { WEBHOOK_EVENTS } from "../webhooks/webhooks";
import { LifecycleThresholds, Segment } from "../segments/segments.schemas";
import { Content } from "../experience/content.schemas";
import { checkContentAndOffers, OfferDef } from "../offers/offers.schemas";
import { Survey } from "../surveys/surveys.schemas";
import { OutboundUrl } from "../../platform/outbound-url-schema";
import { Experiments } from "../experiments/experiments.schemas";
import { isTimeZone } from "../insights/period";

/** Digits the widget shows on Arabic and Persian pages; null: the page language's own (CLDR). */
export const NumberingSystem = z.enum(["latn", "arab", "arabext"]).nullable().openapi({
  description:
    "Digits on Arabic and Persian pages: latn (0-9), arab (٠-٩), arabext (۰-۹); null or absent: the page language's default (ar-EG, ar-SA: arab; ar, ar-AE, ar-MA: latn; fa: arabext). English pages always use 0-9.",
});
/** Calendar the widget shows dates in on Arabic and Persian pages; null: by the page's language and region. */
export const CalendarSetting = z.enum(["gregory", "islamic-umalqura", "persian"]).nullable().openapi({
  description:
    "Calendar of dates on Arabic and Persian pages; null or absent: Solar Hijri (persian) for fa, Umm al-Qura for ar-SA, Gregorian for other Arabic pages. English pages are always Gregorian.",
});

const Origin = z
  .string()
  .max(255)
  .regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, "an origin like https://shop.example (no path)");

export const WebhookEndpoint = z
  .object({
    url: OutboundUrl,
    events: z
      .array(z.enum([...WEBHOOK_EVENTS, "*"]))
      .min(1)
      .max(50)
      .default(["*"])
      .openapi({ description: `Event types to receive (${WEBHOOK_EVENTS.join(", ")}), or "*" for all` }),
  })
  .openapi("WebhookEndpoint");

export const Triggers = z
  .object({
    /** A customer's cart with items and no order after it counts as abandoned after this many idle minutes. */
    cartAbandonedMinutes: z.number().min(1).max(43_200).default(60),
    /** A one-time buyer counts as lapsed this many days after their order; null: the site's `lapsedAfterDays`. */
    lapsedAfterDays: z.number().int().min(1).max(3650).nullable().default(null),
    /** A repeat buyer counts as lapsed this many days after their expected next order (last order + their median gap). */
    lapsedGraceDays: z.number().int().min(0).max(365).default(14),
    /** Hour of the day (UTC) `customer.birthday` goes out. */
    birthdayHourUtc: z.number().int().min(0).max(23).default(9),
  })
  .openapi("Triggers");

export const SiteConfig = z
  .object({
    name: z.string().min(1).max(200),
    currency: Currency.default("USD"),
    locale: Locale.default("en"),
    allowedOrigins: z.array(Origin).max(50).default([]),
    /** A new visit starts after this many idle minutes (default 30). */
    visitIdleMinutes: z.number().min(0.01).max(1440).default(30),
    /** A known customer not seen or ordering for this long is greeted as lapsed. */
    lapsedAfterDays: z.number().int().min(1).max(3650).default(90),
    /** Require the expiring customer-hash form (SECURITY.md). */
    requireExpiringHash: z.boolean().default(false),
    /** Where "restore your cart" points; `{items}` becomes `id:qty,id:qty`. */
    cartUrlTemplate: z.string().max(2048).nullable().default(null),
    /** The link a customer shares; `{code}` becomes their referral code. Default: first allowed origin + `/?rv_ref={code}`. */
    referralUrlTemplate: z.string().max(2048).nullable().default(null),
    categories: z
      .array(z.object({ id: Id, name: LocalText }))
      .max(500)
      .default([]),
    loyalty: LoyaltyProgram.default(LoyaltyProgram.parse({})),
    /** Lifecycle thresholds; null days scale with the shop's median days between orders. */
    lifecycle: LifecycleThresholds.default(LifecycleThresholds.parse({})),
    /** Rule-based segments (a condition tree, interpreted, never executed). */
    segments: z.array(Segment).max(100).default([]),
    /** Zero-party surveys and quizzes (worker/features/surveys/surveys.schemas.ts): questions, display rules. */
    surveys: z.array(Survey).max(50).default([]),
    recommendations: z.object({ limit: z.number().int().min(1).max(24).default(8) }).default({ limit: 8 }),
    widget: z
      .object({
        launcher: z.boolean().default(true),
        position: z.enum(["bottom-end", "bottom-start"]).default("bottom-end"),
        theme: z
          .record(
            z.string().regex(/^--revisit-[a-z0-9-]{1,40}$/),
            z
              .string()
              .max(200)
              .regex(/^[^;{}<>]*$/, "no ; { } < >"),
          )
          .default({}),
        /** Digits on Arabic and Persian pages (issue 15); null or absent: by the page's language. */
        numberingSystem: NumberingSystem.optional(),
        /** Calendar of dates on Arabic and Persian pages (issue 15); null or absent: by language and region. */
        calendar: CalendarSetting.optional(),
      })
      .default({ launcher: true, position: "bottom-end", theme: {} }),
    /** Webhooks out: each endpoint gets the listed event types (`"*"`: all), signed per Standard Webhooks. */
    webhooks: z.array(WebhookEndpoint).max(20).default([]),
    /** How long raw browser events are kept; older ones are deleted by each profile's alarm (their counts live on in aggregates). */
    retention: z
      .object({ eventsDays: z.number().int().min(1).max(3650).default(365).openapi({ description: "Days raw events are kept (aggregates and daily counts stay)" }) })
      .default({ eventsDays: 365 }),
    /** Time-based triggers (Profile object alarms) behind `cart.abandoned`, `customer.lapsed` and `customer.birthday`. */
    triggers: Triggers.default(Triggers.parse({})),
    /** Offers (worker/features/offers/offers.schemas.ts): win-back, birthday, first-order anniversary, early access. */
    offers: z.array(OfferDef).max(50).default([]),
    /** The shop's time zone: insights count days, weeks and months in it (worker/features/insights/period.ts). */
    timeZone: z
      .string()
      .max(64)
      .refine(isTimeZone, "an IANA time zone such as Europe/London or UTC")
      .default("UTC")
      .openapi({ description: "IANA time zone the insights count days in (default UTC). Changing it re-buckets order and loyalty figures; visits and events keep the days they were counted under." }),
    /** How insights value and attribute (worker/features/insights). */
    insights: z
      .object({
        pointValue: z
          .number()
          .min(0)
          .max(1e6)
          .nullable()
          .default(null)
          .openapi({ description: "Money (site currency) one point is worth, for the program's liability; null: the best money-per-point of the fixed-value rewards" }),
        attributionDays: z.number().int().min(1).max(90).default(7).openapi({ description: "An order counts for a recommendation when it follows a click on that product within this many days" }),
      })
      .default({ pointValue: null, attributionDays: 7 }),
    /** Segment-targeted content for `data-revisit="content:<slot>"` placeholders (worker/features/experience/content.schemas.ts). */
    content: Content.default({ slots: [] }),
    /** Experiments (worker/features/experiments/experiments.schemas.ts): the personalization holdout. */
    experiments: Experiments,
  })
  // Content and offers may only name segments, tiers and offers that exist.
  .superRefine((c, ctx) => checkContentAndOffers(c, ctx))
  .openapi("SiteConfig");
export type SiteConfig = z.infer<typeof SiteConfig>;
export type SiteConfigInput = z.input<typeof SiteConfig>;
