import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import * as store from '../store/datasets.js';
import { now } from './clock.js';
import type { Page } from './cursor.js';
import { invalid, notFound } from './errors.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import { uniquely } from './unique.js';

export type DatasetSort = store.DatasetSort;
export type DatasetKey = store.DatasetKey;
export const DATASET_SORTS = ['newest', 'oldest', 'updated', 'name'] as const satisfies readonly DatasetSort[];

export interface Dataset {
  id: string;
  seq: number;
  name: string;
  description: string | null;
  type: string;
  tags: string[];
  metadata: Record<string, unknown>;
  /** Hugging Face style `owner/name` of an artifact dataset. */
  path: string | null;
  /** For a dataset cut from telemetry: where from, how, how many were asked for and how many were cut. */
  container_id: string | null;
  filters: unknown[] | null;
  requested_size: number | null;
  cut_size: number | null;
  owner_user_id: string | null;
  selected_metrics: Record<string, number> | null;
  structure: string[] | null;
  column_mappings: Record<string, unknown> | null;
  head_version: number;
  datapoint_count: number;
  created_at: string;
  updated_at: string;
}

export interface DatasetCreate {
  name: string;
  description?: string | null;
  type?: string;
  path?: string | null;
  tags?: string[];
  metadata?: Record<string, unknown>;
  /** Evaluation settings: {metric id: threshold 0..100}, the record columns, and column mappings. */
  selected_metrics?: Record<string, number> | null;
  structure?: string[] | null;
  column_mappings?: Record<string, unknown> | null;
  /** Set by the service from the caller's key, never by a client. */
  owner_user_id?: string | null;
}

/** Robot-learning dataset artifacts: they live at a Hugging Face style path, which they must have. */
export const ARTIFACT_TYPES = ['lerobot_v3', 'sarm_progress'] as const;

function checkArtifact(type: string, path: string | null | undefined): void {
  if ((ARTIFACT_TYPES as readonly string[]).includes(type) && !path) {
    throw invalid(`a ${type} dataset needs a path (owner/name)`, [{ field: 'path', message: `is required for type ${type}` }]);
  }
}

export type DatasetUpdate = Partial<DatasetCreate>;

export interface DatasetQuery extends PageRequest, store.DatasetFilter {
  sort: DatasetSort;
}

export const DEFAULT_DATASET_TYPE = 'custom';

/** Datasets: named, typed, tagged containers of versioned datapoints, one project each. */
export class DatasetService {
  constructor(private readonly store: Store) {}

  async create(projectId: string, input: DatasetCreate): Promise<Dataset> {
    checkArtifact(input.type ?? DEFAULT_DATASET_TYPE, input.path);
    const row = await uniquely(this.store, nameTakenMessage(input.name), () => store.insertDataset(this.store, newDatasetRow(projectId, input)));
    return toDataset(row);
  }

  async get(projectId: string, id: string): Promise<Dataset> {
    return toDataset(await this.row(projectId, id));
  }

  /** The stored row, for sibling services that need the internal sequence number. */
  async row(projectId: string, id: string): Promise<store.DatasetRow> {
    const row = await store.findLiveDataset(this.store, projectId, id);
    if (!row) throw notFound('dataset');
    return row;
  }

  async list(projectId: string, query: DatasetQuery): Promise<Page<Dataset>> {
    const tag = `ds:${query.sort}`;
    const after = cursorKey<[string, number]>(tag, query.cursor, ['string', 'number']);
    const filter = { type: query.type, tag: query.tag, search: query.search };
    const rows = await store.listLiveDatasets(this.store, projectId, filter, query.sort, after, query.limit + 1);
    return pageOf(rows, query.limit, tag, (r) => [store.sortKeyOf(query.sort, r), r.seq], toDataset);
  }

  async getByName(projectId: string, name: string): Promise<Dataset> {
    const row = await store.findLiveDatasetByName(this.store, projectId, name);
    if (!row) throw notFound('dataset');
    return toDataset(row);
  }

