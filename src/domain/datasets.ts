import { randomUUID } from 'node:crypto';
import type { Store, Queryable } from '../store/store.js';
import * as store from '../store/datasets.js';
import * as access from '../store/access.js';
import {
  DEFAULT_DATASET_TYPE,
  type Dataset,
  type DatasetCreate,
  type DatasetKey,
  type DatasetSort,
  type DatasetUpdate,
  type NewDataset,
} from '../model/datasets.js';
import { LIMITS } from '../model/limits.js';
import { projectOf, type Caller } from './caller.js';
import type { Clock } from './clock.js';
import type { Page } from './cursor.js';
import { forbidden, notFound } from './errors.js';
import { placementOf, repoTaken } from './dataset-repos.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import { uniquely } from './unique.js';
import { DATASET_FILTERS, parseFilters } from './filters.js';
import type { FilterInput } from '../model/telemetry.js';
import { audit } from './audit.js';
import { stampOf, type Stamp } from './stamp.js';

/** A dataset as a reader sees it, and the project it belongs to (the reader's own, or the one that shared it). */
export type ReadableDataset = Dataset & { project_id: string };

export interface DatasetQuery extends PageRequest, Pick<store.DatasetFilter, 'type' | 'tag' | 'search'> {
  sort: DatasetSort;
  /** `project` (default): the project's own; `shared`: those shared with the caller; `all`: both. */
  scope?: 'project' | 'shared' | 'all';
}

export interface OffsetQuery {
  offset: number;
  limit: number;
  order: 'newest' | 'oldest';
  container_id?: string;
  name?: string;
  /** Substring of the name, case-insensitive. */
  name_contains?: string;
  ids?: string[];
  /** In the filter language, on the dataset's metadata (`metadata.team`). */
  filters?: FilterInput[];
}

/** Where a dataset cut from telemetry came from: recorded on it when it is made. */
export interface CutOrigin {
  container_id: string;
  filters: unknown[];
  requested_size: number;
}

const nameTaken = (name: string) => `a dataset named "${name}" already exists in this project`;

/** The rules a dataset's name and its repository keep (see dataset-repos.ts), as refusals. */
const takenRules = (name: string, repo: string) => ({ dataset_name: nameTaken(name), dataset_repo: repoTaken(repo) });

/**
 * A dataset `caller` is about to make, owned by its user, with the path and repository
 * it will have in its project's namespace (read through `q`): not stored yet (see insertNewDataset).
 */
export async function draftDataset(
  q: Queryable,
  caller: Caller,
  input: DatasetCreate,
  at: string,
  origin?: CutOrigin,
): Promise<NewDataset> {
  const type = input.type ?? DEFAULT_DATASET_TYPE;
  const projectId = projectOf(caller);
  const placed = await placementOf(q, projectId, { ...input, type });
  return { ...input, ...origin, ...placed, type, id: randomUUID(), project_id: projectId, owner_user_id: caller.userId, created_at: at };
}

/**
 * The one way a dataset comes to exist: a draft stored (see reserveDataset) and its
 * making audited, inside `q` (the transaction that also fills it, when there is one).
 */
export async function insertNewDataset(q: Queryable, dataset: NewDataset, stamp: Stamp): Promise<Dataset> {
  const created = await reserveDataset(q, dataset);
  await auditMaking(q, dataset.project_id, created, stamp);
  return created;
}

/** A draft stored, empty: its name must be free among the project's live datasets. */
export function reserveDataset(q: Queryable, dataset: NewDataset): Promise<Dataset> {
  return uniquely(q, takenRules(dataset.name, dataset.repo_name), () => store.insertDataset(q, dataset));
}

/** Records that a dataset was made (and so tells the webhooks subscribed to it). */
export async function auditMaking(q: Queryable, projectId: string, dataset: Dataset, stamp: Stamp): Promise<void> {
  await audit(q, projectId, stamp, {
    action: 'dataset.create',
    dataset_id: dataset.id,
    detail: { name: dataset.name, type: dataset.type },
  });
}

