import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database } from './schema.js';
import { DATAPOINT_COLUMNS, LIVE, type DatapointInsert, type DatapointRow } from './datapoint-rows.js';
import { queryLog, type DialectAdapter, type JsonAccess, type JsonKind, type Store, type StoreOptions, type Tx } from './store.js';
import { migrateToLatest } from './migrate.js';
import { droppedSchema, retried } from './transient.js';
import { tableCounters } from './rate-limits.js';
import { preparingPool } from './postgres-prepared.js';
import { postgresSearch } from './search/postgres-search.js';
import { indexPostgresBatch, postgresBacklog } from './search/postgres-indexing.js';
import { startIndexer } from './search/indexer.js';

const INT8_OID = 20;
/** Rows indexed per round of background search indexing. */
const SEARCH_BATCH = 500;

const jsonPath = (path: string[]) => sql`array[${sql.join(path)}]::text[]`;
/** A JSON column as jsonb: event attributes are jsonb already, datapoint fields are JSON text. */
const doc = (column: string) => sql`(${sql.ref(column)})::jsonb`;
const at = (column: string, path: string[]) => sql`(${doc(column)} #> ${jsonPath(path)})`;
const typeOf = (column: string, path: string[]) => sql<string>`jsonb_typeof(${at(column, path)})`;
const TYPES: Record<JsonKind, string> = { number: 'number', string: 'string', boolean: 'boolean', array: 'array' };

const json: JsonAccess = {
  is: (column, path, kind) => sql<boolean>`coalesce(${typeOf(column, path)} = ${TYPES[kind]}, false)`,
  number: (column, path) =>
    sql<number | null>`(case when ${typeOf(column, path)} = 'number' then (${doc(column)} #>> ${jsonPath(path)})::double precision end)`,
  text: (column, path) => sql<string | null>`(case when ${typeOf(column, path)} = 'string' then ${doc(column)} #>> ${jsonPath(path)} end)`,
  equalsBoolean: (column, path, value) => sql<boolean>`coalesce(${at(column, path)} = ${JSON.stringify(value)}::jsonb, false)`,
  arrayHas: (column, path, value) =>
    sql<boolean>`coalesce(${typeOf(column, path)} = 'array' and ${at(column, path)} @> ${JSON.stringify([value])}::jsonb, false)`,
  present: (column, path) => sql<boolean>`coalesce(${typeOf(column, path)} <> 'null', false)`,
};

const adapter: DialectAdapter = {
  name: 'postgres',
  json,
  search: postgresSearch,
  containsText: (expression, needle) => sql<boolean>`(strpos(${expression}, ${needle}) > 0)`,
  arrayElements: (table, column) => sql`lateral jsonb_array_elements_text(${sql.ref(`${table}.${column}`)}::jsonb) as e(value)`,
  objectEntries: (table, column) => sql`lateral jsonb_each_text(${sql.ref(`${table}.${column}`)}::jsonb) as e(key, value)`,
  claimed: (query) => query.forUpdate().skipLocked(),
  // IN over a subquery: PostgreSQL hashes the list once, where = any(array) compares each row with every value.
  oneOf: (expression, values) =>
    sql<boolean>`(${expression} in (select unnest(cast(${values} as ${sql.raw(typeof values[0] === 'number' ? 'double precision[]' : 'text[]')}))))`,
  jsonArrayContains: (column, value) => sql<boolean>`(${sql.ref(column)}::jsonb) ? ${value}`,
  // detail: "Key (project_id, name)=(…) already exists."
  uniqueViolation: (error) => {
    if (!(error instanceof Error && 'code' in error && error.code === '23505')) return null;
    const { table, detail } = error as { table?: string; detail?: string };
    return table ? { table, columns: /^Key \(([^)]*)\)=/.exec(detail ?? '')?.[1].split(', ') ?? [] } : null;
  },
  bulkRows: 500,
  preferIndexOrder: async (tx) => {
    await sql`set local enable_sort = off`.execute(tx.db);
  },
};

/** bigint columns hold sequence numbers and orders bounded to safe integers: read them as numbers. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): ((value: string) => unknown) =>
    oid === INT8_OID ? Number : (pg.types.getTypeParser(oid, format) as (value: string) => unknown)) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions extends StoreOptions {
  /** Schema to create and work in (tests give each file its own); default `public`. */
  schema?: string;
  maxConnections?: number;
  /** Bring the schema up to date on opening (default); a worker opening a store the process already opened skips it. */
  migrate?: boolean;
}

