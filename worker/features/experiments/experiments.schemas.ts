import { z } from "@hono/zod-openapi";
import { Id } from "../../platform/schemas";

/** Upper bound of a holdout: a shop never withholds personalization from most of its shoppers. */
export const MAX_HOLDOUT_PERCENT = 50;

/**
 * One experiment of the site config. Only the personalization holdout exists today (issue 11):
 * a share of shoppers gets the neutral experience, so the shop can measure what personalization
 * is worth against shoppers who never saw it. Strict, so a misspelt key is a 400, not ignored.
 */
export const Experiment = z
  .object({
    id: Id.openapi({ description: "Stable id: shoppers' arms are stored under it and returned in the experience and the customer export" }),
    type: z.literal("holdout").default("holdout").openapi({ description: "`holdout`: the personalization holdout (the only type)" }),
    holdoutPercent: z
      .number()
      .min(0)
      .max(MAX_HOLDOUT_PERCENT)
      .default(0)
      .openapi({
        description:
          "Percent of shoppers (0–50, in steps of 0.01) who get the neutral experience: popular picks without reasons, a generic greeting, no targeted content, offers or surveys; loyalty works as for everyone. " +
          "A shopper's arm is drawn once, at their first request, and kept through identify and merge. Changing the percent only affects shoppers not yet assigned; " +
          "0 stops adding shoppers to the holdout while those already in it keep their arm (and the neutral experience). Keep the experiment listed to keep reading its results; remove it to end the holdout.",
      }),
    minShoppersPerArm: z.number().int().min(2).max(1_000_000).default(100).openapi({
      description:
        "Shoppers each arm needs before the results show lifts (and the sample size for the MDE must be reached too). 100 by default: reading lifts earlier invites acting on noise; a small shop running a long test may lower it.",
    }),
    name: z.string().min(1).max(200).optional().openapi({ description: "For people reading the config and the results" }),
  })
  .strict()
  .openapi("Experiment");
export type ExperimentDef = z.infer<typeof Experiment>;

/**
 * The site's experiments. Ids are unique (an arm is stored by id), and at most one holdout is
 * active at a time: two overlapping holdouts would each compare against shoppers the other one
 * had already made neutral, so neither result would mean anything.
 */
export const Experiments = z
  .array(Experiment)
  .max(10)
  .superRefine((list, ctx) => {
    const ids = new Set<string>();
    let active: string | null = null;
    list.forEach((x, i) => {
      if (ids.has(x.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `experiment "${x.id}" is defined twice` });
      ids.add(x.id);
      if (x.holdoutPercent > 0) {
        if (active !== null) ctx.addIssue({ code: "custom", path: [i, "holdoutPercent"], message: `only one holdout can be active (holdoutPercent > 0): "${active}" already is; set this one to 0` });
        else active = x.id;
      }
    });
  })
  .default([])
  .openapi({ description: "Experiments (worker/features/experiments): today the personalization holdout. At most one with holdoutPercent > 0." });
