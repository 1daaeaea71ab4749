import type { Env } from "../env";
import type { CatalogItem } from "../domain/recommendations";
import { sha256Hex } from "../lib/crypto";
import type { ProfileRef } from "../objects/profile-object";
import type { Product } from "../schemas/catalog";
import { kvKeys, type KeyEntry, type SiteRuntime } from "./kv-layout";

/**
 * Read paths to KV with a short in-isolate memo: a busy storefront reads the same site's config
 * and catalog on every request, and a few seconds of staleness is fine for read-mostly data.
 * Writers in this isolate call `forget` so their own next read is fresh.
 */
const MEMO_MS = 5_000;
const memo = new Map<string, { until: number; value: unknown }>();

async function memoised<T>(key: string, load: () => Promise<T | null>): Promise<T | null> {
  const hit = memo.get(key);
  if (hit && hit.until > Date.now()) return hit.value as T;
  const value = await load();
  if (value !== null) memo.set(key, { until: Date.now() + MEMO_MS, value });
  return value;
}

/** Drops memoised copies of a site's data after this isolate changed it. */
export function forgetSite(siteId: string): void {
  for (const k of [kvKeys.runtime(siteId), kvKeys.catalog(siteId), kvKeys.popular(siteId)]) memo.delete(k);
}

/** The site and kind an API key belongs to, or null when unknown or past its rotation grace period. */
export async function resolveKey(env: Env, key: string, now: number): Promise<KeyEntry | null> {
  const hash = await sha256Hex(key);
  const entry = await memoised(kvKeys.apiKey(hash), () => env.KV.get<KeyEntry>(kvKeys.apiKey(hash), "json"));
  if (!entry || (entry.expiresAt !== null && entry.expiresAt <= now)) return null;
  return entry;
}

export function siteRuntime(env: Env, siteId: string): Promise<SiteRuntime | null> {
  return memoised(kvKeys.runtime(siteId), () => env.KV.get<SiteRuntime>(kvKeys.runtime(siteId), "json"));
}

/** The site's catalog in the shape the recommendation engine scores. */
export async function catalog(env: Env, siteId: string): Promise<CatalogItem[]> {
  const items = await memoised(kvKeys.catalog(siteId), async () => {
    const products = await env.KV.get<Product[]>(kvKeys.catalog(siteId), "json");
    return products?.map(({ id, ...rest }) => ({ productId: id, ...rest })) ?? null;
  });
  return items ?? [];
}

export async function popular(env: Env, siteId: string): Promise<string[]> {
  return (await memoised(kvKeys.popular(siteId), () => env.KV.get<string[]>(kvKeys.popular(siteId), "json"))) ?? [];
}

export function siteStub(env: Env, siteId: string) {
  return env.SITE.get(env.SITE.idFromName(siteId));
}

/** The profile object of one shopper: `site:{siteId}:{kind}:{id}` (DESIGN §2). */
export function profileStub(env: Env, ref: ProfileRef) {
  return env.PROFILE.get(env.PROFILE.idFromName(`site:${ref.siteId}:${ref.kind}:${ref.id}`));
}
