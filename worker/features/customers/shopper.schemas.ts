import { z } from "@hono/zod-openapi";
import { Currency, Id, Locale, Money } from "../../platform/schemas";
import { BIRTHDAY_CALENDARS } from "../../platform/calendars";

export const CartLine = z.object({ productId: Id, quantity: z.number().int().min(1).max(999), price: Money.optional() });
export type CartLine = z.infer<typeof CartLine>;

const base = { id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "8-64 characters of [A-Za-z0-9_-]"), at: z.string().datetime({ offset: true }).optional() };

const Placement = z.enum(["home", "product", "cart"]);
/** Why a recommendation was picked (`reason.code` in the experience), as insights group them. */
const ReasonCode = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, "a reason code: a lowercase letter, then up to 31 of [a-z0-9_]");

/** Browser events (untrusted: they shape what this shopper sees, never money or points). */
export const Event = z.discriminatedUnion("type", [
  z.object({ ...base, type: z.literal("page_view"), url: z.string().max(2048).optional() }),
  z.object({ ...base, type: z.literal("product_view"), productId: Id }),
  z.object({ ...base, type: z.literal("category_view"), category: Id }),
  z.object({ ...base, type: z.literal("search"), query: z.string().min(1).max(200) }),
  z.object({ ...base, type: z.literal("cart"), items: z.array(CartLine).max(100) }),
  z.object({ ...base, type: z.literal("add_to_cart"), productId: Id, quantity: z.number().int().min(1).max(999).default(1) }),
  z.object({ ...base, type: z.literal("remove_from_cart"), productId: Id, quantity: z.number().int().min(1).max(999).optional() }),
  /** Recommendations the shopper actually saw (the block scrolled into view), in the order shown. */
  z
    .object({
      ...base,
      type: z.literal("rec_impression"),
      productIds: z.array(Id).min(1).max(24),
      /** Each product's reason code, parallel to `productIds` (insights count impressions by reason). */
      reasons: z.array(ReasonCode).max(24).optional(),
      placement: Placement.optional(),
    })
    .refine((e) => !e.reasons || e.reasons.length === e.productIds.length, {
      path: ["reasons"],
      message: "must have one reason per product in productIds, in the same order (or be left out)",
    }),
  /** A click on a recommended product, with the reason it was picked for. */
  z.object({ ...base, type: z.literal("rec_click"), productId: Id, placement: Placement.optional(), position: z.number().int().min(0).max(23).optional(), reason: ReasonCode.optional() }),
]);
export type Event = z.infer<typeof Event>;

export const EventBatch = z.object({ events: z.array(Event).min(1).max(50) }).openapi("EventBatch");

export const IdentifyBody = z
  .object({
    customerId: Id,
    hash: z.string().regex(/^[0-9a-fA-F]{64}$/, "hex HMAC-SHA256"),
    expires: z.number().int().positive().optional(),
    firstName: z.string().min(1).max(100).optional(),
    email: z.string().email().max(254).optional(),
  })
  .openapi("Identify");

/** The survey response body lives with the other survey schemas. */
export { SurveyResponseBody } from "../surveys/surveys.schemas";

export const Traits = z
  .object({
    firstName: z.string().min(1).max(100).nullable(),
    email: z.string().email().max(254).nullable(),
    birthday: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD")
      .nullable(),
    locale: Locale.nullable(),
    marketingConsent: z.boolean().nullable(),
    /** The calendar the birthday recurs in (the birthday itself is written as a Gregorian date); null: Gregorian. */
    calendar: z.enum(BIRTHDAY_CALENDARS).nullable(),
  })
  .partial()
  .strict()
  .openapi("Traits");
export type Traits = z.infer<typeof Traits>;

export const OrderItem = z.object({ productId: Id, quantity: z.number().int().min(1).max(100000), price: Money });

/** A trusted order (secret key only). Re-sending the same id is a no-op; a new status reverses points. */
export const Order = z
  .object({
    id: Id,
    customerId: Id,
    email: z.string().email().max(254).optional(),
    items: z.array(OrderItem).min(1).max(500),
    total: Money,
    currency: Currency,
    createdAt: z.string().datetime({ offset: true }),
    status: z.enum(["paid", "refunded", "cancelled"]).default("paid"),
  })
  .openapi("Order");
export type Order = z.infer<typeof Order>;
