import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Store } from '../store/store.js';
import type { Dataset, NewDataset } from '../model/datasets.js';
import { DatapointFields } from '../model/datapoints.js';
import type { ImportFormat, ImportMode, ImportResult, Mapping, SourceRecord } from '../model/imports.js';
import { LIMITS } from '../model/limits.js';
import { checker } from '../model/validate.js';
import { recordsOf } from '../formats/sources.js';
import { badRequest, DomainError, invalid } from './errors.js';
import { ImportRun } from './import-run.js';
import { sourceHasher, type ImportRow, type PendingRow } from './import-rows.js';
import { checkColumns, columnsRead, compileMapping, rowIssues } from './mapping.js';
import { insertNewDataset } from './datasets.js';
import type { Stamp } from './stamp.js';

export interface ImportOptions {
  format: ImportFormat;
  mode: ImportMode;
  mapping?: Mapping;
  message?: string | null;
  base_version?: number;
  /** The split of every row that names none. */
  split?: string;
}

/**
 * An import once its caller may make it: everything it needs but the body, as plain
 * data, so it can be handed to another thread (see ImportThread).
 */
export interface ImportJob {
  /** The dataset imported into; or one to make in the import's own transaction, so that a failed import leaves none. */
  dataset: Dataset | { create: NewDataset };
  options: ImportOptions;
  stamp: Stamp;
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
 * Imports a body into the next version of a dataset. Rows flow from the bytes through
 * the format's reader, the mapping and the checks into the store a batch at a time,
 * inside one transaction: memory does not grow with the file, and an error in any row
 * leaves nothing visible. The transaction is a bulk one (the embedded store writes it
 * on a worker thread), and each batch writes while the next is read.
 */
export async function runImport(store: Store, job: ImportJob, body: AsyncIterable<Buffer>): Promise<ImportResult> {
  const { options, stamp } = job;
  const mapping = options.mapping ?? {};
  const source = recordsOf(options.format, body, mapping, columnsRead(mapping));
  let result: ImportResult;
  try {
    result = await store.transaction(
      async (tx) => {
        const dataset = 'create' in job.dataset ? await insertNewDataset(tx, job.dataset.create, stamp) : job.dataset;
        const run = await ImportRun.begin(tx, dataset, { mode: options.mode, base: options.base_version, stamp, read: reader(options) });
        await writeAll(run, source, options, tx.dialect.bulkRows);
        const made = await run.finish(options.message ?? null);
        if (!made.created) throw new Unchanged(made);
        return made;
      },
      { bulk: true },
    );
  } catch (outcome) {
    if (outcome instanceof Unchanged) return outcome.result;
    throw outcome;
  }
  // A statistics refresh costs a fraction of a second; without one, the next upsert of
  // a large new dataset can be planned as if it were empty. It is not worth failing for.
  if (result.added + result.updated >= STATISTICS_AFTER_ROWS) await store.refreshStatistics().catch(() => {});
  return result;
}

/** Reads a source row into datapoint fields through the mapping, and checks them. */
function reader(options: ImportOptions): (row: PendingRow) => ImportRow {
  const mapping = options.mapping ?? {};
  const toRow = compileMapping(mapping, options);
  return ({ record, sourceHash }) => checked({ ...toRow(record), sourceHash }, mapping);
}

/** Feeds the source to the run in batches: one batch writes while the next is read, checked and prepared. */
async function writeAll(run: ImportRun, source: AsyncIterable<SourceRecord>, options: ImportOptions, batchRows: number): Promise<void> {
  const mapping = options.mapping ?? {};
  const hashOf = sourceHasher({ format: options.format, mapping, split: options.split });
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
      if (++rows > LIMITS.importRowsMax) throw new DomainError('payload_too_large', `at most ${LIMITS.importRowsMax} rows per import`);
      batch.push({ record, sourceHash: hashOf(record) });
      // Reading a body already buffered never waits: give other work, and the store's replies, their turn.
      if (rows % YIELD_EVERY === 0) await nextTurn();
      if (batch.length < batchRows) continue;
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
}

function checked(row: ImportRow, mapping: Mapping): ImportRow {
  const issues = checkFields(row.fields);
  if (issues.length === 0) return row;
  const named = rowIssues(row.at, issues, mapping);
  throw invalid(`${named.map((i) => `${i.field} ${i.message}`).join('; ')}`, named);
}
