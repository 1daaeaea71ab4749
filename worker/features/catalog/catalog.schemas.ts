import { z } from "@hono/zod-openapi";
import { Currency, Id, Money } from "../../platform/schemas";
import { caseless } from "../../platform/regex";
import { type LocalText, localize } from "../../platform/localize";
import type { Locale } from "../../../contract/experience";

/** Product links and images: http(s) only, so no `javascript:` or `data:` URL reaches a storefront or the widget. */
const HttpUrl = z
  .string()
  .url()
  .max(2048)
  .regex(caseless(/^https?:\/\//i), "an http(s) URL");

const Title = z.string().min(1).max(300);

/** A product title in the shop's languages (issue 15): English is the fallback, Arabic and Persian optional. */
export const LocalTitle = z
  .object({ en: Title, ar: Title.optional(), fa: Title.optional() })
  .strict()
  .openapi("LocalTitle", { description: "A title per language: `en` (required, the fallback), `ar`, `fa`" });
export type LocalTitle = z.infer<typeof LocalTitle>;

/** A title as sent: one string for every language, or one per language. */
const TitleInput = z.union([Title, LocalTitle]).openapi({
  description:
    'The product name: one string for every language, or one per language (`{"en":"Night cream","ar":"كريم ليلي","fa":"کرم شب"}`), shown in the shopper\'s language with English as the fallback',
});

export const ProductInput = z
  .object({
    id: Id,
    title: TitleInput,
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
/** The product as validated (title as sent); the name the importers' tests check against. */
export const Product = ProductInput;
/** Translations of a stored product's title; English is `title` itself. */
export type Titles = Omit<LocalText, "en">;
/**
 * A product as stored and published to the edge: `title` always the English (fallback) string,
 * so everything that reads titles keeps working; the other languages, when sent, in `titles`
 * (absent otherwise, so a catalog sent with plain titles stores exactly what it did before).
 */
export type Product = Omit<z.infer<typeof ProductInput>, "title"> & { title: string; titles?: Titles };

/** A partial update of an existing product: its id and only the fields that change. */
export const ProductPatch = ProductInput.omit({ id: true })
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
export type ProductPatchInput = z.infer<typeof ProductPatch>;

/** The stored title fields of a title as sent: `{ title: en, titles: { ar, fa } }`, `titles` only when there are translations. */
export function titleFields(t: string | LocalTitle): { title: string; titles?: Titles } {
  if (typeof t === "string") return { title: t };
  const titles: Titles = {};
  if (t.ar) titles.ar = t.ar;
  if (t.fa) titles.fa = t.fa;
  return Object.keys(titles).length ? { title: t.en, titles } : { title: t.en };
}

/** A product as sent, as it is stored (see `Product`). */
export const storedProduct = (p: z.infer<typeof ProductInput>): Product => ({ ...p, ...titleFields(p.title) });

/**
 * A patch as applied to the stored product. A new title replaces every language: a plain string
 * drops translations that would no longer match it (`titles: undefined` is left out when stored).
 */
export function storedPatch(p: ProductPatchInput): Partial<Omit<Product, "id">> & { id: string } {
  if (p.title === undefined) return p as Partial<Omit<Product, "id">> & { id: string };
  return { ...p, titles: undefined, ...titleFields(p.title) };
}

/** A stored product's title in the shopper's language (English when it has none in that language). */
export const titleIn = (p: { title: string; titles?: Titles | undefined }, locale: Locale): string => (locale === "en" || !p.titles ? p.title : localize({ ...p.titles, en: p.title }, locale));

/** Operations per call: send a larger catalog in chunks (each chunk is idempotent on its own). */
export const CATALOG_CHUNK = 1000;

export const CatalogUpsert = z
  .object({
    /** Full products, created or replaced. */
    products: z.array(ProductInput).max(CATALOG_CHUNK).default([]),
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
