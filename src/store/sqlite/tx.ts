import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { DATAPOINT_COLUMNS, LIVE, type DatapointInsert, type DatapointRow } from '../datapoint-rows.js';
import type { Database } from '../schema.js';
import type { DialectAdapter, Tx } from '../store.js';
import { prepared } from './driver.js';

const INSERT = `insert into datapoints (${DATAPOINT_COLUMNS.join(', ')}) values (${DATAPOINT_COLUMNS.map(() => '?').join(', ')})`;
const BUMP = `update counters set value = value + ? where name = 'datapoint_seq' returning value`;

/**
 * LIVE is a literal: SQLite uses the partial indexes (on external ids, on source hashes)
 * only when a query repeats their condition word for word; `+valid_to` keeps it off the
 * live-rows index for ids.
 */
const liveBy = (key: 'id' | 'external_id' | 'source_hash', columns: readonly string[] | undefined) =>
  `select ${columns?.join(', ') ?? '*'} from datapoints where dataset_seq = ? and ${key === 'id' ? '+' : ''}valid_to = ${LIVE} and ${key} = ?`;

/** Runs one statement once per parameter list inside a savepoint: all of them, or (it throws) none. */
function runEach(db: BetterSqlite3.Database, sql: string, params: unknown[][]): void {
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
}

/**
 * A transaction's handle: Kysely on the connection holding it, and the bulk paths on the
 * same connection (`writer`), as prepared statements run once per row.
 */
export function sqliteTx(db: Kysely<Database>, dialect: DialectAdapter, writer: BetterSqlite3.Database): Tx {
  return {
    db,
    dialect,
    async allocateDatapointSeqs(count) {
      const { value } = prepared(writer, BUMP).get([count]) as { value: number };
      return Array.from({ length: count }, (_, i) => value - count + 1 + i);
    },
    insertDatapoints: async (rows: DatapointInsert[]) =>
      runEach(
        writer,
        INSERT,
        rows.map((row) => DATAPOINT_COLUMNS.map((c) => row[c])),
      ),
    liveRowsByKey: async (datasetSeq, key, values, columns) =>
      values.flatMap((value) => prepared(writer, liveBy(key, columns)).all([datasetSeq, value])) as DatapointRow[],
  };
}
