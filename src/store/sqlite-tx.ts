import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { DATAPOINT_COLUMNS, LIVE, type DatapointInsert, type DatapointRow } from './datapoint-rows.js';
import type { Database } from './schema.js';
import { prepared } from './sqlite-driver.js';
import type { SqliteWorker } from './sqlite-worker.js';
import type { DialectAdapter, Tx } from './store.js';

/** Runs prepared statements on one connection: the main writer's, or the bulk worker's. */
export interface StatementRunner {
  get(sql: string, params: unknown[]): Promise<unknown>;
  /** Runs one statement once per parameter list, inside a savepoint: all or none. */
  runEach(sql: string, params: unknown[][]): Promise<void>;
  allEach(sql: string, params: unknown[][]): Promise<unknown[]>;
}

export function connectionRunner(db: BetterSqlite3.Database): StatementRunner {
  return {
    get: async (sql, params) => prepared(db, sql).get(params),
    runEach: async (sql, params) => {
      const statement = prepared(db, sql);
      db.exec('savepoint bulk');
      try {
        for (const row of params) statement.run(row);
        db.exec('release bulk');
      } catch (error) {
        db.exec('rollback to bulk');
        db.exec('release bulk');
        throw error;
      }
    },
    allEach: async (sql, params) => params.flatMap((row) => prepared(db, sql).all(row)),
  };
}

export function workerRunner(worker: SqliteWorker): StatementRunner {
  return {
    get: (sql, params) => worker.get(sql, params),
    runEach: (sql, params) => worker.runEach(sql, params),
    allEach: (sql, params) => worker.allEach(sql, params),
  };
}

const INSERT = `insert into datapoints (${DATAPOINT_COLUMNS.join(', ')}) values (${DATAPOINT_COLUMNS.map(() => '?').join(', ')})`;
const BUMP = `update counters set value = value + ? where name = 'datapoint_seq' returning value`;

/**
 * LIVE is a literal: SQLite uses the partial indexes (on external ids, on source hashes)
 * only when a query repeats their condition word for word; `+valid_to` keeps it off the
 * live-rows index for ids.
 */
const liveBy = (key: 'id' | 'external_id' | 'source_hash', columns: readonly string[] | undefined) =>
  `select ${columns?.join(', ') ?? '*'} from datapoints where dataset_seq = ? and ${key === 'id' ? '+' : ''}valid_to = ${LIVE} and ${key} = ?`;

/** A transaction's handle: Kysely on the connection holding it, and the bulk paths run on the same connection. */
export function sqliteTx(db: Kysely<Database>, dialect: DialectAdapter, run: StatementRunner): Tx {
  return {
    db,
    dialect,
    async allocateDatapointSeqs(count) {
      const { value } = (await run.get(BUMP, [count])) as { value: number };
      return Array.from({ length: count }, (_, i) => value - count + 1 + i);
    },
    insertDatapoints: (rows: DatapointInsert[]) =>
      run.runEach(
        INSERT,
        rows.map((row) => DATAPOINT_COLUMNS.map((c) => row[c])),
      ),
    liveRowsByKey: async (datasetSeq, key, values, columns) =>
      values.length === 0
        ? []
        : ((await run.allEach(
            liveBy(key, columns),
            values.map((value) => [datasetSeq, value]),
          )) as DatapointRow[]),
  };
}