/** Datasets: named, typed, tagged containers of versioned datapoints, one project each. */
export class DatasetService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /**
   * Makes a dataset: every route and surface that creates one ends here (a cut or a
   * publication inside its own transaction, `q`). The caller's user owns it.
   */
  async create(caller: Caller, input: DatasetCreate, origin?: CutOrigin, q?: Queryable): Promise<Dataset> {
    if (!q) return this.store.transaction((tx) => this.create(caller, input, origin, tx));
    const stamp = stampOf(caller, this.clock);
    return insertNewDataset(q, await draftDataset(q, caller, input, stamp.at, origin), stamp);
  }

  /** A dataset of the caller's project, to change or to read. One only shared with the caller is 403 here. */
  async get(caller: Caller, key: string | DatasetKey): Promise<Dataset> {
    const dataset = await store.findLiveDataset(this.store, projectOf(caller), keyOf(key));
    if (dataset) return dataset;
    throw await this.absent(caller, key);
  }

  /**
   * Brings back a dataset deleted within the retention window, with every version; its
   * name must be free again. Collections it held were detached at its deletion and stay so.
   */
  async undelete(caller: Caller, id: string): Promise<Dataset> {
    const project = projectOf(caller);
    const deleted = await store.deletedDatasetNames(this.store, project, id);
    if (deleted === undefined) throw notFound('deleted dataset');
    const { name, repo_name } = deleted;
    const stamp = stampOf(caller, this.clock);
    const since = new Date(Date.parse(stamp.at) - LIMITS.deletedKeptDays * 86_400_000).toISOString();
    return this.store.transaction(async (tx) => {
      const restored = await uniquely(tx, takenRules(name, repo_name), () => store.undeleteDataset(tx, project, id, since, stamp.at));
      if (!restored) throw notFound(`a dataset deleted in the last ${LIMITS.deletedKeptDays} days with this id`);
      await audit(tx, project, stamp, { action: 'dataset.undelete', dataset_id: id, detail: { name } });
      return restored;
    });
  }

  /** Why a dataset is not the caller's own: shared with it read-only (403), or not there at all (404). */
  private async absent(caller: Caller, key: string | DatasetKey) {
    const shared = typeof key === 'string' && (await this.sharedWith(caller, key));
    return shared ? forbidden('this dataset is shared with this key read-only; only its own project may change it') : notFound('dataset');
  }

  /**
   * A dataset the caller may read: its project's own, or one shared with its user, its
   * namespace, or everyone; with the project it belongs to.
   */
  async readable(caller: Caller, id: string): Promise<ReadableDataset> {
    const dataset = await this.sharedWith(caller, id);
    if (!dataset) throw notFound('dataset');
    return dataset;
  }

  private sharedWith(caller: Caller, id: string): Promise<ReadableDataset | undefined> {
    return access.findAccessibleById(this.store, { projectId: projectOf(caller), userId: caller.userId }, id);
  }

  async list(caller: Caller, query: DatasetQuery): Promise<Page<Dataset>> {
    const tag = `ds:${query.sort}`;
    const after = cursorKey<[string, number]>(tag, query.cursor, ['string', 'integer']);
    const scope = query.scope ?? 'project';
    const sharedWith = scope === 'project' ? undefined : { userId: caller.userId, only: scope === 'shared' };
    const filter = { type: query.type, tag: query.tag, search: query.search, sharedWith };
    const rows = await store.listLiveDatasets(this.store, projectOf(caller), filter, query.sort, after, query.limit + 1);
    return pageOf(
      rows,
      query.limit,
      tag,
      (d) => [store.sortKeyOf(query.sort, d), d.seq],
      (d) => d,
    );
  }

  /** Changes only the fields given, of the live dataset with this id (a string) or name. */
  async update(caller: Caller, key: string | DatasetKey, patch: DatasetUpdate): Promise<Dataset> {
    const stamp = stampOf(caller, this.clock);
    const updated = await this.store.transaction(async (tx) => {
      const change = await placedChange(tx, projectOf(caller), keyOf(key), patch);
      if (!change) return undefined;
      const changed = await uniquely(tx, takenRules(patch.name ?? '', change.repo_name ?? ''), () =>
        store.updateLiveDataset(tx, projectOf(caller), keyOf(key), { ...change, updated_at: stamp.at }),
      );
      if (changed)
        await audit(tx, projectOf(caller), stamp, {
          action: 'dataset.update',
          dataset_id: changed.id,
          detail: { fields: Object.keys(patch) },
        });
      return changed;
    });
    if (!updated) throw await this.absent(caller, key);
    return updated;
  }

  /** Soft delete: gone from every read, its name free again, its collections detached. */
  async remove(caller: Caller, key: string | DatasetKey): Promise<void> {
    const stamp = stampOf(caller, this.clock);
    const id = await this.store.transaction(async (tx) => {
      const deleted = await store.softDeleteDataset(tx, projectOf(caller), keyOf(key), stamp.at);
      if (deleted) await audit(tx, projectOf(caller), stamp, { action: 'dataset.delete', dataset_id: deleted });
      return deleted;
    });
    if (!id) throw await this.absent(caller, key);
  }

  /**
   * A page by offset with the total, from one query; a second one counts only when the
   * page is past the end and so carries no total.
   */
  async offsetPage(caller: Caller, query: OffsetQuery): Promise<{ total: number; items: Dataset[] }> {
    const projectId = projectOf(caller);
    const { container_id, name, name_contains: search, ids, filters } = query;
    const filter = { container_id, name, search, ids, ...(filters && { filters: parseFilters(filters, DATASET_FILTERS) }) };
    const page = await store.pageWithTotal(this.store, projectId, filter, query.order, query.offset, query.limit);
    const total = page.total ?? (query.offset > 0 ? await store.countFilteredDatasets(this.store, projectId, filter) : 0);
    return { total, items: page.items };
  }
}

const keyOf = (key: string | DatasetKey): DatasetKey => (typeof key === 'string' ? { id: key } : key);

/**
 * A patch with the path and repository it leaves the dataset at, when it changes its
 * name, type or path (read with the dataset as it is, in `q`); undefined when there is no such live dataset.
 */
async function placedChange(
  q: Queryable,
  projectId: string,
  key: DatasetKey,
  patch: DatasetUpdate,
): Promise<Omit<store.DatasetChange, 'updated_at'> | undefined> {
  if (patch.name === undefined && patch.type === undefined && patch.path === undefined) return patch;
  const current = await store.findLiveDataset(q, projectId, key);
  if (!current) return undefined;
  const changed = {
    type: patch.type ?? current.type,
    name: patch.name ?? current.name,
    path: patch.path === undefined ? current.path : patch.path,
  };
  return { ...patch, ...(await placementOf(q, projectId, changed)) };
}
