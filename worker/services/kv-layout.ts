import type { SiteConfig } from "../schemas/site-config";

/** Every KV key Revisit writes, in one place; each is scoped by site (DESIGN §3 tenancy) or by key hash. */
export const kvKeys = {
  apiKey: (hash: string) => `key:${hash}`,
  runtime: (siteId: string) => `site:${siteId}:runtime`,
  catalog: (siteId: string) => `site:${siteId}:catalog`,
  popular: (siteId: string) => `site:${siteId}:popular`,
};

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
