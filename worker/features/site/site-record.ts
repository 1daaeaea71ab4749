import type { SiteConfig } from "./site-config.schemas";
import type { Sql } from "../../platform/sql";
import { kvKeys, type KeyEntry, type SiteRuntime } from "../../platform/kv-layout";

/** The secrets of a site. The secret key itself is never stored, only its SHA-256. */
export interface SiteSecrets {
  identitySecret: string;
  webhookSecret: string;
  shopifySecret: string;
}

/** One shop as its Site object keeps it: the source of truth that KV copies are published from. */
export interface SiteRecord {
  id: string;
  createdAt: number;
  config: SiteConfig;
  secrets: SiteSecrets;
  /** Hashes of every API key of the site, with when each stops working (null = no end). */
  keys: { hash: string; kind: KeyEntry["kind"]; expiresAt: number | null }[];
}

/** One API key of a site (its hash, kind and end), as stored in the record and published to KV. */
export type SiteKey = SiteRecord["keys"][number];

/**
 * A short version tag of a configuration (FNV-1a of its JSON), sent as the ETag of
 * `GET /v1/site/config` so two editors (two console tabs, a script and the console) cannot
 * silently overwrite each other: a `PUT` with a stale `If-Match` is refused with 412.
 */
export function configVersion(config: SiteConfig): string {
  const text = JSON.stringify(config);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${(h >>> 0).toString(36)}-${text.length.toString(36)}`;
}

/** The Site object's one `site` row: the record, read and written whole. */
export class SiteRecordTable {
  constructor(private readonly sql: Sql) {}

  /** The record, or null before the site was created. */
  read(): SiteRecord | null {
    const row = this.sql<{ record: string }>`SELECT record FROM site`[0];
    return row ? (JSON.parse(row.record) as SiteRecord) : null;
  }

  /** Replaces the record (creates the row the first time). */
  save(r: SiteRecord): void {
    this.sql`INSERT INTO site (k, record) VALUES (1, ${JSON.stringify(r)}) ON CONFLICT (k) DO UPDATE SET record = excluded.record`;
  }
}

/**
 * A key rotation, pure: the keys still working at `now` end `graceSeconds` later (or sooner, if
 * they already ended sooner), expired ones are dropped, and the new keys are added.
 */
export function rotateKeyList(keys: readonly SiteKey[], newKeys: readonly SiteKey[], graceSeconds: number, now: number): SiteKey[] {
  const until = now + graceSeconds * 1000;
  const old = keys.filter((k) => k.expiresAt === null || k.expiresAt > now).map((k) => ({ ...k, expiresAt: Math.min(k.expiresAt ?? until, until) }));
  return [...old, ...newKeys];
}

/** Publishes API keys to KV, where the edge looks a request's key up by its hash. */
export async function publishKeys(kv: KVNamespace, siteId: string, keys: readonly SiteKey[]): Promise<void> {
  await Promise.all(
    keys.map((k) => {
      const entry: KeyEntry = { siteId, kind: k.kind, expiresAt: k.expiresAt };
      return kv.put(kvKeys.apiKey(k.hash), JSON.stringify(entry));
    }),
  );
}

/** Publishes what a request needs to serve the site (config and the secrets it verifies with) to KV. */
export async function publishRuntime(kv: KVNamespace, r: SiteRecord): Promise<void> {
  const runtime: SiteRuntime = { siteId: r.id, config: r.config, identitySecret: r.secrets.identitySecret, shopifySecret: r.secrets.shopifySecret };
  await kv.put(kvKeys.runtime(r.id), JSON.stringify(runtime));
}
