/** A failed statement, with the SQL text (never the bound values, which may hold personal data). */
export class SqlError extends Error {
  constructor(
    readonly query: string,
    cause: unknown,
  ) {
    super(`SQL failed: ${query}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export type SqlValue = string | number | null | ArrayBuffer;
export type Sql = <T extends Record<string, SqlStorageValue>>(strings: TemplateStringsArray, ...values: SqlValue[]) => T[];

/**
 * One parameterised tagged template over `ctx.storage.sql`: values are always bound, never
 * spliced into the text, so nothing a shopper sends can change a query.
 */
export function createSql(storage: DurableObjectStorage): Sql {
  return <T extends Record<string, SqlStorageValue>>(strings: TemplateStringsArray, ...values: SqlValue[]) => {
    const query = strings.join("?");
    try {
      return storage.sql.exec<T>(query, ...values).toArray();
    } catch (err) {
      throw new SqlError(query, err);
    }
  };
}

/**
 * One named schema change of a Durable Object class. Objects remember the names they applied, so
 * a step is identified by its name, never by its position. Once released (listed in
 * worker/platform/migrations/lock.json) its name and SQL never change; see docs/migrations.md.
 */
export interface MigrationStep {
  /** `NNNN_what_it_does`, NNNN its 1-based position in the class's list. */
  readonly name: string;
  /** Statements run in order, in one transaction with the record that the step was applied. */
  readonly sql: readonly string[];
}

/** What one `migrate` call did, for tests and diagnostics. */
export interface MigrateReport {
  /** Steps applied by this call, in order. */
  applied: string[];
  /** How many steps were recorded as applied from a legacy `_schema.version` (0 once converted). */
  adopted: number;
  /** Applied steps this code does not know (an object migrated by a newer release, then rolled back). */
  unknown: string[];
}

/**
 * Brings this object's schema up to `steps` (the class's append-only list), once per step.
 *
 * - Applied steps are recorded by name in `_migrations`; every step runs with its record in one
 *   `transactionSync`, so a crash or a failing statement never leaves a step half applied.
 * - Objects from before named steps remember only a position, `_schema.version = N`, meaning the
 *   first N statements of the old flattened lists, which are exactly the first N steps here: they
 *   are recorded as applied (in one transaction) and never re-run. A legacy version beyond the
 *   list (no released code wrote one) throws: those statements are unknown here.
 * - `_schema.version` is kept equal to the number of applied steps, so a rollback of the Worker to
 *   a release that still counted positions finds nothing to do instead of re-running its list.
 * - A recorded name this code does not know means a newer release migrated the object and the
 *   Worker was rolled back: logged and left alone (never undone, never re-run), as throwing would
 *   make every such object unusable until the next deploy. Steps must therefore stay additive.
 */
export function migrate(storage: DurableObjectStorage, steps: readonly MigrationStep[]): MigrateReport {
  const known = new Set(steps.map((s) => s.name));
  if (known.size !== steps.length) throw new Error("migrate: two steps share a name");
  const exec = storage.sql.exec.bind(storage.sql);
  const adopted = storage.transactionSync(() => {
    exec("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at INTEGER)");
    exec("CREATE TABLE IF NOT EXISTS _schema (version INTEGER NOT NULL)");
    const version = exec<{ version: number }>("SELECT version FROM _schema").toArray()[0]?.version;
    if (version === undefined) exec("INSERT INTO _schema (version) VALUES (0)");
    const recorded = exec<{ n: number }>("SELECT COUNT(*) AS n FROM _migrations").one().n;
    if (!version || version <= recorded) return 0;
    // Legacy: the first `version` steps ran under the positional scheme (applied_at unknown: null).
    if (version > steps.length) throw new Error(`migrate: _schema.version ${version} is beyond the ${steps.length} steps this code knows`);
    for (const s of steps.slice(0, version)) exec("INSERT OR IGNORE INTO _migrations (name, applied_at) VALUES (?, NULL)", s.name);
    return exec<{ n: number }>("SELECT COUNT(*) AS n FROM _migrations").one().n - recorded;
  });
  const done = new Set(
    exec<{ name: string }>("SELECT name FROM _migrations")
      .toArray()
      .map((r) => r.name),
  );
  const unknown = [...done].filter((name) => !known.has(name));
  if (unknown.length) console.warn(`migrate: applied steps unknown to this release (rolled back?), kept as they are: ${unknown.join(", ")}`);
  const applied: string[] = [];
  for (const step of steps) {
    if (done.has(step.name)) continue;
    storage.transactionSync(() => {
      for (const statement of step.sql) {
        try {
          exec(statement);
        } catch (err) {
          throw new Error(`migrate: step ${step.name} failed (nothing of it was applied): ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      exec("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", step.name, Date.now());
      exec("UPDATE _schema SET version = MAX(version, (SELECT COUNT(*) FROM _migrations))");
    });
    applied.push(step.name);
  }
  return { applied, adopted, unknown };
}
