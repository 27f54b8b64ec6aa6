import type { Dataset, DatasetCreate } from '../model/datasets.js';
import type { ImportResult } from '../model/imports.js';
import type { Caller } from './caller.js';
import type { DatasetService } from './datasets.js';
import type { ImportOptions, ImportService } from './imports/service.js';

/** Datasets made from a file in one call: created, then the file imported as their first version. */
export class DatasetUploads {
  constructor(
    private readonly datasets: DatasetService,
    private readonly imports: ImportService,
  ) {}

  /** When the file is refused, the dataset made for it is deleted again: the caller sees the refusal and no empty dataset. */
  async create(
    caller: Caller,
    input: DatasetCreate,
    file: AsyncIterable<Buffer>,
    options: ImportOptions,
  ): Promise<{ dataset: Dataset; imported: ImportResult }> {
    const made = await this.datasets.create(caller, input);
    try {
      const imported = await this.imports.import(caller, made.id, file, options);
      return { dataset: await this.datasets.get(caller, made.id), imported };
    } catch (error) {
      await this.datasets.remove(caller, made.id);
      throw error;
    }
  }
}
