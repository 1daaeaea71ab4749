import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import outboxFixture from "../fixtures/migrations/outbox-v1.sql?raw";
import profileFixture from "../fixtures/migrations/profile-v1.sql?raw";
import siteFixture from "../fixtures/migrations/site-v1.sql?raw";
import { createSql, migrate, type MigrationStep } from "../../worker/platform/sql";
import { MIGRATIONS } from "../../worker/platform/migrations";
import { ConsoleSessions } from "../../worker/features/console-auth/session-store";
import { AuditBook } from "../../worker/features/console-auth/audit-log";
import { SegmentHistory } from "../../worker/features/segments/segment-history";

/**
 * Upgrades of live Durable Objects: objects created by the last release that numbered schema
 * statements by position (390b333, kept as fixtures: its statements, `_schema.version` and rows
 * in every table), and by every release before it (the first k statements), opened by today's
 * `migrate` keep every row and end with the schema a new object gets.
 */
type Row = Record<string, SqlStorageValue>;
type Dump = Record<string, Row[]>;
interface Fixture {
  /** The flattened statements objects ran, in order (`_schema.version` counts them). */
  legacy: string[];
  version: number;
  /** INSERTs of representative rows, for every table. */
  rows: string[];
}

function parseFixture(text: string): Fixture {
  const statements = text
    .split("\n")
    .filter((line) => !line.startsWith("--"))
    .join("\n")
    .split(/;\s*\n/)
    .map((s) => s.trim())
    .filter(Boolean);
  const at = statements.findIndex((s) => s.startsWith("INSERT INTO _schema"));
  const version = Number(/VALUES \((\d+)\)/.exec(statements[at] ?? "")?.[1]);
  return { legacy: statements.slice(1, at), version, rows: statements.slice(at + 1) };
}

const OBJECTS = [
  { key: "profile", ns: () => env.PROFILE, fixture: parseFixture(profileFixture) },
  { key: "site", ns: () => env.SITE, fixture: parseFixture(siteFixture) },
  { key: "outbox", ns: () => env.WEBHOOKS, fixture: parseFixture(outboxFixture) },
] as const;

/** Tables a released step drops on purpose: objects older than that step lose those rows, by design of that release. */
const RELEASED_DROPS: Record<string, { step: string; table: string }[]> = { profile: [{ step: "0006_drop_ledger_v1", table: "ledger" }] };

const OURS = "name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT IN ('_migrations', '_schema')";

const exec = <T extends Row>(storage: DurableObjectStorage, query: string, ...values: SqlStorageValue[]) => storage.sql.exec<T>(query, ...values).toArray();
const tables = (storage: DurableObjectStorage) => exec<{ name: string }>(storage, `SELECT name FROM sqlite_master WHERE type = 'table' AND ${OURS} ORDER BY name`).map((r) => r.name);
const sortRows = (rows: Row[]) =>
  rows
    .map((r) => JSON.stringify(r))
    .sort()
    .map((s) => JSON.parse(s) as Row);

/** Every row of every table (and the AUTOINCREMENT counters), in a stable order. */
function dump(storage: DurableObjectStorage): Dump {
  const out: Dump = {};
  if (exec(storage, "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").length) out.sqlite_sequence = sortRows(exec(storage, "SELECT name, seq FROM sqlite_sequence"));
  for (const t of tables(storage)) out[t] = sortRows(exec(storage, `SELECT * FROM ${t}`));
  return out;
}

/** `after` cut down to the tables and columns of `before` (later steps may add columns). */
function project(after: Dump, before: Dump): Dump {
  const out: Dump = {};
  for (const [t, rows] of Object.entries(before)) {
    const columns = rows[0] ? Object.keys(rows[0]) : [];
    out[t] = sortRows((after[t] ?? []).map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null]))));
  }
  return out;
}

/** Tables and indexes with their SQL, as sqlite_master holds them. */
const schema = (storage: DurableObjectStorage) => exec<Row>(storage, `SELECT type, name, tbl_name, sql FROM sqlite_master WHERE ${OURS} ORDER BY type, name`);
const recorded = (storage: DurableObjectStorage) => exec<{ name: string; applied_at: number | null }>(storage, "SELECT name, applied_at FROM _migrations ORDER BY rowid");
const version = (storage: DurableObjectStorage) => exec<{ version: number }>(storage, "SELECT version FROM _schema")[0]?.version;

