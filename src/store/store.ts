import type { MessagePort, Transferable } from 'node:worker_threads';
import type { Expression, Kysely, Logger, RawBuilder, SelectQueryBuilder, SqlBool } from 'kysely';
import type { DatapointInsert, DatapointRow } from './datapoint-rows.js';
import type { Database } from './schema.js';
import type { SearchIndexer } from './search/indexer.js';
import type { TextSearch } from './text-search.js';

export type DialectName = 'sqlite' | 'postgres';

/**
 * The few things that differ between SQLite and PostgreSQL. Queries stay one set;
 * they ask this adapter for the dialect-specific fragments.
 */
export type JsonKind = 'number' | 'string' | 'boolean' | 'array';

/** Reading inside a JSON column (event attributes) at a path of keys. */
export interface JsonAccess {
  is(column: string, path: string[], kind: JsonKind): Expression<SqlBool>;
  /** The number at the path, or null when it is not a number. */
  number(column: string, path: string[]): RawBuilder<number | null>;
  /** The string at the path, or null when it is not a string. */
  text(column: string, path: string[]): RawBuilder<string | null>;
  equalsBoolean(column: string, path: string[], value: boolean): Expression<SqlBool>;
  /** The value at the path is an array holding this scalar (same type). */
  arrayHas(column: string, path: string[], value: string | number | boolean): Expression<SqlBool>;
  /** Something other than null is at the path. */
  present(column: string, path: string[]): Expression<SqlBool>;
}

/** Which unique index a failed write hit: its table, and its columns in index order. */
export interface UniqueViolation {
  table: string;
  columns: string[];
}

export interface DialectAdapter {
  readonly name: DialectName;
  readonly json: JsonAccess;
  /** Full-text search and indexed metadata equality over datapoints. */
  readonly search: TextSearch;
  /** Case-sensitive substring test. */
  containsText(expression: Expression<string | null>, needle: string): Expression<SqlBool>;
  /**
   * `expression` equals one of `values` (compared as numbers when they are numbers), the
   * list bound as one parameter however long it is: a parameter per value runs into
   * SQLite's limits on variables and expression depth long before the filter language's.
   */
  oneOf(expression: Expression<unknown>, values: readonly string[] | readonly number[]): Expression<SqlBool>;
  /** The strings of a JSON array column of `table` (an alias), as a table `e` with one column `value`, to join. */
  arrayElements(table: string, column: string): RawBuilder<unknown>;
  /** The entries of a JSON object column of `table` (an alias), as a table `e` with columns `key` and `value` (text), to join. */
  objectEntries(table: string, column: string): RawBuilder<unknown>;
  /**
   * Rows a select will claim, kept from other instances' claims until the transaction
   * ends (PostgreSQL: FOR UPDATE SKIP LOCKED); the embedded store has one writer anyway.
   */
  claimed<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  /** True when `column` (a JSON array stored as text) holds the string `value`. */
  jsonArrayContains(column: string, value: string): Expression<SqlBool>;
  /** The table and columns of the unique index a failed write hit, or null when it is another error. */
  uniqueViolation(error: unknown): UniqueViolation | null;
  /**
   * Inside a transaction, steer the planner to walk an ordered index rather than sort.
   * PostgreSQL cannot estimate how selective JSON filters are and, guessing "few rows",
   * scans and sorts a whole container for a LIMITed newest-first read.
   */
  preferIndexOrder(tx: Queryable): Promise<void>;
  /**
   * Rows a streamed import writes per batch: large enough for bulk speed, small enough
   * that one batch holds the event loop only briefly (measured in bench/import.ts).
   */
  readonly bulkRows: number;
}

/** Anything that runs queries: the store itself or an open transaction. */
export interface Queryable {
  readonly db: Kysely<Database>;
  readonly dialect: DialectAdapter;
}

export interface Tx extends Queryable {
  /** Reserves `count` fresh datapoint sequence numbers. */
  allocateDatapointSeqs(count: number): Promise<number[]>;
  /**
   * Inserts many datapoint rows at driver speed (prepared statement / COPY), all or none:
   * when an index refuses one, none of them are kept and the transaction goes on.
   */
  insertDatapoints(rows: DatapointInsert[]): Promise<void>;
  /**
   * The live datapoint rows of a dataset whose `key` is one of `values` (only `columns`,
   * when given), at driver speed: SQLite seeks its index once per value (a long IN list
   * costs it several times more).
   */
  liveRowsByKey<C extends keyof DatapointRow = keyof DatapointRow>(
    datasetSeq: number,
    key: 'id' | 'external_id' | 'source_hash',
    values: string[],
    columns?: readonly C[],
  ): Promise<Pick<DatapointRow, C>[]>;
}

/** Fixed-window request counters, keyed by bucket and window start (Unix ms). */
export interface RateCounters {
  /** Counts one request; returns the window's count so far. */
  hit(bucket: string, windowStart: number): Promise<number>;
  /** Forgets windows that started before this. */
  sweep(before: number): Promise<void>;
}

/**
 * Where another thread of this process opens the same store: a PostgreSQL connection
 * string and schema, or the embedded file with a port through which its writes take
 * turns with this thread's.
 */
export type StoreAddress = { kind: 'postgres'; url: string; schema?: string } | { kind: 'sqlite'; file: string; writeLock: MessagePort };

/** An address for one thread, and what must be transferred to it with the address. */
export interface StoreShare {
  address: StoreAddress;
  transfer: Transferable[];
}

export interface Store extends Queryable {
  /** Rate-limit counters: in memory on the embedded store, shared through a table on PostgreSQL. */
  readonly rateCounters: RateCounters;
  /**
   * Whether this process is the store's only user (the embedded file): then no writer
   * but this process's can be at work, and one that left unfinished work died.
   */
  readonly exclusive: boolean;
  /** How a worker thread of this process opens this store, with connections of its own (one address per thread). */
  share(): StoreShare;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Fills the full-text and metadata indexes behind the commits (started with the store, stopped on close). */
  readonly searchIndex: SearchIndexer;
  /** Cheap round trip used by the readiness probe. */
  ping(): Promise<void>;
  /**
   * Brings the planner's statistics on datapoints up to date after a bulk write, so the
   * next statements (an upsert's lookups by source hash) use the indexes meant for them.
   */
  refreshStatistics(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Called with the SQL of every statement Kysely runs (tests count round trips with it). */
  onQuery?: (sql: string) => void;
  /** Index in the background of this process (default); a second store of the same process leaves it to the first. */
  indexInBackground?: boolean;
  /** Told when a round of background indexing fails (it is tried again); default: a process warning. */
  onIndexError?: (error: unknown) => void;
}

/** Kysely's `log` option for a StoreOptions.onQuery. */
export function queryLog(options: StoreOptions): Logger | undefined {
  const onQuery = options.onQuery;
  if (!onQuery) return undefined;
  return (event) => {
    if (event.level === 'query') onQuery(event.query.sql);
  };
}
