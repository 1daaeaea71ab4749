import { z } from "@hono/zod-openapi";
import { ACTIONS, type LoyaltyProgram as Program } from "./program";
import { Currency, Id, LocalText } from "../../platform/schemas";
import { OutboundUrl } from "../../platform/outbound-url-schema";

const Points = z.number().min(0).max(1e7);

export const Tier = z.object({
  id: Id,
  name: LocalText,
  threshold: z.number().min(0).max(1e9),
  multiplier: z.number().min(0).max(20).default(1),
  freeShipping: z.boolean().default(false),
  earlyAccess: z.boolean().default(false),
});

export const PunchCard = z
  .object({
    id: Id,
    name: LocalText,
    productIds: z.array(Id).max(1000).default([]),
    categories: z.array(Id).max(100).default([]),
    required: z.number().int().min(1).max(100),
    rewardId: Id.nullable().default(null).openapi({ description: "Reward whose code pool delivers the free item; its point cost is not charged" }),
  })
  .refine((c) => c.productIds.length + c.categories.length > 0, "a punch card needs productIds or categories");

export const Reward = z
  .object({
    id: Id,
    name: LocalText,
    cost: z.number().int().min(1).max(1e7),
    discount: z.object({ type: z.enum(["fixed", "percent"]), value: z.number().positive().max(1e6) }),
    delivery: z.enum(["pool", "webhook"]).default("pool"),
    webhookUrl: OutboundUrl.nullable().default(null),
  })
  .refine((r) => r.delivery === "pool" || r.webhookUrl !== null, "webhook delivery needs webhookUrl")
  .refine((r) => r.discount.type === "fixed" || r.discount.value <= 100, "a percent discount is at most 100");

const ActionPoints = z.object(Object.fromEntries(ACTIONS.map((a) => [a, Points.optional()])) as Record<(typeof ACTIONS)[number], z.ZodOptional<typeof Points>>);
const Limit = z.object({ perDay: z.number().int().min(1).nullable().default(null), lifetime: z.number().int().min(1).nullable().default(null) });
const ActionLimits = z.object(Object.fromEntries(ACTIONS.map((a) => [a, Limit.optional()])) as Record<(typeof ACTIONS)[number], z.ZodOptional<typeof Limit>>);

/** The loyalty program in site config (declarative; interpreted by worker/features/loyalty). */
export const LoyaltyProgram = z
  .object({
    pointsPerUnit: z.number().min(0).max(1000).default(1),
    currencyRates: z.record(Currency, z.number().min(0).max(1000)).default({}),
    rounding: z.enum(["floor", "round", "ceil"]).default("floor"),
    actions: ActionPoints.default({}),
    actionLimits: ActionLimits.default({}),
    tierBasis: z.enum(["points", "spend"]).default("points"),
    tierWindow: z.enum(["lifetime", "calendar_year", "rolling_12_months"]).default("lifetime"),
    tiers: z.array(Tier).max(20).default([]),
    pendingDays: z.number().min(0).max(365).default(0),
    expiryDays: z.number().int().min(1).max(3650).nullable().default(null),
    punchCards: z.array(PunchCard).max(20).default([]),
    rewards: z.array(Reward).max(50).default([]),
  })
  .openapi("LoyaltyProgram");

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compile-time guard: what zod accepts is exactly what the loyalty engine interprets. */
export const loyaltySchemaMatchesEngine: Same<z.infer<typeof LoyaltyProgram>, Program> = true;
