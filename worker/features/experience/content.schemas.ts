import { z } from "@hono/zod-openapi";
import { Id, LocalText } from "../../platform/schemas";
import { caseless } from "../../platform/regex";

/**
 * Links and images the widget puts on a storefront: https only (plain http only for localhost,
 * so `npm start` works), so no `javascript:`, `data:` or mixed-content URL reaches a shop's page.
 */
export const SafeUrl = z
  .string()
  .url()
  .max(2048)
  .regex(caseless(/^(https:\/\/|http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?(\/|$))/i), "an https URL (http only for localhost)");

/** A segment as content and offers name it: a rule segment id, a lifecycle stage or `rfm-<group>`. */
export const SegmentRef = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "a segment id");

/** The id in `data-revisit="content:<slot>"`. */
export const SlotId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "lowercase letters, digits, _ and -");

/** One version of a slot's content, for shoppers in `segment` (null: everyone else, the default). */
export const ContentVariant = z
  .object({
    segment: SegmentRef.nullable(),
    headline: LocalText.optional(),
    message: LocalText.optional(),
    image: z.object({ url: SafeUrl, alt: LocalText }).strict().optional(),
    link: z.object({ url: SafeUrl, label: LocalText }).strict().optional(),
    /** An offer of the site config this variant presents (its code shows in the slot). */
    offer: Id.optional(),
  })
  .strict()
  .refine((v) => v.headline || v.message || v.image || v.link || v.offer, "a variant needs a headline, message, image, link or offer")
  .openapi("ContentVariant");

/** A content slot: the first variant whose segment the shopper is in wins; `segment: null` is the default. */
export const ContentSlotDef = z
  .object({ id: SlotId, variants: z.array(ContentVariant).min(1).max(20) })
  .strict()
  .superRefine((s, ctx) => {
    const seen = new Set<string | null>();
    s.variants.forEach((v, i) => {
      if (seen.has(v.segment))
        ctx.addIssue({
          code: "custom",
          path: ["variants", i, "segment"],
          message: v.segment === null ? "only one default variant (segment null)" : `segment "${v.segment}" already has a variant in this slot`,
        });
      seen.add(v.segment);
    });
  })
  .openapi("ContentSlotDef");

export const Content = z
  .object({ slots: z.array(ContentSlotDef).max(50).default([]) })
  .strict()
  .superRefine((c, ctx) => {
    const ids = new Set<string>();
    c.slots.forEach((s, i) => {
      if (ids.has(s.id)) ctx.addIssue({ code: "custom", path: ["slots", i, "id"], message: `slot "${s.id}" is defined twice` });
      ids.add(s.id);
    });
  })
  .openapi("Content", { description: 'Segment-targeted content for `data-revisit="content:<slot>"` placeholders.' });
export type Content = z.infer<typeof Content>;
export type ContentVariantDef = z.infer<typeof ContentVariant>;
