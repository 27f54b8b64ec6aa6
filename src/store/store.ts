import type { Expression, Kysely, Logger, SqlBool } from 'kysely';
import type { Database, DatapointTable } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

/** A datapoint row as written: everything but the generated row id. */
export type DatapointInsert = Omit<DatapointTable, 'row_id'>;

/**
 * The few things that differ between SQLite and PostgreSQL. Queries stay one set;
 * they ask this adapter for the dialect-specific fragments.
 */
export interface DialectAdapter {
  readonly name: DialectName;
  /** True when `column` (a JSON array stored as text) holds the string `value`. */
  jsonArrayContains(column: string, value: string): Expression<SqlBool>;
  isUniqueViolation(error: unknown): boolean;
}

/** Anything that runs queries: the store itself or an open transaction. */
export interface Queryable {
  readonly db: Kysely<Database>;
  readonly dialect: DialectAdapter;
}

export interface Tx extends Queryable {
  /** Reserves `count` fresh datapoint sequence numbers. */
  allocateDatapointSeqs(count: number): Promise<number[]>;
  /** Inserts many datapoint rows at driver speed (prepared statement / COPY). */
  insertDatapoints(rows: DatapointInsert[]): Promise<void>;
}

export interface Store extends Queryable {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Cheap round trip used by the readiness probe. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Sentinel `valid_to` of a datapoint row still visible at the head version. */
export const LIVE = 2_147_483_647;

/** Columns of a datapoint row, in the order the bulk writers use. */
export const DATAPOINT_COLUMNS = [
  'dataset_seq', 'id', 'seq', 'valid_from', 'valid_to', 'ord', 'input', 'expected_output',
  'output', 'context', 'prompt', 'persona', 'tags', 'source', 'agent', 'generator_model',
  'metadata', 'created_at', 'updated_at',
] as const satisfies readonly (keyof DatapointInsert)[];

export interface StoreOptions {
  /** Called with the SQL of every statement Kysely runs (tests count round trips with it). */
  onQuery?: (sql: string) => void;
}

/** Kysely's `log` option for a StoreOptions.onQuery. */
export function queryLog(options: StoreOptions): Logger | undefined {
  const onQuery = options.onQuery;
  if (!onQuery) return undefined;
  return (event) => {
    if (event.level === 'query') onQuery(event.query.sql);
  };
}
