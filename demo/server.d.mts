// Types for demo/server.mjs (so TypeScript tests and scripts can import it).
/** A product name per language, as the API's `PUT /v1/catalog/products` takes it (English is the fallback). */
export interface DemoTitle {
  en: string;
  ar?: string;
  fa?: string;
}
export interface DemoProduct {
  id: string;
  title: DemoTitle;
  url: string;
  image: string;
  price: number;
  currency: string;
  categories: string[];
  tags: string[];
  inStock: boolean;
  membersOnly: boolean;
  replenishDays: number | null;
}
export interface DemoCategory {
  id: string;
  name: { en: string; ar: string; fa: string };
}
export interface DemoCustomer {
  id: string;
  firstName: string;
  email: string;
}
export interface StorefrontOptions {
  port?: number;
  host?: string;
  apiOrigin?: string;
  publishableKey?: string;
  identitySecret?: string;
}
export interface Storefront {
  url: string;
  port: number;
  close(): Promise<void>;
}
export const catalog: DemoProduct[];
export const categories: DemoCategory[];
export const customers: DemoCustomer[];
export const storefrontDir: string;
/** The catalog with `url`/`image` made absolute on the storefront origin, for PUT /v1/catalog/products. */
export function catalogForApi(storefrontOrigin?: string): DemoProduct[];
/** A product's name in `locale`, English when the catalog has none in that language. */
export function productTitle(product: { title: string | DemoTitle }, locale: string): string;
/** The catalog with every title in `locale` (what the storefront's /catalog.json answers). */
export function catalogIn(locale: string): Array<Omit<DemoProduct, 'title'> & { title: string }>;
export function identityHash(identitySecret: string, customerId: string, exp: number | string): string;
export function escapeHtml(value: unknown): string;
export function html(strings: TemplateStringsArray, ...values: unknown[]): { value: string; toString(): string };
export function startStorefront(options?: StorefrontOptions): Promise<Storefront>;
