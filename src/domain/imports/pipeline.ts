import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Store } from '../../store/store.js';
import type { Dataset } from '../../model/datasets.js';
import { DatapointFields } from '../../model/datapoints.js';
import type { ImportFormat, ImportMode, ImportResult, Mapping, SourceRecord } from '../../model/imports.js';
import { BodyParts, type ImportPart } from './parts.js';
import { LIMITS } from '../../model/limits.js';
import { checker } from '../../model/validate.js';
import { recordsOf } from '../../formats/sources.js';
import { badRequest, DomainError, invalid } from '../errors.js';
import { ImportRun } from './run.js';
import type { Clock } from '../clock.js';
import { sourceHasher, type ImportRow, type PendingRow } from './rows.js';
import { checkColumns, columnsRead, compileMapping, rowIssues } from './mapping.js';
import type { Stamp } from '../stamp.js';
import { withAttachments, type FileKeeper } from './files.js';

export interface ImportOptions {
  format: ImportFormat;
  mode: ImportMode;
  mapping?: Mapping;
  message?: string | null;
  base_version?: number;
  /** The split of every row that names none. */
  split?: string;
  /** The body is several files one after another (a Hub commit): each read in its format, its rows in its split. */
  parts?: ImportPart[];
  /** With mode `replace`, only the datapoints in these splits are replaced: those of other splits are kept. */
  replace_splits?: string[];
}

/** One file of the body: its rows, and how they are read. */
interface Source {
  part: number;
  format: ImportFormat;
  split?: string;
  records: AsyncIterable<SourceRecord>;
}

/**
 * An import once its caller may make it: everything it needs but the body, as plain
 * data, so it can be handed to another thread (see ImportThread).
 */
export interface ImportJob {
  dataset: Dataset;
  options: ImportOptions;
  stamp: Stamp;
}

const checkFields = checker(DatapointFields);

/** Rows read between two turns of the event loop. */
const YIELD_EVERY = 64;
/** Rows written by one import past which the planner's statistics are refreshed. */
const STATISTICS_AFTER_ROWS = 20_000;

/**
 * Imports a body into the next version of a dataset. Rows flow from the bytes through
 * the format's reader, the mapping and the checks into the store a batch at a time,
 * each batch in a short transaction of its own (see ImportRun): memory does not grow
 * with the file, other writes go on between batches, and an error in any row leaves
 * nothing behind. Each batch writes while the next is read.
 */
export async function runImport(
  store: Store,
  clock: Clock,
  job: ImportJob,
  body: AsyncIterable<Buffer>,
  keep: FileKeeper,
): Promise<ImportResult> {
  const { dataset, options, stamp } = job;
  const run = await ImportRun.begin(store, clock, dataset, {
    mode: options.mode,
    base: options.base_version,
    splits: options.replace_splits,
    stamp,
    read: reader(options),
  });
  let result: ImportResult;
  try {
    await writeAll(run, sourcesOf(options, body, keep), options, store.dialect.bulkRows);
    result = await run.finish(options.message ?? null);
  } catch (error) {
    await run.abandon();
    throw error;
  }
  // A statistics refresh costs a fraction of a second; without one, the next upsert of
  // a large new dataset can be planned as if it were empty. It is not worth failing for.
  if (result.added + result.updated >= STATISTICS_AFTER_ROWS) await store.refreshStatistics().catch(() => {});
  return result;
}

/** The files of the body, one by one (a body of one file, unless `parts` says otherwise). */
async function* sourcesOf(options: ImportOptions, body: AsyncIterable<Buffer>, keep: FileKeeper): AsyncIterable<Source> {
  const mapping = options.mapping ?? {};
  const read = (format: ImportFormat, bytes: AsyncIterable<Buffer>) =>
    withAttachments(recordsOf(format, bytes, mapping, columnsRead(mapping)), keep);
  if (!options.parts) {
    yield { part: 0, format: options.format, split: options.split, records: read(options.format, body) };
    return;
  }
  const files = new BodyParts(body);
  for (const [part, { format, split = options.split, bytes }] of options.parts.entries()) {
    yield { part, format, split, records: read(format, files.next(bytes)) };
  }
}

/** Reads a source row into datapoint fields through the mapping of its file, and checks them. */
function reader(options: ImportOptions): (row: PendingRow) => ImportRow {
  const mapping = options.mapping ?? {};
  const toRows = (options.parts ?? [options]).map((part) =>
    compileMapping(mapping, { format: part.format, split: part.split ?? options.split }),
  );
  return ({ record, sourceHash, part = 0 }) => checked({ ...toRows[part](record), sourceHash }, mapping);
}

/** Feeds the source to the run in batches: one batch writes while the next is read, checked and prepared. */
async function writeAll(run: ImportRun, sources: AsyncIterable<Source>, options: ImportOptions, batchRows: number): Promise<void> {
  const mapping = options.mapping ?? {};
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
    for await (const { part, format, split, records } of sources) {
      const hashOf = sourceHasher({ format, mapping, split });
      let first = true;
      for await (const record of records) {
        if (first) checkColumns(mapping, Object.keys(record.value), { fixed: format !== 'jsonl', files: !!record.attachments });
        first = false;
        if (++rows > LIMITS.importRowsMax) throw new DomainError('payload_too_large', `at most ${LIMITS.importRowsMax} rows per import`);
        batch.push({ record, sourceHash: hashOf(record), part });
        // Reading a body already buffered never waits: give other work, and the store's replies, their turn.
        if (rows % YIELD_EVERY === 0) await nextTurn();
        if (batch.length < batchRows) continue;
        await write(batch);
        batch = [];
      }
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
