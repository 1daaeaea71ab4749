import { listDurableObjectIds, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { Env } from "../../worker/env";

/**
 * Looks at what the Worker stores: KV entries, Site objects' tables and Profile objects'
 * tables. Used to prove that a rejected request stored nothing (snapshot before, compare after)
 * and that an erased shopper is gone (`everyObject`).
 */
type Namespace = Env["PROFILE"] | Env["SITE"] | Env["WEBHOOKS"];

export async function kvEntries(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page: KVNamespaceListResult<unknown> = await env.KV.list(cursor ? { cursor } : {});
    const values = await Promise.all(page.keys.map((k) => env.KV.get(k.name)));
    page.keys.forEach((k, i) => out.set(k.name, values[i] ?? ""));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return out;
}

/** All user tables of one object (and its key-value storage), as a canonical string. */
export function dumpObject(ns: Namespace, id: DurableObjectId): Promise<string> {
  // Typed loosely on purpose: the stub's RPC types are irrelevant here and very deep.
  const run = runInDurableObject as unknown as (stub: unknown, fn: (instance: unknown, state: DurableObjectState) => Promise<string>) => Promise<string>;
  return run((ns as unknown as { get(id: DurableObjectId): unknown }).get(id), async (_instance, state) => {
    const sql = state.storage.sql;
    const tables = sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT IN ('_schema', '_migrations') ORDER BY name")
      .toArray()
      .map((t) => t.name);
    const rows = tables.map((t) => [t, sql.exec(`SELECT * FROM "${t.replace(/"/g, '""')}"`).toArray()]);
    const kv = [...(await state.storage.list()).entries()];
    const alarm = await state.storage.getAlarm();
    return JSON.stringify({ rows, kv, alarm });
  });
}

/** True when an object holds no rows, no key-value entries and no alarm. */
export function isEmptyDump(dump: string): boolean {
  const d = JSON.parse(dump) as { rows: [string, unknown[]][]; kv: unknown[]; alarm: unknown };
  return d.rows.every(([, r]) => r.length === 0) && d.kv.length === 0 && d.alarm === null;
}

/** Profile object names (`site:{siteId}:{kind}:{id}`) for every id-like string a request carries. */
export function profileNames(siteIds: string[], tokens: string[]): string[] {
  return siteIds.flatMap((s) => tokens.flatMap((t) => [`site:${s}:visitor:${t}`, `site:${s}:customer:${t}`]));
}

/** What a snapshot looks at: the objects a request could have written to. */
export interface Watch {
  /** Profile objects by name; each is dumped (an absent one is created empty, which changes nothing that matters). */
  profiles: string[];
  /** Site objects by site id. */
  sites: string[];
  /** KV keys whose values are compared (besides every key under `site:{id}:` of the watched sites); all key names are always compared. */
  kvKeys?: string[];
}

export interface Snapshot {
  kvNames: Set<string>;
  kv: Map<string, string | null>;
  objects: Map<string, string>;
}

async function kvNames(): Promise<Set<string>> {
  const out = new Set<string>();
  let cursor: string | undefined;
  do {
    const page: KVNamespaceListResult<unknown> = await env.KV.list(cursor ? { cursor } : {});
    for (const k of page.keys) out.add(k.name);
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return out;
}

export async function snapshot(watch: Watch): Promise<Snapshot> {
  // Only the watched sites' key space: other sites' background work (KV publishing) is not this request's doing.
  const names = new Set([...(await kvNames())].filter((n) => watch.sites.some((s) => n.startsWith(`site:${s}:`)) || (watch.kvKeys ?? []).includes(n)));
  const kvWatched = [...new Set([...(watch.kvKeys ?? []), ...[...names].filter((n) => watch.sites.some((s) => n.startsWith(`site:${s}:`)))])];
  const values = await Promise.all(kvWatched.map((k) => env.KV.get(k)));
  const dumps = await Promise.all([
    ...watch.sites.map(async (s) => [`site ${s}`, await dumpObject(env.SITE, env.SITE.idFromName(s))] as const),
    ...watch.profiles.map(async (p) => [`profile ${p}`, await dumpObject(env.PROFILE, env.PROFILE.idFromName(p))] as const),
  ]);
  const objects = new Map<string, string>(dumps);
  return { kvNames: names, kv: new Map(kvWatched.map((k, i) => [k, values[i] ?? null])), objects };
}

const same = (x: Snapshot, y: Snapshot) =>
  x.kvNames.size === y.kvNames.size && [...x.kvNames].every((n) => y.kvNames.has(n)) && [...x.kv].every(([k, v]) => y.kv.get(k) === v) && [...x.objects].every(([k, v]) => y.objects.get(k) === v);

/** Runs the watched sites' alarms that are due within a minute (debounced background work such as KV publishing). */
async function drainSiteAlarms(snap: Snapshot, watch: Watch): Promise<boolean> {
  let ran = false;
  for (const s of watch.sites) {
    const alarm = (JSON.parse(snap.objects.get(`site ${s}`) ?? "{}") as { alarm?: number | null }).alarm;
    if (typeof alarm === "number" && alarm < Date.now() + 60_000) ran = (await runDurableObjectAlarm(env.SITE.get(env.SITE.idFromName(s)) as unknown as DurableObjectStub)) || ran;
  }
  return ran;
}

/**
 * Waits until accepted requests' background work has landed (waitUntil: index updates, KV
 * publishing; debounced site alarms are run at once): two snapshots in a row equal, or `maxMs`
 * passed. Returns the settled snapshot.
 */
export async function settle(watch: Watch, maxMs = 10_000): Promise<Snapshot> {
  const until = Date.now() + maxMs;
  let prev = await snapshot(watch);
  for (;;) {
    if (Date.now() > until) return prev;
    await new Promise((r) => setTimeout(r, 25));
    if (await drainSiteAlarms(prev, watch)) {
      prev = await snapshot(watch);
      continue;
    }
    const next = await snapshot(watch);
    if (same(prev, next) || Date.now() > until) return next;
    prev = next;
  }
}

/** What changed between a snapshot and now, as readable lines (empty when nothing did). */
export async function changesSince(before: Snapshot, watch: Watch): Promise<string[]> {
  const after = await snapshot(watch);
  const changes: string[] = [];
  for (const k of after.kvNames) if (!before.kvNames.has(k)) changes.push(`KV ${k} added`);
  for (const k of before.kvNames) if (!after.kvNames.has(k)) changes.push(`KV ${k} deleted`);
  for (const [k, v] of before.kv) if (after.kv.get(k) !== v) changes.push(`KV ${k} changed`);
  for (const [name, d] of before.objects) if (after.objects.get(name) !== d) changes.push(`${name} changed: ${after.objects.get(name)?.slice(0, 300)}`);
  return changes;
}

/** Every profile and site object that exists, with its contents (for "the erased shopper is nowhere"). */
export async function everyObject(): Promise<{ kind: "profile" | "site" | "outbox"; id: string; dump: string }[]> {
  const out: { kind: "profile" | "site" | "outbox"; id: string; dump: string }[] = [];
  for (const id of await listDurableObjectIds(env.PROFILE)) out.push({ kind: "profile", id: id.toString(), dump: await dumpObject(env.PROFILE, id) });
  for (const id of await listDurableObjectIds(env.SITE)) out.push({ kind: "site", id: id.toString(), dump: await dumpObject(env.SITE, id) });
  for (const id of await listDurableObjectIds(env.WEBHOOKS)) out.push({ kind: "outbox", id: id.toString(), dump: await dumpObject(env.WEBHOOKS, id) });
  return out;
}
