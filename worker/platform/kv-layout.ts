import type { SiteConfig } from "../features/site/site-config.schemas";

/** Every KV key Revisit writes, in one place; each is scoped by site (SECURITY.md: tenancy) or by key hash. */
export const kvKeys = {
  apiKey: (hash: string) => `key:${hash}`,
  runtime: (siteId: string) => `site:${siteId}:runtime`,
  /** One product as recommendations read it: catalog entry, neighbours, re-buy stats (ProductRecord). */
  product: (siteId: string, productId: string) => `site:${siteId}:p:${productId}`,
  /** A candidate list: `top` (a TopList), `c:{category}` or `t:{tag}` (product ids, best first). */
  list: (siteId: string, key: string) => (key === "top" ? `site:${siteId}:top` : `site:${siteId}:top:${key}`),
};

/** The shop's popular list, with the time of the latest order it learnt from (the shop's "now"). */
export interface TopList {
  ids: string[];
  latestAt: number | null;
}

/** Directory entry for an API key, found by the SHA-256 of the key. */
export interface KeyEntry {
  siteId: string;
  kind: "publishable" | "secret";
  expiresAt: number | null;
}

/** What a request needs to serve a site: its configuration and the secrets it verifies with. */
export interface SiteRuntime {
  siteId: string;
  config: SiteConfig;
  identitySecret: string;
  shopifySecret: string;
}
