import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import type { Database } from './schema.js';
import { DATAPOINT_COLUMNS, LIVE, type DatapointInsert, type DatapointRow } from './datapoint-rows.js';
import { queryLog, type DialectAdapter, type JsonAccess, type JsonKind, type Store, type StoreOptions, type Tx } from './store.js';
import { migrateToLatest } from './migrate.js';
import { ensurePrivateDir } from './private-dir.js';
import { startCheckpointer } from './sqlite-checkpointer.js';
import { routingSqliteDialect } from './sqlite-driver.js';
import { memoryCounters } from './rate-limits.js';

/** `$."a"."b"`: the keys are checked to [A-Za-z0-9_-] before they get here. */
const jsonPath = (path: string[]) => `$${path.map((k) => `."${k}"`).join('')}`;
const TYPES: Record<JsonKind, string[]> = { number: ['integer', 'real'], string: ['text'], boolean: ['true', 'false'], array: ['array'] };
const typeOf = (column: string, path: string[]) => sql<string>`json_type(${sql.ref(column)}, ${jsonPath(path)})`;
const extract = (column: string, path: string[]) => sql`json_extract(${sql.ref(column)}, ${jsonPath(path)})`;

const json: JsonAccess = {
  is: (column, path, kind) => sql<boolean>`${typeOf(column, path)} in (${sql.join(TYPES[kind])})`,
  number: (column, path) =>
    sql<number | null>`(case when ${typeOf(column, path)} in ('integer', 'real') then ${extract(column, path)} end)`,
  text: (column, path) => sql<string | null>`(case when ${typeOf(column, path)} = 'text' then ${extract(column, path)} end)`,
  equalsBoolean: (column, path, value) => sql<boolean>`(${typeOf(column, path)} = ${value ? 'true' : 'false'})`,
  arrayHas: (column, path, value) => {
    const kind: JsonKind = typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
    const stored = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    const types = typeof value === 'boolean' ? [value ? 'true' : 'false'] : TYPES[kind];
    return sql<boolean>`(${typeOf(column, path)} = 'array' and exists (select 1 from json_each(${sql.ref(column)}, ${jsonPath(path)}) as j where j.type in (${sql.join(types)}) and j.value = ${stored}))`;
  },
  present: (column, path) => sql<boolean>`coalesce(${typeOf(column, path)} <> 'null', false)`,
};

const adapter: DialectAdapter = {
  name: 'sqlite',
  json,
  containsText: (expression, needle) => sql<boolean>`(instr(${expression}, ${needle}) > 0)`,
  jsonArrayContains: (column, value) => sql<boolean>`exists (select 1 from json_each(${sql.ref(column)}) where json_each.value = ${value})`,
  preferIndexOrder: async () => {},
  bulkRows: 1000,
  // "UNIQUE constraint failed: datasets.project_id, datasets.name"
  uniqueViolationTable: (error) =>
    error instanceof Error && 'code' in error && /^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)$/.test(String(error.code))
      ? (/constraint failed: (\w+)\./.exec(error.message)?.[1] ?? null)
      : null,
};

/**
 * The store's file is readable by its owner only: created mode 600 (SQLite gives its
 * -wal and -shm files the same mode), in a directory created mode 700; files left wider
 * by an older version are narrowed.
 */
function privateFile(file: string): void {
  ensurePrivateDir(path.dirname(file));
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (fs.existsSync(f)) fs.chmodSync(f, 0o600);
}

function connect(file: string, readonly: boolean): BetterSqlite3.Database {
  const sqlite = new BetterSqlite3(file, { readonly });
  if (!readonly) sqlite.pragma('journal_mode = WAL');
  // Checkpoints happen off the event loop (sqlite-checkpointer.ts); the log file is cut back after one.
  if (!readonly) sqlite.pragma('wal_autocheckpoint = 0');
  if (!readonly) sqlite.pragma('journal_size_limit = 67108864');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

/**
 * Opens (creating if needed) the embedded store: a WAL-mode SQLite file, read through
 * one connection and written through another (see sqlite-driver.ts), so reads go on
 * while a long commit runs.
 */
export async function openSqliteStore(file: string, options: StoreOptions = {}): Promise<Store> {
  privateFile(file);
  const writer = connect(file, false);
  const reader = connect(file, true);
  const db = new Kysely<Database>({ dialect: routingSqliteDialect(reader, writer), log: queryLog(options) });
  await migrateToLatest(db, 'sqlite');
  const checkpointer = startCheckpointer(file);

  const insertRow = writer.prepare(
    `insert into datapoints (${DATAPOINT_COLUMNS.join(', ')}) values (${DATAPOINT_COLUMNS.map(() => '?').join(', ')})`,
  );
  // LIVE is a literal: SQLite uses the partial index on external ids only when a query repeats its condition word for word.
  const liveBy = {
    id: writer.prepare(`select * from datapoints where dataset_seq = ? and valid_to = ${LIVE} and id = ?`),
    external_id: writer.prepare(`select * from datapoints where dataset_seq = ? and valid_to = ${LIVE} and external_id = ?`),
  };
  const bumpCounter = writer.prepare(`update counters set value = value + ? where name = 'datapoint_seq' returning value`);

  const txFor = (trx: Kysely<Database>): Tx => ({
    db: trx,
    dialect: adapter,
    // The transaction holds the writer connection, so driver calls on it run inside it.
    async allocateDatapointSeqs(count) {
      const { value } = bumpCounter.get(count) as { value: number };
      return Array.from({ length: count }, (_, i) => value - count + 1 + i);
    },
    async insertDatapoints(rows: DatapointInsert[]) {
      for (const row of rows) insertRow.run(DATAPOINT_COLUMNS.map((c) => row[c]));
    },
    async liveRowsByKey(datasetSeq, key, values) {
      return values.flatMap((value) => liveBy[key].all(datasetSeq, value) as DatapointRow[]);
    },
  });

  return {
    db,
    dialect: adapter,
    rateCounters: memoryCounters(),
    transaction: (fn) => db.transaction().execute((trx) => fn(txFor(trx))),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      await checkpointer.stop();
      await db.destroy();
    },
  };
}
