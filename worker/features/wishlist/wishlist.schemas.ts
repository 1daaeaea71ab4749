import { z } from "@hono/zod-openapi";
import { Id } from "../../platform/schemas";
import { MAX_SAVED } from "./wishlist";

/** `POST /v1/saved`: the product to save, by the catalog id the shop sends in `PUT /v1/catalog/products`. */
export const SaveBody = z.object({ productId: Id }).strict().openapi("SaveProduct");

/** `DELETE /v1/saved/{productId}`. */
export const SavedParams = z.object({ productId: Id });

/** The shopper's saved list after a save or an unsave. */
export const SavedListAnswer = z
  .object({
    status: z.enum(["saved", "already_saved", "removed", "not_saved"]).openapi({ description: "What the call did: `already_saved` and `not_saved` changed nothing (a retry is harmless)" }),
    items: z.array(z.object({ productId: z.string(), savedAt: z.string() })).openapi({ description: "Every saved product, newest first" }),
    limit: z.literal(MAX_SAVED).openapi({ description: "How many products one shopper can keep saved" }),
  })
  .openapi("SavedList");
export type SavedListAnswer = z.infer<typeof SavedListAnswer>;
