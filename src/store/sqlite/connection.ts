import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ensurePrivateDir } from '../private-dir.js';
import { registerSearchFunctions } from '../search/sqlite-search.js';

/**
 * The store's file is readable by its owner only: created mode 600 (SQLite gives its
 * -wal and -shm files the same mode), in a directory created mode 700; files left wider
 * by an older version are narrowed.
 */
export function privateFile(file: string): void {
  ensurePrivateDir(path.dirname(file));
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (fs.existsSync(f)) fs.chmodSync(f, 0o600);
}

/** How long the write-ahead log may grow before a transaction waits for it to be copied back. */
export const LOG_BYTES = 64 * 1024 * 1024;
const WRITER_CACHE_KB = 32 * 1024;

const SHARED_PRAGMAS = ['synchronous = NORMAL', 'foreign_keys = ON', 'busy_timeout = 5000'];
/** For the connections that write: the main thread's writer and the import thread's. */
const WRITER_PRAGMAS = [
  'journal_mode = WAL',
  // Checkpoints happen off the event loop (checkpointer.ts); the log file is cut back after one.
  'wal_autocheckpoint = 0',
  `journal_size_limit = ${LOG_BYTES}`,
  // Bulk writes touch index pages all over: a larger cache than the default 2 MB writes a third faster.
  `cache_size = -${WRITER_CACHE_KB}`,
  ...SHARED_PRAGMAS,
];

/** A connection to the store's file: one that only reads, or one that writes (when it holds the write lock). */
export function connect(file: string, readonly: boolean): BetterSqlite3.Database {
  const sqlite = new BetterSqlite3(file, { readonly });
  for (const pragma of readonly ? SHARED_PRAGMAS : WRITER_PRAGMAS) sqlite.pragma(pragma);
  registerSearchFunctions(sqlite);
  return sqlite;
}
