import type { Store } from '../store/store.js';
import * as datasets from '../store/datasets.js';
import * as jobs from '../store/jobs.js';
import { ARTIFACT_TYPES, type Dataset } from '../model/datasets.js';
import type { JobLink } from '../model/jobs.js';
import { projectOf, type Caller } from './caller.js';
import type { SignedCursors } from './cursor.js';

export type ArtifactSort = 'newest' | 'oldest' | 'updated' | 'name';

export interface ArtifactQuery {
  /** Any type name: one that is not an artifact type matches nothing. */
  dataset_type?: string;
  direction?: string;
  job_id?: string;
  /** Literal substring of the path. */
  search?: string;
  sort: ArtifactSort;
  limit: number;
  cursor?: string;
}

export interface ArtifactPage {
  items: (Dataset & { jobs: JobLink[] })[];
  has_next: boolean;
  end_cursor: string | null;
  total_count: number;
}

/**
 * Robot-learning dataset artifacts (lerobot_v3, sarm_progress datasets) with the jobs
 * they are linked to, in keyset pages whose signed cursors are bound to the sort and filters.
 */
export class ArtifactService {
  constructor(
    private readonly store: Store,
    private readonly cursors: SignedCursors,
  ) {}

  async list(caller: Caller, query: ArtifactQuery): Promise<ArtifactPage> {
    const projectId = projectOf(caller);
    const filter: datasets.DatasetFilter = {
      types:
        query.dataset_type === undefined
          ? ARTIFACT_TYPES
          : (ARTIFACT_TYPES as readonly string[]).includes(query.dataset_type)
            ? [query.dataset_type]
            : [],
      pathSearch: query.search,
      link: query.job_id !== undefined || query.direction !== undefined ? { job_id: query.job_id, direction: query.direction } : undefined,
    };
    const sort = query.sort === 'name' ? 'path' : query.sort;
    const scope = JSON.stringify([sort, query.dataset_type ?? null, query.direction ?? null, query.job_id ?? null, query.search ?? null]);
    const after = query.cursor === undefined ? null : (this.cursors.decode(scope, query.cursor, ['string', 'number']) as [string, number]);
    const [rows, total] = await Promise.all([
      datasets.listLiveDatasets(this.store, projectId, filter, sort, after, query.limit + 1),
      datasets.countFilteredDatasets(this.store, projectId, filter),
    ]);
    const shown = rows.slice(0, query.limit);
    const links = await jobs.linksOfDatasets(
      this.store,
      shown.map((r) => r.id),
    );
    const last = shown[shown.length - 1];
    return {
      items: shown.map((d) => ({ ...d, jobs: links.filter((l) => l.dataset_id === d.id) })),
      has_next: rows.length > query.limit,
      end_cursor: last ? this.cursors.encode(scope, [datasets.sortKeyOf(sort, last), last.seq]) : null,
      total_count: total,
    };
  }
}
