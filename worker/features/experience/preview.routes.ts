import { createRoute, z } from "@hono/zod-openapi";
import { Locale, errorResponses } from "../../platform/schemas";
import { SiteConfig } from "../site/site-config.schemas";
import { SegmentRef } from "./content.schemas";
import { Experience } from "./experience.schemas";

/** The block a preview is about: what the console's editor is showing next to it. */
export const PreviewFocus = z
  .string()
  .regex(
    /^(loyalty|greeting|recommendations|(survey|offer):[A-Za-z0-9_.:-]{1,128}|content:[a-z0-9][a-z0-9_-]{0,63})$/,
    'loyalty, greeting, recommendations, "survey:<id>", "offer:<id>" or "content:<slot>"',
  )
  .openapi({ description: "The block being edited: `loyalty`, `greeting`, `recommendations`, `survey:<id>`, `offer:<id>` or `content:<slot>`" });

/** `POST /v1/experience/preview`: a draft config and who to preview it for. */
export const PreviewBody = z
  .object({
    /** The site config to preview, typically an unsaved draft; validated exactly like `PUT /v1/site/config`. */
    config: SiteConfig,
    locale: Locale.optional().openapi({ description: "en, ar or fa (ar and fa render right to left); defaults to the config's locale" }),
    segment: SegmentRef.nullable()
      .default(null)
      .openapi({ description: "Preview as a customer in this segment (a lifecycle stage, `rfm-<group>` or one of the config's rule segments); null: a new visitor" }),
    focus: PreviewFocus.optional(),
  })
  .strict()
  .openapi("ExperiencePreviewRequest");

/** Whether shoppers like the invented one would see the block in focus (preview.ts `FocusNote`). */
const FocusNote = z
  .object({
    focus: z.string(),
    visible: z.boolean().openapi({ description: "A shopper like the invented one sees this block with this config" }),
    reason: z
      .enum(["paused", "not_for_segment", "not_found"])
      .nullable()
      .openapi({ description: "Why not: a paused survey, display rules or audience leave this segment out, or no such id in the config. The block is shown in the preview anyway." }),
  })
  .openapi("ExperiencePreviewFocus");

export const PreviewAnswer = z
  .object({
    experience: Experience,
    shopper: z
      .object({ kind: z.enum(["visitor", "customer"]), segment: z.string().nullable(), visits: z.number().int(), orders: z.number().int(), points: z.number().nullable() })
      .openapi({ description: "The invented shopper the experience was built for" }),
    focus: FocusNote.nullable(),
  })
  .openapi("ExperiencePreview");

/** POST /v1/experience/preview: the experience a draft config gives an invented shopper, for the console's live preview. */
export const previewRoute = createRoute({
  method: "post",
  path: "/v1/experience/preview",
  operationId: "previewExperience",
  tags: ["Site"],
  summary: "Preview the widget's experience for a draft config, a segment and a language",
  description:
    "Builds `GET /v1/experience` with the same code for an invented shopper, from the config in the body (an unsaved draft) instead of the saved one: " +
    "`segment: null` is a first-time visitor; a segment gives a signed-in customer filed in it, with an order history that fits it (a lapsed customer's last order is past the lapse window), " +
    "points most of the way to a tier, and offers with the sample code `PREVIEW-CODE`. Recommendations are the shop's popular picks. With `focus` on a survey or an offer the shopper would not get (a paused survey, display rules, audience), it is shown anyway and `focus.visible` is false with the reason. " +
    "Nothing is stored or counted: no visit, no profile, no code issued, no audit entry. A read, so console viewers may call it too (with the CSRF header, like every console POST). The experiment holdout is not applied (the preview shows the personalized experience).",
  security: [{ secretKey: [] }],
  request: { body: { required: true, content: { "application/json": { schema: PreviewBody } } } },
  responses: {
    200: { description: "The experience, the invented shopper, and whether the block in focus is visible to such shoppers", content: { "application/json": { schema: PreviewAnswer } } },
    ...errorResponses(400, 401, 403, 413),
  },
});