/** The storage an old release left: its first `k` statements run, `_schema.version = k`, then rows. */
function seedLegacy(storage: DurableObjectStorage, fixture: Fixture, k: number, rows: Dump | null): void {
  exec(storage, "CREATE TABLE IF NOT EXISTS _schema (version INTEGER NOT NULL)");
  for (const statement of fixture.legacy.slice(0, k)) exec(storage, statement);
  exec(storage, "INSERT INTO _schema (version) VALUES (?)", k);
  if (!rows) {
    for (const statement of fixture.rows) exec(storage, statement);
    return;
  }
  // An older release's rows: the fixture's, cut down to the tables and columns that existed then.
  for (const t of tables(storage)) {
    const columns = storage.sql.exec(`SELECT * FROM ${t} LIMIT 0`).columnNames;
    for (const r of rows[t] ?? []) exec(storage, `INSERT INTO ${t} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`, ...columns.map((c) => r[c] ?? null));
  }
}

describe.each(OBJECTS)("$key object", ({ key, ns, fixture }) => {
  const steps: readonly MigrationStep[] = MIGRATIONS[key];
  const names = steps.map((s) => s.name);
  const N = fixture.version;

  it("maps the old positions exactly: released step i is statement i of the positional list", () => {
    expect(N).toBe(fixture.legacy.length);
    expect(steps.slice(0, N).map((s) => s.sql)).toEqual(fixture.legacy.map((s) => [s]));
  });

  it("a new object runs every step once, recorded by name", async () => {
    await runInDurableObject(ns().get(ns().newUniqueId()), (_o, state) => {
      expect(recorded(state.storage).map((r) => r.name)).toEqual(names);
      expect(version(state.storage)).toBe(steps.length);
      expect(migrate(state.storage, steps)).toEqual({ applied: [], adopted: 0, unknown: [] });
    });
  });

  it(`an object of the last positional release (version ${N}) keeps every row, and migrating twice changes nothing`, async () => {
    await runInDurableObject(ns().get(ns().newUniqueId()), async (_o, state) => {
      const fresh = schema(state.storage);
      await state.storage.deleteAll();
      seedLegacy(state.storage, fixture, N, null);
      const before = dump(state.storage);
      for (const t of tables(state.storage)) expect(before[t]?.length, `fixture rows in ${t}`).toBeGreaterThan(0);

      expect(migrate(state.storage, steps)).toEqual({ applied: names.slice(N), adopted: N, unknown: [] });
      const after = dump(state.storage);
      expect(project(after, before)).toEqual(before);
      expect(schema(state.storage)).toEqual(fresh);
      expect(recorded(state.storage).map((r) => r.name)).toEqual(names);
      expect(
        recorded(state.storage)
          .slice(0, N)
          .every((r) => r.applied_at === null),
      ).toBe(true);
      // A rollback to the positional release would find nothing to run.
      expect(version(state.storage)).toBe(steps.length);

      expect(migrate(state.storage, steps)).toEqual({ applied: [], adopted: 0, unknown: [] });
      expect(dump(state.storage)).toEqual(after);
    });
  });

  it("objects of every older release (versions 1 to N-1) keep their rows and catch up", async () => {
    await runInDurableObject(ns().get(ns().newUniqueId()), async (_o, state) => {
      const fresh = schema(state.storage);
      await state.storage.deleteAll();
      seedLegacy(state.storage, fixture, N, null);
      const rows = dump(state.storage);
      for (let k = 1; k < N; k++) {
        await state.storage.deleteAll();
        seedLegacy(state.storage, fixture, k, rows);
        const before = dump(state.storage);
        const expected = structuredClone(before);
        for (const drop of RELEASED_DROPS[key] ?? []) {
          if (names.indexOf(drop.step) < k || !expected[drop.table]) continue;
          expected[drop.table] = [];
          expected.sqlite_sequence = (expected.sqlite_sequence ?? []).filter((r) => r.name !== drop.table);
        }
        expect(migrate(state.storage, steps), `version ${k}`).toEqual({ applied: names.slice(k), adopted: k, unknown: [] });
        expect(project(dump(state.storage), before), `rows of an object at version ${k}`).toEqual(expected);
        expect(schema(state.storage), `schema after upgrading from version ${k}`).toEqual(fresh);
      }
    });
  });

  it("the class's own constructor converts a legacy object when it starts", async () => {
    const id = ns().newUniqueId();
    const before = await runInDurableObject(ns().get(id), async (_o, state) => {
      await state.storage.deleteAll();
      seedLegacy(state.storage, fixture, N, null);
      return dump(state.storage);
    });
    // Evict the instance so the next call constructs the class again on the stored data.
    await evictDurableObject(ns().get(id));
    await runInDurableObject(ns().get(id), (_o, state) => {
      expect(recorded(state.storage).map((r) => r.name)).toEqual(names);
      expect(project(dump(state.storage), before)).toEqual(before);
    });
  });
});

