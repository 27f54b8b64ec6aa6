import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Store } from '../store/store.js';
import { DatapointFields } from '../model/datapoints.js';
import type { ImportFormat, ImportMode, ImportResult, Mapping, SourceRecord } from '../model/imports.js';
import { LIMITS } from '../model/limits.js';
import { checker } from '../model/validate.js';
import type { Caller } from './caller.js';
import type { Clock } from './clock.js';
import { stampOf } from './stamp.js';
import type { DatasetService } from './datasets.js';
import { badRequest, DomainError, invalid } from './errors.js';
import { ImportRun } from './import-run.js';
import { sourceHasher, type ImportRow, type PendingRow } from './import-rows.js';
import { checkColumns, compileMapping, rowIssues } from './mapping.js';

export interface ImportOptions {
  format: ImportFormat;
  mode: ImportMode;
  mapping?: Mapping;
  message?: string | null;
  base_version?: number;
  /** The split of every row that names none. */
  split?: string;
}

const checkFields = checker(DatapointFields);

/** Rows read between two turns of the event loop. */
const YIELD_EVERY = 64;
/** Rows written by one import past which the planner's statistics are refreshed. */
const STATISTICS_AFTER_ROWS = 20_000;

/** Thrown to roll back an import that changed nothing, carrying what it found. */
class Unchanged extends Error {
  constructor(readonly result: ImportResult) {
    super('the import changed nothing');
  }
}

/**
 * Imports rows from a stream into the next version of a dataset. Rows flow from the
 * source through the mapping and checks into the store a batch at a time, inside one
 * transaction: memory does not grow with the file, and an error in any row leaves
 * nothing visible. The transaction is a bulk one (the embedded store writes it on a
 * worker thread), and each batch writes while the next is read, so neither the import
 * nor the requests answered meanwhile wait on the other.
 */
export class ImportService {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    private readonly clock: Clock,
  ) {}

  async import(caller: Caller, datasetId: string, source: AsyncIterable<SourceRecord>, options: ImportOptions): Promise<ImportResult> {
    const dataset = await this.datasets.get(caller, datasetId);
    const mapping = options.mapping ?? {};
    const toRow = compileMapping(mapping, options);
    const hashOf = sourceHasher({ format: options.format, mapping, split: options.split });
    const read = ({ record, sourceHash }: PendingRow): ImportRow => checked({ ...toRow(record), sourceHash }, mapping);
    const stamp = stampOf(caller, this.clock);
    let result: ImportResult;
    try {
      result = await this.store.transaction(
        async (tx) => {
          const run = await ImportRun.begin(tx, dataset, { mode: options.mode, base: options.base_version, stamp, read });
          // One batch writes while the next is read, checked and prepared; a second waits for it.
          let writing: Promise<void> = Promise.resolve();
          const write = async (batch: PendingRow[]) => {
            const prepared = await run.prepare(batch);
            await writing;
            writing = run.write(prepared);
            writing.catch(() => {});
          };
          try {
            let batch: PendingRow[] = [];
            let rows = 0;
            for await (const record of source) {
              if (rows === 0) checkColumns(mapping, Object.keys(record.value), options.format !== 'jsonl');
              if (++rows > LIMITS.importRowsMax)
                throw new DomainError('payload_too_large', `at most ${LIMITS.importRowsMax} rows per import`);
              batch.push({ record, sourceHash: hashOf(record) });
              // Reading a body already buffered never waits: give other requests, and the store's replies, their turn.
              if (rows % YIELD_EVERY === 0) await nextTurn();
              if (batch.length < tx.dialect.bulkRows) continue;
              await write(batch);
              batch = [];
            }
            if (batch.length) await write(batch);
            await writing;
            if (rows === 0 && options.mode === 'add') throw badRequest('the file holds no rows');
          } finally {
            // A write still running when reading fails must end before the transaction does.
            await writing.catch(() => {});
          }
          const result = await run.finish(options.message ?? null);
          if (!result.created) throw new Unchanged(result);
          return result;
        },
        { bulk: true },
      );
    } catch (outcome) {
      if (outcome instanceof Unchanged) return outcome.result;
      throw outcome;
    }
    // A statistics refresh costs a fraction of a second; without one, the next upsert of
    // a large new dataset can be planned as if it were empty. It is not worth failing for.
    if (result.added + result.updated >= STATISTICS_AFTER_ROWS) await this.store.refreshStatistics().catch(() => {});
    return result;
  }
}

function checked(row: ImportRow, mapping: Mapping): ImportRow {
  const issues = checkFields(row.fields);
  if (issues.length === 0) return row;
  const named = rowIssues(row.at, issues, mapping);
  throw invalid(`${named.map((i) => `${i.field} ${i.message}`).join('; ')}`, named);
}
