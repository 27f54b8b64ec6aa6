import type { Store } from '../../store/store.js';
import { removeUnfilledDataset } from '../../store/datasets.js';
import type { DatasetCreate } from '../../model/datasets.js';
import type { ImportResult } from '../../model/imports.js';
import type { Caller } from '../caller.js';
import type { Clock } from '../clock.js';
import { stampOf } from '../stamp.js';
import { auditMaking, draftDataset, reserveDataset, type DatasetService } from '../datasets.js';
import type { ImportOptions } from './pipeline.js';
import { ImportThread } from './thread.js';
import type { AttachmentService } from '../attachments.js';
import { forbidden } from '../errors.js';

export type { ImportOptions } from './pipeline.js';

/**
 * Imports files into datasets. The caller's access is checked here; the rows are read on
 * one import thread and written on another, with connections of its own to the store
 * (ImportThread): parsing, checking and encoding a large file is the import's main cost,
 * and on this thread it would delay every other request (measured in bench/README.md).
 */
export class ImportService {
  private readonly thread: ImportThread;

  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    private readonly clock: Clock,
    attachments: AttachmentService,
  ) {
    this.thread = new ImportThread(
      () => store.share(),
      async (projectId, file) => {
        // Attachments belong to a project; the instance admin's key has none to keep them in (as a commit naming one is refused).
        if (projectId === null)
          throw forbidden("files are kept as a project's attachments: import them with a key of the dataset's project");
        return attachments.keep(projectId, file);
      },
      store.dialect.bulkRows,
    );
  }

  async import(caller: Caller, datasetId: string, body: AsyncIterable<Buffer>, options: ImportOptions): Promise<ImportResult> {
    const dataset = await this.datasets.get(caller, datasetId);
    return this.thread.run({ dataset, options, stamp: stampOf(caller, this.clock) }, body);
  }

  /**
   * A new dataset whose version 1 is a file. The dataset is made empty first (its name
   * taken, so a second import of the same name is refused at once) and its making is
   * audited only once the file is in: an import that fails removes it again, leaving no
   * dataset, deleted or live, and its name free.
   */
  async importNew(caller: Caller, input: DatasetCreate, body: AsyncIterable<Buffer>, options: ImportOptions): Promise<ImportResult> {
    const stamp = stampOf(caller, this.clock);
    const draft = await draftDataset(this.store, caller, input, stamp.at);
    const dataset = await this.store.transaction((tx) => reserveDataset(tx, draft));
    try {
      const result = await this.thread.run({ dataset, options: { ...options, mode: 'add' }, stamp }, body);
      await this.store.transaction((tx) => auditMaking(tx, draft.project_id, dataset, stamp));
      return result;
    } catch (error) {
      await removeUnfilledDataset(this.store, draft.project_id, dataset.id);
      throw error;
    }
  }

  /** Stops the import thread, once no import runs. */
  async close(): Promise<void> {
    await this.thread.close();
  }
}
