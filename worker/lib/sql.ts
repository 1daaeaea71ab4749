/** A failed statement, with the SQL text (never the bound values, which may hold personal data). */
export class SqlError extends Error {
  constructor(readonly query: string, cause: unknown) {
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
 * Applies schema migrations once per object, in order, remembering the version reached in
 * `_schema`. Each step must be idempotent DDL so a crash between steps is harmless.
 */
export function migrate(storage: DurableObjectStorage, steps: string[]): void {
  storage.sql.exec("CREATE TABLE IF NOT EXISTS _schema (version INTEGER NOT NULL)");
  const row = storage.sql.exec<{ version: number }>("SELECT version FROM _schema").toArray()[0];
  const from = row?.version ?? 0;
  if (from >= steps.length) return;
  for (const step of steps.slice(from)) storage.sql.exec(step);
  if (row) storage.sql.exec("UPDATE _schema SET version = ?", steps.length);
  else storage.sql.exec("INSERT INTO _schema (version) VALUES (?)", steps.length);
}
