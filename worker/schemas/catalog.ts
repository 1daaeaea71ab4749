import { z } from "@hono/zod-openapi";
import { Currency, Id, Money } from "./common";

export const Product = z
  .object({
    id: Id,
    title: z.string().min(1).max(300),
    url: z.string().url().max(2048),
    image: z.string().url().max(2048).nullable().default(null),
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

export const CatalogUpsert = z
  .object({
    products: z.array(Product).min(1).max(1000),
    /** Product ids to remove from the catalog. */
    delete: z.array(Id).max(1000).default([]),
  })
  .openapi("CatalogUpsert");
