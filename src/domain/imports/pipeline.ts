import type { Store } from '../../store/store.js';
import type { Dataset } from '../../model/datasets.js';
import type { FileChanges } from '../../model/files.js';
import type { ImportFormat, ImportMode, ImportResult, Mapping } from '../../model/imports.js';
import { ImportRun } from './run.js';
import type { Clock } from '../clock.js';
import type { Stamp } from '../stamp.js';
import { reader, type ReadBatch } from './reading.js';
import type { ImportPart } from './parts.js';
import type { SplitSchemaChange } from '../versions/split-schemas.js';

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
  /** Files the version puts in or deletes from its tree, besides the rows (a Hub commit's other files). */
  files?: FileChanges;
  /** The kept schemas the version sets for these splits (a Hub push), written as it is published. */
  split_schemas?: SplitSchemaChange[];
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

/** Rows written by one import past which the planner's statistics are refreshed. */
const STATISTICS_AFTER_ROWS = 20_000;

/**
 * Writes an import's batches (as readBatches made them) into the next version of a
 * dataset, each batch in a short transaction of its own (see ImportRun): memory does not
 * grow with the file, other writes go on between batches, and an error in any row leaves
 * nothing behind. Each batch writes while the next arrives.
 */
export async function writeImport(store: Store, clock: Clock, job: ImportJob, batches: AsyncIterable<ReadBatch>): Promise<ImportResult> {
  const { dataset, options, stamp } = job;
  const run = await ImportRun.begin(store, clock, dataset, {
    mode: options.mode,
    base: options.base_version,
    splits: options.replace_splits,
    files: options.files,
    splitSchemas: options.split_schemas,
    stamp,
    read: reader(options),
  });
  let writing: Promise<void> = Promise.resolve();
  let result: ImportResult;
  try {
    for await (const batch of batches) {
      await writing;
      writing = run.write(batch);
      // Awaited before the next batch or below; until then a failure is not unhandled.
      writing.catch(() => {});
    }
    await writing;
    result = await run.finish(options.message ?? null);
  } catch (error) {
    // A write still running when reading fails must end before the version is given up.
    await writing.catch(() => {});
    await run.abandon();
    throw error;
  }
  // A statistics refresh costs a fraction of a second; without one, the next upsert of
  // a large new dataset can be planned as if it were empty. It is not worth failing for.
  if (result.added + result.updated >= STATISTICS_AFTER_ROWS) await store.refreshStatistics().catch(() => {});
  return result;
}
