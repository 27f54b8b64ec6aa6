import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Database } from './schema.js';
import { DATAPOINT_COLUMNS, queryLog, type DatapointInsert, type DialectAdapter, type Store, type StoreOptions, type Tx } from './store.js';
import { migrateToLatest } from './migrate.js';

const adapter: DialectAdapter = {
  name: 'sqlite',
  jsonArrayContains: (column, value) =>
    sql<boolean>`exists (select 1 from json_each(${sql.ref(column)}) where json_each.value = ${value})`,
  isUniqueViolation: (error) =>
    error instanceof Error && 'code' in error && String(error.code).startsWith('SQLITE_CONSTRAINT_'),
};

/** Opens (creating if needed) the embedded store: a WAL-mode SQLite file, or memory for ':memory:'. */
export async function openSqliteStore(file: string, options: StoreOptions = {}): Promise<Store> {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), log: queryLog(options) });
  await migrateToLatest(db, 'sqlite');

  const insertRow = sqlite.prepare(
    `insert into datapoints (${DATAPOINT_COLUMNS.join(', ')}) values (${DATAPOINT_COLUMNS.map(() => '?').join(', ')})`,
  );
  const bumpCounter = sqlite.prepare(
    `update counters set value = value + ? where name = 'datapoint_seq' returning value`,
  );

  const txFor = (trx: Kysely<Database>): Tx => ({
    db: trx,
    dialect: adapter,
    // The Kysely transaction holds the only connection, so driver calls here run inside it.
    async allocateDatapointSeqs(count) {
      const { value } = bumpCounter.get(count) as { value: number };
      return Array.from({ length: count }, (_, i) => value - count + 1 + i);
    },
    async insertDatapoints(rows: DatapointInsert[]) {
      for (const row of rows) insertRow.run(DATAPOINT_COLUMNS.map((c) => row[c]));
    },
  });

  return {
    db,
    dialect: adapter,
    transaction: (fn) => db.transaction().execute((trx) => fn(txFor(trx))),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}
