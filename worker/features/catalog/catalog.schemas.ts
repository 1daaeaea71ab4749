import { z } from "@hono/zod-openapi";
import { Currency, Id, Money } from "../../platform/schemas";

/** Product links and images: http(s) only, so no `javascript:` or `data:` URL reaches a storefront or the widget. */
const HttpUrl = z
  .string()
  .url()
  .max(2048)
  .regex(/^https?:\/\//i, "an http(s) URL");

export const Product = z
  .object({
    id: Id,
    title: z.string().min(1).max(300),
    url: HttpUrl,
    image: HttpUrl.nullable().default(null),
    price: Money,
    currency: Currency,
    categories: z.array(Id).max(20).default([]),
    tags: z.array(z.string().min(1).max(64)).max(50).default([]),
    inStock: z.boolean().default(true),
    membersOnly: z.boolean().default(false),
    replenishDays: z.number().int().min(1).max(3650).nullable().default(null),
  })
  .openapi("Product");
export type Product = z.infer<typeof Product>;

/** A partial update of an existing product: its id and only the fields that change. */
export const ProductPatch = Product.omit({ id: true })
  .extend({
    // No defaults here: a field left out keeps its stored value.
    image: HttpUrl.nullable(),
    categories: z.array(Id).max(20),
    tags: z.array(z.string().min(1).max(64)).max(50),
    inStock: z.boolean(),
    membersOnly: z.boolean(),
    replenishDays: z.number().int().min(1).max(3650).nullable(),
  })
  .partial()
  .extend({ id: Id })
  .strict()
  .openapi("ProductPatch");
export type ProductPatch = z.infer<typeof ProductPatch>;

/** Operations per call: send a larger catalog in chunks (each chunk is idempotent on its own). */
export const CATALOG_CHUNK = 1000;

export const CatalogUpsert = z
  .object({
    /** Full products, created or replaced. */
    products: z.array(Product).max(CATALOG_CHUNK).default([]),
    /** Partial updates of existing products (e.g. `{ "id": "p1", "inStock": false }`). */
    patch: z.array(ProductPatch).max(CATALOG_CHUNK).default([]),
    /** Product ids to remove from the catalog. */
    delete: z.array(Id).max(CATALOG_CHUNK).default([]),
  })
  .refine((b) => b.products.length + b.patch.length + b.delete.length >= 1, { message: "Send at least one product, patch or delete" })
  .refine((b) => b.products.length + b.patch.length + b.delete.length <= CATALOG_CHUNK, { message: `At most ${CATALOG_CHUNK} operations per call; send the rest in further calls` })
  .openapi("CatalogUpsert");

export const CatalogResult = z
  .object({
    upserted: z.number().int().openapi({ description: "Products created or changed" }),
    patched: z.number().int(),
    unchanged: z.number().int().openapi({ description: "Products sent exactly as stored (nothing written)" }),
    deleted: z.number().int(),
    missing: z.array(z.string()).openapi({ description: "Patched ids that are not in the catalog" }),
    total: z.number().int().openapi({ description: "Products in the catalog after this call" }),
    publishing: z.number().int().openapi({ description: "Changes still being published to the edge (seconds, not minutes)" }),
  })
  .openapi("CatalogResult");