export async function openPostgresStore(url: string, options: PostgresOptions = {}): Promise<Store> {
  const schema = options.schema;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    types,
    // No parallel workers: starting them costs a page read of a few rows more than the read
    // (a rare full-text match: 8 ms planned parallel, 0.2 ms not); large reads are streamed in batches anyway.
    // No JIT either: it compiled a search that reads one row (50 ms for a 1 ms read) when the planner overestimated it.
    options: ['-c max_parallel_workers_per_gather=0', '-c jit=off', ...(schema ? [`-c search_path=${schema}`] : [])].join(' '),
  });
  if (schema) await pool.query(`create schema if not exists "${schema}"`);
  const log = queryLog(options);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }), log });
  // Kysely's migrator finds its tables by introspecting every schema; name ours so a
  // datashelf in another schema of the same database is never mistaken for this one.
  if (options.migrate ?? true) {
    const { rows } = await pool.query<{ schema: string }>('select current_schema() as schema');
    // The migrator introspects every schema of the database, resolving tables by name: a
    // schema another process drops meanwhile (a test file's, another instance's) fails it
    // before any migration ran. Tried again, the catalog no longer lists it.
    await retried(() => migrateToLatest(db, 'postgres', rows[0].schema), droppedSchema);
  }

  const queryable = { db, dialect: adapter };
  const searchIndex = startIndexer(
    { backlog: () => postgresBacklog(store), round: () => indexPostgresBatch(store, SEARCH_BATCH) },
    options,
  );
  const store: Store = {
    ...queryable,
    rateCounters: tableCounters(queryable),
    exclusive: false,
    share: () => ({ address: { kind: 'postgres', url, schema }, transfer: [] }),
    transaction: (fn) => transaction(pool, fn, log),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    // Autovacuum analyzes a table only some time after it grew; until then the planner
    // believes it small and scans it whole for each lookup.
    refreshStatistics: async () => {
      await sql`analyze datapoints`.execute(db);
    },
    searchIndex,
    close: async () => {
      await searchIndex.stop();
      await db.destroy();
    },
  };
  return store;
}

async function transaction<T>(pool: pg.Pool, fn: (tx: Tx) => Promise<T>, log: ReturnType<typeof queryLog>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    // A Kysely bound to this one client, so bulk COPY and queries share the transaction.
    const single = { connect: async () => ({ query: client.query.bind(client), release: () => {} }) };
    const trx = new Kysely<Database>({ dialect: new PostgresDialect({ pool: single as unknown as pg.Pool }), log });
    const result = await fn({
      db: trx,
      dialect: adapter,
      allocateDatapointSeqs: (count) => allocateSeqs(client, count),
      insertDatapoints: (rows) => copyDatapoints(client, rows),
      liveRowsByKey: async (datasetSeq, key, values, columns) => {
        if (values.length === 0) return [];
        const column = { id: 'id', external_id: 'external_id', source_hash: 'source_hash' }[key];
        const { rows } = await client.query<DatapointRow>(
          `select ${columns?.join(', ') ?? '*'} from datapoints where dataset_seq = $1 and valid_to = ${LIVE} and ${column} = any($2::text[])`,
          [datasetSeq, values],
        );
        return rows;
      },
    });
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

async function allocateSeqs(client: pg.PoolClient, count: number): Promise<number[]> {
  if (count === 0) return [];
  const { rows } = await client.query<{ seq: number }>(`select nextval('datapoint_seq') as seq from generate_series(1, $1)`, [count]);
  return rows.map((r) => r.seq);
}

/** COPY inside a savepoint: a refused row leaves the transaction usable, with none of these rows in it. */
async function copyDatapoints(client: pg.PoolClient, rows: DatapointInsert[]): Promise<void> {
  if (rows.length === 0) return;
  await client.query('savepoint bulk');
  try {
    const copy = client.query(copyFrom(`copy datapoints (${DATAPOINT_COLUMNS.join(', ')}) from stdin with (format csv)`));
    await pipeline(Readable.from(csvLines(rows)), copy);
    await client.query('release savepoint bulk');
  } catch (error) {
    await client.query('rollback to savepoint bulk');
    throw error;
  }
}

function* csvLines(rows: DatapointInsert[]): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += DATAPOINT_COLUMNS.map((c) => csvField(row[c])).join(',') + '\n';
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** COPY csv: an unquoted empty field is NULL, every other value is quoted. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return `"${value.replace(/"/g, '""')}"`;
}
