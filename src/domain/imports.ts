import type { Store } from '../store/store.js';
import type { DatasetCreate } from '../model/datasets.js';
import type { ImportResult } from '../model/imports.js';
import type { Caller } from './caller.js';
import type { Clock } from './clock.js';
import { stampOf } from './stamp.js';
import { draftDataset, type DatasetService } from './datasets.js';
import { runImport, type ImportJob, type ImportOptions } from './import-pipeline.js';
import { ImportThread } from './import-thread.js';

export type { ImportOptions } from './import-pipeline.js';

/**
 * Imports files into datasets. The caller's access is checked here; the rows are read
 * and written by runImport, on a worker thread when the store can be opened from one
 * (PostgreSQL): parsing, checking and encoding a large file is the import's main cost,
 * and on this thread it would delay every other request (measured in bench/README.md).
 * The embedded store imports on this thread; its writes run on its own worker.
 */
export class ImportService {
  private readonly thread: ImportThread | null;

  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    private readonly clock: Clock,
  ) {
    this.thread = store.address ? new ImportThread(store.address) : null;
  }

  async import(caller: Caller, datasetId: string, body: AsyncIterable<Buffer>, options: ImportOptions): Promise<ImportResult> {
    const dataset = await this.datasets.get(caller, datasetId);
    return this.run({ dataset, options, stamp: stampOf(caller, this.clock) }, body);
  }

  /**
   * A new dataset whose version 1 is a file, made in the import's one transaction: an
   * import that fails leaves no dataset behind, and its name free.
   */
  async importNew(caller: Caller, input: DatasetCreate, body: AsyncIterable<Buffer>, options: ImportOptions): Promise<ImportResult> {
    const stamp = stampOf(caller, this.clock);
    return this.run({ dataset: { create: draftDataset(caller, input, stamp.at) }, options: { ...options, mode: 'add' }, stamp }, body);
  }

  private run(job: ImportJob, body: AsyncIterable<Buffer>): Promise<ImportResult> {
    return this.thread ? this.thread.run(job, body) : runImport(this.store, job, body);
  }

  /** Stops the import thread, once no import runs. */
  async close(): Promise<void> {
    await this.thread?.close();
  }
}
