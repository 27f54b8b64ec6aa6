import type { Store } from '../../store/store.js';
import type { ImportResult } from '../../model/imports.js';
import type { Caller } from '../caller.js';
import type { Clock } from '../clock.js';
import { stampOf } from '../stamp.js';
import type { DatasetService } from '../datasets.js';
import type { ImportOptions } from './pipeline.js';
import { ImportThread } from './thread.js';

export type { ImportOptions } from './pipeline.js';

/**
 * Imports files into datasets. The caller's access is checked here; the rows are read
 * and written by runImport on the import thread, with connections of its own to the
 * store: parsing, checking and encoding a large file is the import's main cost, and on
 * this thread it would delay every other request (measured in bench/README.md).
 */
export class ImportService {
  private readonly thread: ImportThread;

  constructor(
    store: Store,
    private readonly datasets: DatasetService,
    private readonly clock: Clock,
  ) {
    this.thread = new ImportThread(() => store.share());
  }

  async import(caller: Caller, datasetId: string, body: AsyncIterable<Buffer>, options: ImportOptions): Promise<ImportResult> {
    const dataset = await this.datasets.get(caller, datasetId);
    return this.thread.run({ dataset, options, stamp: stampOf(caller, this.clock) }, body);
  }

  /** Stops the import thread, once no import runs. */
  async close(): Promise<void> {
    await this.thread.close();
  }
}