  /** Changes only the fields given, of the live dataset with this id (a string) or name. */
  async update(projectId: string, key: string | DatasetKey, patch: DatasetUpdate): Promise<Dataset> {
    if (patch.type !== undefined || patch.path !== undefined) {
      const k = keyOf(key);
      const current = 'id' in k ? await this.get(projectId, k.id) : await this.getByName(projectId, k.name);
      checkArtifact(patch.type ?? current.type, patch.path === undefined ? current.path : patch.path);
    }
    const row = await uniquely(this.store, nameTakenMessage(patch.name ?? ''), () =>
      store.updateLiveDataset(this.store, projectId, keyOf(key), {
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.description !== undefined && { description: patch.description }),
        ...(patch.type !== undefined && { type: patch.type }),
        ...(patch.path !== undefined && { path: patch.path }),
        ...(patch.tags !== undefined && { tags: JSON.stringify(patch.tags) }),
        ...(patch.metadata !== undefined && { metadata: JSON.stringify(patch.metadata) }),
        ...(patch.selected_metrics !== undefined && { selected_metrics: jsonOrNull(patch.selected_metrics) }),
        ...(patch.structure !== undefined && { structure: jsonOrNull(patch.structure) }),
        ...(patch.column_mappings !== undefined && { column_mappings: jsonOrNull(patch.column_mappings) }),
        updated_at: now(),
      }),
    );
    if (!row) throw notFound('dataset');
    return toDataset(row);
  }

  /** Soft delete: gone from every read, its name free again, its collections detached. */
  async remove(projectId: string, key: string | DatasetKey): Promise<void> {
    if (!(await store.softDeleteDataset(this.store, projectId, keyOf(key), now()))) throw notFound('dataset');
  }

  /**
   * A page by offset with the total, from one query; a second one counts only when the
   * page is past the end and so carries no total.
   */
  async offsetPage(
    projectId: string,
    query: { offset: number; limit: number; order: 'newest' | 'oldest'; container_id?: string },
  ): Promise<{ total: number; items: Dataset[] }> {
    const filter = { container_id: query.container_id };
    const rows = await store.pageWithTotal(this.store, projectId, filter, query.order, query.offset, query.limit);
    const total = rows.length ? Number(rows[0].total) : query.offset > 0 ? await store.countFilteredDatasets(this.store, projectId, filter) : 0;
    return { total, items: rows.map(toDataset) };
  }

}

export function newDatasetRow(projectId: string, input: DatasetCreate, at = now()): store.DatasetInsert {
  return {
    id: randomUUID(),
    project_id: projectId,
    name: input.name,
    description: input.description ?? null,
    type: input.type ?? DEFAULT_DATASET_TYPE,
    path: input.path ?? null,
    container_id: null,
    filters: null,
    requested_size: null,
    cut_size: null,
    owner_user_id: input.owner_user_id ?? null,
    selected_metrics: jsonOrNull(input.selected_metrics),
    structure: jsonOrNull(input.structure),
    column_mappings: jsonOrNull(input.column_mappings),
    tags: JSON.stringify(input.tags ?? []),
    metadata: JSON.stringify(input.metadata ?? {}),
    head_version: 0,
    datapoint_count: 0,
    created_at: at,
    updated_at: at,
    deleted_at: null,
  };
}

const jsonOrNull = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));
const parseOrNull = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

const keyOf = (key: string | DatasetKey): DatasetKey => (typeof key === 'string' ? { id: key } : key);

export const nameTakenMessage = (name: string) => `a dataset named "${name}" already exists in this project`;

export function toDataset(row: store.DatasetRow): Dataset {
  return {
    id: row.id,
    seq: row.seq,
    name: row.name,
    description: row.description,
    type: row.type,
    path: row.path,
    container_id: row.container_id,
    filters: row.filters === null ? null : JSON.parse(row.filters),
    requested_size: row.requested_size,
    cut_size: row.cut_size,
    owner_user_id: row.owner_user_id,
    selected_metrics: parseOrNull(row.selected_metrics),
    structure: parseOrNull(row.structure),
    column_mappings: parseOrNull(row.column_mappings),
    tags: JSON.parse(row.tags),
    metadata: JSON.parse(row.metadata),
    head_version: row.head_version,
    datapoint_count: row.datapoint_count,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
