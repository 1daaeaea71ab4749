import type { Env } from "../env";
import type { ProductRecord, RecSource } from "../features/recommendations";
import { sha256Hex } from "./crypto";
import { kvKeys, type KeyEntry, type SiteRuntime, type TopList } from "./kv-layout";

/**
 * Read paths to KV with a short in-isolate memo: a busy storefront reads the same site's config
 * and catalog on every request, and a few seconds of staleness is fine for read-mostly data.
 * Writers in this isolate call `forget` so their own next read is fresh.
 */
const MEMO_MS = 5_000;
/** Per-product keys make the memo grow with traffic: past this many entries the oldest go. */
const MEMO_MAX = 20_000;
const memo = new Map<string, { until: number; value: unknown }>();

function remember(key: string, value: unknown): void {
  memo.delete(key);
  memo.set(key, { until: Date.now() + MEMO_MS, value });
  if (memo.size > MEMO_MAX) for (const k of memo.keys()) if (memo.delete(k) && memo.size <= MEMO_MAX * 0.9) break;
}

async function memoised<T>(key: string, load: () => Promise<T | null>): Promise<T | null> {
  const hit = memo.get(key);
  if (hit && hit.until > Date.now()) return hit.value as T;
  const value = await load();
  if (value !== null) remember(key, value);
  return value;
}

/**
 * Many keys at once: memo hits first, the rest in bulk KV reads (100 keys per read). Missing keys
 * come back as null and are memoised too (a product page for an unknown id stays one lookup).
 */
async function memoisedMany<T>(env: Env, keys: string[]): Promise<Map<string, T | null>> {
  const out = new Map<string, T | null>();
  const todo: string[] = [];
  const now = Date.now();
  for (const k of new Set(keys)) {
    const hit = memo.get(k);
    if (hit && hit.until > now) out.set(k, hit.value as T | null);
    else todo.push(k);
  }
  for (let i = 0; i < todo.length; i += 100) {
    const chunk = todo.slice(i, i + 100);
    const got = await env.KV.get<T>(chunk, "json");
    for (const k of chunk) {
      const v = got.get(k) ?? null;
      out.set(k, v);
      remember(k, v);
    }
  }
  return out;
}

/** Drops memoised copies of a site's config and lists after this isolate changed them. */
export function forgetSite(siteId: string, productIds: string[] = []): void {
  memo.delete(kvKeys.runtime(siteId));
  const lists = kvKeys.list(siteId, "top");
  for (const k of memo.keys()) if (k.startsWith(lists)) memo.delete(k);
  for (const id of productIds) memo.delete(kvKeys.product(siteId, id));
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

/** Product records (catalog entry, neighbours, re-buy stats) by id; null for ids not in the catalog. */
export async function productRecords(env: Env, siteId: string, ids: string[]): Promise<Map<string, ProductRecord | null>> {
  const got = await memoisedMany<ProductRecord>(
    env,
    ids.map((id) => kvKeys.product(siteId, id)),
  );
  return new Map(ids.map((id) => [id, got.get(kvKeys.product(siteId, id)) ?? null]));
}

/** Categories of the given products (from their edge records); unknown ids are left out. */
export async function productCategories(env: Env, siteId: string, ids: string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  if (ids.length === 0) return out;
  for (const [id, r] of await productRecords(env, siteId, ids)) if (r) out[id] = r.item.categories;
  return out;
}

/** Candidate lists (`c:{category}`, `t:{tag}`) by key; `top` is read with topList. */
export async function candidateLists(env: Env, siteId: string, keys: string[]): Promise<Map<string, string[]>> {
  const got = await memoisedMany<string[] | TopList>(
    env,
    keys.map((k) => kvKeys.list(siteId, k)),
  );
  return new Map(
    keys.map((k) => {
      const v = got.get(kvKeys.list(siteId, k));
      return [k, (Array.isArray(v) ? v : v?.ids) ?? []];
    }),
  );
}

/** The shop's popular list and the time of its latest order. */
export async function topList(env: Env, siteId: string): Promise<TopList> {
  const got = await memoisedMany<TopList>(env, [kvKeys.list(siteId, "top")]);
  return got.get(kvKeys.list(siteId, "top")) ?? { ids: [], latestAt: null };
}

/**
 * A RecSource for the engine over KV: records and lists are fetched in bulk when the engine asks,
 * and kept for this request (undefined = not fetched yet, null = not in the catalog).
 */
export function kvRecSource(env: Env, siteId: string, top: TopList): RecSource {
  const records = new Map<string, ProductRecord | null>();
  const lists = new Map<string, string[]>([["top", top.ids]]);
  return {
    lookup: { record: (id) => records.get(id), list: (k) => lists.get(k) },
    async load(ids, keys) {
      const [r, l] = await Promise.all([
        productRecords(
          env,
          siteId,
          ids.filter((id) => !records.has(id)),
        ),
        candidateLists(
          env,
          siteId,
          keys.filter((k) => !lists.has(k)),
        ),
      ]);
      for (const [k, v] of r) records.set(k, v);
      for (const [k, v] of l) lists.set(k, v);
    },
  };
}
