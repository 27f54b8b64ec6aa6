import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import type { Database } from './schema.js';
import { queryLog, type DialectAdapter, type JsonAccess, type JsonKind, type Store, type StoreOptions, type Tx } from './store.js';
import { migrateToLatest } from './migrate.js';
import { ensurePrivateDir } from './private-dir.js';
import { startCheckpointer } from './sqlite-checkpointer.js';
import { Mutex, routingSqliteDialect } from './sqlite-driver.js';
import { connectionRunner, sqliteTx, workerRunner } from './sqlite-tx.js';
import { SqliteWorker, workerSqliteDialect } from './sqlite-worker.js';
import { memoryCounters } from './rate-limits.js';
import { registerSearchFunctions, sqliteSearch } from './search/sqlite-search.js';
import { indexSqliteBatch, sqliteBacklog } from './search/sqlite-indexing.js';
import { startIndexer } from './search/indexer.js';

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
  search: sqliteSearch,
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

/** How long the write-ahead log may grow before a transaction waits for it to be copied back. */
const LOG_BYTES = 64 * 1024 * 1024;
const WRITER_CACHE_KB = 32 * 1024;
/** Rows indexed per round of background search indexing. */
const SEARCH_BATCH = 250;

const SHARED_PRAGMAS = ['synchronous = NORMAL', 'foreign_keys = ON', 'busy_timeout = 5000'];
/** For the connections that write: the main writer and the bulk worker's. */
const WRITER_PRAGMAS = [
  'journal_mode = WAL',
  // Checkpoints happen off the event loop (sqlite-checkpointer.ts); the log file is cut back after one.
  'wal_autocheckpoint = 0',
  `journal_size_limit = ${LOG_BYTES}`,
  // Bulk writes touch index pages all over: a larger cache than the default 2 MB writes a third faster.
  `cache_size = -${WRITER_CACHE_KB}`,
  ...SHARED_PRAGMAS,
];

function connect(file: string, readonly: boolean): BetterSqlite3.Database {
  const sqlite = new BetterSqlite3(file, { readonly });
  for (const pragma of readonly ? SHARED_PRAGMAS : WRITER_PRAGMAS) sqlite.pragma(pragma);
  registerSearchFunctions(sqlite);
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
  const writes = new Mutex();
  const db = new Kysely<Database>({ dialect: routingSqliteDialect(reader, writer, writes), log: queryLog(options) });
  await migrateToLatest(db, 'sqlite');
  const checkpointer = startCheckpointer(file, LOG_BYTES);

  const main = connectionRunner(writer);
  const worker = new SqliteWorker(file, WRITER_PRAGMAS);
  const bulk = new Kysely<Database>({ dialect: workerSqliteDialect(worker), log: queryLog(options) });

  /**
   * A bulk transaction runs on the worker's connection: the main writer waits its turn
   * as for any transaction, while the event loop keeps answering requests.
   */
  async function onWorker<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const release = await writes.lock();
    try {
      await worker.exec('begin immediate');
      try {
        const result = await fn(sqliteTx(bulk, adapter, workerRunner(worker)));
        await worker.exec('commit');
        return result;
      } catch (error) {
        await worker.exec('rollback');
        throw error;
      }
    } finally {
      release();
    }
  }

  // Short rounds: each holds the event loop while it tokenizes and writes (~10 ms for 1 KB rows).
  const searchIndex = startIndexer({ backlog: () => sqliteBacklog(store), round: () => indexSqliteBatch(store, SEARCH_BATCH) }, options);
  const store: Store = {
    db,
    dialect: adapter,
    rateCounters: memoryCounters(),
    address: null,
    transaction: async (fn, { bulk = false } = {}) => {
      await checkpointer.settle();
      if (bulk) return onWorker(fn);
      // The transaction holds the writer connection, so the bulk paths run on it run inside it.
      return db.transaction().execute((trx) => fn(sqliteTx(trx, adapter, main)));
    },
    searchIndex,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    // The queries are written for SQLite's planner without statistics (see store/versions.ts); none are gathered.
    refreshStatistics: async () => {},
    close: async () => {
      await searchIndex.stop();
      await checkpointer.stop();
      await worker.close();
      await db.destroy();
    },
  };
  return store;
}
