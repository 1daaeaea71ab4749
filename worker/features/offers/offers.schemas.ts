import { z } from "@hono/zod-openapi";
import { STAGES } from "../segments/lifecycle";
import { RFM_GROUPS } from "../segments/rfm";
import { OFFER_KINDS } from "./offers";
import { Id, LocalText } from "../../platform/schemas";
import { SafeUrl, SegmentRef, type Content } from "../experience/content.schemas";
import { OutboundUrl } from "../../platform/outbound-url-schema";

export const OfferDiscount = z
  .object({ type: z.enum(["fixed", "percent"]), value: z.number().positive().max(1e6) })
  .refine((d) => d.type === "fixed" || d.value <= 100, "a percent discount is at most 100");

/**
 * An offer: win-back for lapsed customers, birthday and first-order anniversary
 * rewards (a unique code per shopper and occasion), early access for tiers or segments (no code).
 */
export const OfferDef = z
  .object({
    id: Id,
    kind: z.enum(OFFER_KINDS),
    title: LocalText,
    message: LocalText.optional(),
    discount: OfferDiscount.optional(),
    /** Who may get it: any of these segments or tiers; both empty means every verified customer it applies to. */
    audience: z
      .object({ segments: z.array(SegmentRef).max(20).default([]), tiers: z.array(Id).max(20).default([]) })
      .strict()
      .default({ segments: [], tiers: [] }),
    /** A code expires this many days after it was issued. */
    validDays: z.number().int().min(1).max(365).default(30),
    /** Birthday / anniversary: shown this many days before and after the date. */
    windowDays: z.number().int().min(0).max(60).default(7),
    /** Where the offer leads (e.g. the early-access collection). */
    url: SafeUrl.optional(),
    /** Codes come from the pool the shop uploads (`PUT /v1/offers/{id}/codes`) or are minted by the shop's webhook. */
    delivery: z.enum(["pool", "webhook"]).default("pool"),
    webhookUrl: OutboundUrl.nullable().default(null),
  })
  .strict()
  .refine((o) => o.delivery === "pool" || o.webhookUrl !== null, "webhook delivery needs webhookUrl")
  .openapi("Offer");
export type OfferDef = z.infer<typeof OfferDef>;

/** The slice of a site config content and offers refer into. */
interface Refs {
  segments: { id: string }[];
  loyalty: { tiers: { id: string }[] };
  offers: { id: string; audience: { segments: string[]; tiers: string[] } }[];
  content: Content;
}

/** Every segment id a shop can target: its rule segments, the lifecycle stages and the RFM groups. */
export function knownSegments(ruleIds: string[]): Set<string> {
  return new Set([...ruleIds, ...STAGES, ...RFM_GROUPS.map((g) => `rfm-${g.replaceAll("_", "-")}`)]);
}

/**
 * Cross-references of a site config (a superRefine on SiteConfig): content variants and offer
 * audiences may name only segments, tiers and offers that exist, so a typo is a 400 at PUT time
 * rather than a slot that silently never shows.
 */
export function checkContentAndOffers(c: Refs, ctx: z.RefinementCtx): void {
  const segments = knownSegments(c.segments.map((s) => s.id));
  const tiers = new Set(c.loyalty.tiers.map((t) => t.id));
  const offers = new Set<string>();
  c.offers.forEach((o, i) => {
    if (offers.has(o.id)) ctx.addIssue({ code: "custom", path: ["offers", i, "id"], message: `offer "${o.id}" is defined twice` });
    offers.add(o.id);
    o.audience.segments.forEach((s, j) => {
      if (!segments.has(s)) ctx.addIssue({ code: "custom", path: ["offers", i, "audience", "segments", j], message: `unknown segment "${s}"` });
    });
    o.audience.tiers.forEach((t, j) => {
      if (!tiers.has(t)) ctx.addIssue({ code: "custom", path: ["offers", i, "audience", "tiers", j], message: `unknown loyalty tier "${t}"` });
    });
  });
  c.content.slots.forEach((slot, i) =>
    slot.variants.forEach((v, j) => {
      if (v.segment !== null && !segments.has(v.segment)) ctx.addIssue({ code: "custom", path: ["content", "slots", i, "variants", j, "segment"], message: `unknown segment "${v.segment}"` });
      if (v.offer !== undefined && !offers.has(v.offer)) ctx.addIssue({ code: "custom", path: ["content", "slots", i, "variants", j, "offer"], message: `unknown offer "${v.offer}"` });
    }),
  );
}
