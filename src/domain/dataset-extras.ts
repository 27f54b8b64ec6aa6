import type { Store } from '../store/store.js';
import * as store from '../store/dataset-extras.js';
import type { Author, DeletedDataset } from '../model/dataset-extras.js';
import { LIMITS } from '../model/limits.js';
import { projectOf, type Caller } from './caller.js';
import { isoAt, type Clock } from './clock.js';
import type { Page } from './cursor.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import type { DatasetService } from './datasets.js';

const KEPT_MS = LIMITS.deletedKeptDays * 86_400_000;

/** Reads around datasets a reviewer's screens need: who wrote the versions, and what was deleted. */
export class DatasetExtrasService {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    private readonly clock: Clock,
  ) {}

  async authors(caller: Caller, datasetId: string): Promise<{ data: Author[] }> {
    const dataset = await this.datasets.readable(caller, datasetId);
    return { data: await store.authorsOf(this.store, dataset.seq) };
  }

  /** The project's deleted datasets that can still be brought back (POST /v1/datasets/{id}/undelete). */
  async deleted(caller: Caller, page: PageRequest): Promise<Page<DeletedDataset>> {
    const since = new Date(Date.parse(isoAt(this.clock)) - KEPT_MS).toISOString();
    const before = cursorKey<[string, string]>('deleted', page.cursor, ['string', 'string']);
    const rows = await store.pageDeleted(this.store, projectOf(caller), since, before, page.limit + 1);
    return pageOf(
      rows,
      page.limit,
      'deleted',
      (r) => [r.deleted_at, r.id],
      (r) => ({ ...r, restorable_until: new Date(Date.parse(r.deleted_at) + KEPT_MS).toISOString() }),
    );
  }
}