describe("site object: the console steps (0037-0041)", () => {
  it("an object of the last positional release gets empty console tables that sessions, staff and the audit log use at once", async () => {
    const fixture = OBJECTS[1].fixture;
    await runInDurableObject(env.SITE.get(env.SITE.newUniqueId()), async (_o, state) => {
      await state.storage.deleteAll();
      seedLegacy(state.storage, fixture, fixture.version, null);
      const before = dump(state.storage);
      expect(migrate(state.storage, MIGRATIONS.site).applied).toEqual(expect.arrayContaining(["0037_console_sessions_table", "0040_console_staff_table", "0041_console_audit_table"]));
      expect(project(dump(state.storage), before)).toEqual(before);
      for (const t of ["console_sessions", "console_staff", "console_audit"]) expect(exec(state.storage, `SELECT * FROM ${t}`), t).toEqual([]);
      const sql = createSql(state.storage);
      const sessions = new ConsoleSessions(sql);
      sessions.invite("st_0000000000000001", "a@shop.example", "viewer", "invite-hash", 1000);
      expect(sessions.open({ hash: "session-hash", csrf: "csrf" }, { inviteHash: "invite-hash" }, 2000)).toMatchObject({ role: "viewer", actor: "a@shop.example" });
      expect(sessions.get("session-hash", 3000)?.staffId).toBe("st_0000000000000001");
      new AuditBook(sql).append({ at: 4000, actor: "a@shop.example", role: "viewer", method: "PUT", path: "/v1/site/config", status: 403, summary: "refused" });
      expect(new AuditBook(sql).page(null, 10).entries.map((e) => e.summary)).toEqual(["refused"]);
    });
  });
});

describe("site object: the segment history step (0042)", () => {
  it("an object on the console release (0041) gets an empty history the daily pass writes into, one row per day", async () => {
    const fixture = OBJECTS[1].fixture;
    const upTo41 = MIGRATIONS.site.slice(0, MIGRATIONS.site.findIndex((s) => s.name === "0041_console_audit_table") + 1);
    await runInDurableObject(env.SITE.get(env.SITE.newUniqueId()), async (_o, state) => {
      await state.storage.deleteAll();
      seedLegacy(state.storage, fixture, fixture.version, null);
      migrate(state.storage, upTo41);
      const before = dump(state.storage);
      expect(migrate(state.storage, MIGRATIONS.site).applied).toEqual(MIGRATIONS.site.slice(upTo41.length).map((s) => s.name));
      expect(project(dump(state.storage), before)).toEqual(before);
      expect(exec(state.storage, "SELECT * FROM segment_history")).toEqual([]);
      const history = new SegmentHistory(createSql(state.storage));
      expect(history.record({ new: 3 }, Date.UTC(2034, 0, 1, 3))).toBe(true);
      expect(history.record({ new: 4 }, Date.UTC(2034, 0, 1, 23))).toBe(false);
      expect(history.range("2034-01-01", "2034-01-01")).toEqual([{ day: "2034-01-01", counts: { new: 3 } }]);
    });
  });
});

describe("migrate", () => {
  const steps = MIGRATIONS.profile;
  const stub = () => env.PROFILE.get(env.PROFILE.newUniqueId());
  /** A name for a step appended after today's last. */
  const next = (what: string) => `${String(steps.length + 1).padStart(4, "0")}_${what}`;

  it("applies a step and its record in one transaction: a failing step leaves nothing behind", async () => {
    await runInDurableObject(stub(), (_o, state) => {
      const broken: MigrationStep = { name: next("half"), sql: ["CREATE TABLE test_only_half (k TEXT)", "ALTER TABLE no_such_table ADD COLUMN x TEXT"] };
      expect(() => migrate(state.storage, [...steps, broken])).toThrow(`step ${broken.name} failed (nothing of it was applied)`);
      expect(tables(state.storage)).not.toContain("test_only_half");
      expect(recorded(state.storage).map((r) => r.name)).toEqual(steps.map((s) => s.name));
      expect(version(state.storage)).toBe(steps.length);
    });
  });

  it("keeps, and never re-runs, a step recorded by a newer release (a rolled-back Worker)", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    await runInDurableObject(stub(), (_o, state) => {
      const newer: MigrationStep = { name: next("orders_test_only_column"), sql: ["ALTER TABLE orders ADD COLUMN test_only_note TEXT"] };
      expect(migrate(state.storage, [...steps, newer]).applied).toEqual([newer.name]);
      expect(migrate(state.storage, steps)).toEqual({ applied: [], adopted: 0, unknown: [newer.name] });
      expect(version(state.storage)).toBe(steps.length + 1);
      // Rolled forward again: not re-run (a second ADD COLUMN would throw).
      expect(migrate(state.storage, [...steps, newer])).toEqual({ applied: [], adopted: 0, unknown: [] });
    });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("unknown to this release"));
    warn.mockRestore();
  });
});
