import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';
import { queryLog, type Store, type StoreOptions } from '../store.js';
import { migrateToLatest } from '../migrate.js';
import { memoryCounters } from '../rate-limits.js';
import { startCheckpointer } from './checkpointer.js';
import { connect, LOG_BYTES, privateFile } from './connection.js';
import { sqliteAdapter } from './dialect.js';
import { Mutex, routingSqliteDialect, type WriteLock } from './driver.js';
import { sqliteTx } from './tx.js';
import { BorrowedWriteLock, lendWriteLock } from './write-lock.js';
import { indexSqliteBatch, sqliteBacklog } from '../search/sqlite-indexing.js';
import { startIndexer } from '../search/indexer.js';

interface Parts {
  file: string;
  reader: BetterSqlite3.Database;
  writer: BetterSqlite3.Database;
  writes: WriteLock;
  options: StoreOptions;
  /** Runs before each transaction (the main thread waits for a long log to be copied back). */
  beforeWrite?: () => Promise<void>;
}

/** Rows indexed per round of background search indexing. */
const SEARCH_BATCH = 250;

function sqliteStore({ file, reader, writer, writes, options, beforeWrite }: Parts): Store {
  const db = new Kysely<Database>({ dialect: routingSqliteDialect(reader, writer, writes), log: queryLog(options) });
  // Short rounds: each holds the event loop while it tokenizes and writes (~10 ms for 1 KB rows).
  const searchIndex = startIndexer({ backlog: () => sqliteBacklog(store), round: () => indexSqliteBatch(store, SEARCH_BATCH) }, options);
  const store: Store = {
    db,
    dialect: sqliteAdapter,
    rateCounters: memoryCounters(),
    exclusive: true,
    share: () => {
      if (!(writes instanceof Mutex)) throw new Error('only the thread that opened the store lends its write lock');
      const { port1, port2 } = new MessageChannel();
      lendWriteLock(writes, port1);
      return { address: { kind: 'sqlite', file, writeLock: port2 }, transfer: [port2] };
    },
    transaction: async (fn) => {
      await beforeWrite?.();
      // The transaction holds the writer connection, so the bulk paths run on it run inside it.
      return db.transaction().execute((trx) => fn(sqliteTx(trx, sqliteAdapter, writer)));
    },
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    // The queries are written for SQLite's planner without statistics (see store/versions.ts); none are gathered.
    refreshStatistics: async () => {},
    searchIndex,
    close: async () => {
      await searchIndex.stop();
      await db.destroy();
    },
  };
  return store;
}

/**
 * Opens (creating if needed) the embedded store: a WAL-mode SQLite file, read through
 * one connection and written through another (see driver.ts), so reads go on while a
 * commit runs. Other threads (imports) write to it with connections of their own,
 * taking turns with this one through its write lock (see share).
 */
export async function openSqliteStore(file: string, options: StoreOptions = {}): Promise<Store> {
  privateFile(file);
  const writer = connect(file, false);
  const checkpointer = startCheckpointer(file, LOG_BYTES);
  const store = sqliteStore({
    file,
    reader: connect(file, true),
    writer,
    writes: new Mutex(),
    options,
    beforeWrite: () => checkpointer.settle(),
  });
  await migrateToLatest(store.db, 'sqlite');
  return {
    ...store,
    close: async () => {
      await checkpointer.stop();
      await store.close();
    },
  };
}

/** The embedded store from another thread (see Store.share): connections of its own, writing when the owner lends it the lock. */
export function openSqliteStoreAt(file: string, writeLock: MessagePort, options: StoreOptions = {}): Store {
  return sqliteStore({
    file,
    reader: connect(file, true),
    writer: connect(file, false),
    writes: new BorrowedWriteLock(writeLock),
    options: { ...options, indexInBackground: false },
  });
}
