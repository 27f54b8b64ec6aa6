import { sql, type Selectable } from 'kysely';
import type { Dataset, DatasetKey, DatasetUpdate, NewDataset } from '../model/datasets.js';
import type { DatasetTable } from './schema.js';
import type { Queryable } from './store.js';
import { accessible } from './reach.js';
import type { Filter } from '../model/telemetry.js';
import { compileFilter, type FilterColumns } from './filters.js';

type DatasetRow = Selectable<DatasetTable>;

export type DatasetSort = 'newest' | 'oldest' | 'updated' | 'name' | 'path';

export interface DatasetFilter {
  /** Also the live datasets shared with this user (or the project's namespace, or everyone); with `only`, just those. */
  sharedWith?: { userId: string | null; only: boolean };
  type?: string;
  /** Any of these types. */
  types?: readonly string[];
  tag?: string;
  /** Substring of the name, case-insensitive, wildcards literal. */
  search?: string;
  /** Substring of the path, likewise. */
  pathSearch?: string;
  /** Linked to a job: this one, in this direction (both on the same link when both are given). */
  link?: { job_id?: string; direction?: string };
  /** Cut from this telemetry container. */
  container_id?: string;
  /** Exactly this name. */
  name?: string;
  ids?: string[];
  /** Checked filters on the dataset's fields (its metadata), all of which must hold. */
  filters?: Filter[];
}

/** Where each field a dataset filter may name lives in `datasets`. */
const FILTER_COLUMNS: FilterColumns = { metadata: 'datasets.metadata' };

const parseOrNull = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));
const jsonOrNull = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

/** How far search indexing has got with a dataset: its first version not wholly indexed (see `indexing`). */
type IndexedRow = DatasetRow & { unindexed_from?: number | null };

/** The selection that reads `unindexed_from`, beside a dataset row's columns. */
export const indexing = (q: Queryable) => q.dialect.search.unindexedFrom(sql.ref('datasets.seq')).as('unindexed_from');

export function toDataset(row: IndexedRow): Dataset {
  const unindexed = row.unindexed_from ?? null;
  return {
    id: row.id,
    seq: row.seq,
    name: row.name,
    description: row.description,
    type: row.type,
    path: row.path,
    container_id: row.container_id,
    filters: parseOrNull(row.filters),
    requested_size: row.requested_size,
    cut_size: row.cut_size,
    owner_user_id: row.owner_user_id,
    selected_metrics: parseOrNull(row.selected_metrics),
    structure: parseOrNull(row.structure),
    column_mappings: parseOrNull(row.column_mappings),
    item_schemas: parseOrNull(row.item_schemas),
    tags: JSON.parse(row.tags) as string[],
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    head_version: row.head_version,
    indexed_version: unindexed === null ? row.head_version : Math.min(row.head_version, Number(unindexed) - 1),
    datapoint_count: row.datapoint_count,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/**
 * Sort keys, each followed by seq so the order is total. Names sort case-insensitively
 * (ASCII) and byte-wise on both stores (PostgreSQL's name column is COLLATE "C").
 */
const SORTS = {
  newest: { key: sql<string>`created_at`, direction: 'desc' },
  oldest: { key: sql<string>`created_at`, direction: 'asc' },
  updated: { key: sql<string>`updated_at`, direction: 'desc' },
  name: { key: sql<string>`lower(name)`, direction: 'asc' },
  path: { key: sql<string>`lower(path)`, direction: 'asc' },
} as const;

/** The value of a dataset's sort key, for its cursor. */
export function sortKeyOf(sort: DatasetSort, dataset: Dataset): string {
  if (sort === 'name' || sort === 'path')
    return (sort === 'name' ? dataset.name : (dataset.path ?? '')).replace(/[A-Z]/g, (c) => c.toLowerCase());
  return sort === 'updated' ? dataset.updated_at : dataset.created_at;
}

export async function insertDataset(q: Queryable, dataset: NewDataset): Promise<Dataset> {
  const row = await q.db
    .insertInto('datasets')
    .values({
      id: dataset.id,
      project_id: dataset.project_id,
      name: dataset.name,
      description: dataset.description ?? null,
      type: dataset.type!,
      path: dataset.path ?? null,
      repo_name: dataset.repo_name,
      container_id: dataset.container_id ?? null,
      filters: jsonOrNull(dataset.filters),
      requested_size: dataset.requested_size ?? null,
      cut_size: null,
      owner_user_id: dataset.owner_user_id,
      selected_metrics: jsonOrNull(dataset.selected_metrics),
      structure: jsonOrNull(dataset.structure),
      column_mappings: jsonOrNull(dataset.column_mappings),
      item_schemas: null,
      tags: JSON.stringify(dataset.tags ?? []),
      metadata: JSON.stringify(dataset.metadata ?? {}),
      head_version: 0,
      datapoint_count: 0,
      created_at: dataset.created_at,
      updated_at: dataset.created_at,
      deleted_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toDataset(row);
}

const byKey = (key: DatasetKey) =>
  'id' in key ? (['id', key.id] as const) : 'name' in key ? (['name', key.name] as const) : (['repo_name', key.repo] as const);

export async function findLiveDataset(q: Queryable, projectId: string, key: DatasetKey): Promise<Dataset | undefined> {
  const [column, value] = byKey(key);
  const row = await q.db
    .selectFrom('datasets')
    .selectAll()
    .select(indexing(q))
    .where(column, '=', value)
    .where('project_id', '=', projectId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row && toDataset(row);
}

/** Escapes LIKE wildcards so a search matches its text literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filtered(q: Queryable, projectId: string, filter: DatasetFilter) {
  const { sharedWith } = filter;
  let query = sharedWith
    ? q.db.selectFrom('datasets').where((eb) => accessible(eb, { projectId, userId: sharedWith.userId }))
    : q.db.selectFrom('datasets').where('project_id', '=', projectId).where('deleted_at', 'is', null);
  if (sharedWith?.only) query = query.where('project_id', '<>', projectId);
  if (filter.type !== undefined) query = query.where('type', '=', filter.type);
  if (filter.types !== undefined)
    query = filter.types.length ? query.where('type', 'in', [...filter.types]) : query.where(sql<boolean>`1 = 0`);
  if (filter.tag !== undefined) query = query.where(q.dialect.jsonArrayContains('tags', filter.tag));
  if (filter.search !== undefined)
    query = query.where(sql<boolean>`lower(name) like ${likePattern(filter.search.toLowerCase())} escape '\\'`);
  if (filter.pathSearch !== undefined)
    query = query.where(sql<boolean>`lower(path) like ${likePattern(filter.pathSearch.toLowerCase())} escape '\\'`);
  if (filter.container_id !== undefined) query = query.where('container_id', '=', filter.container_id);
  if (filter.name !== undefined) query = query.where('name', '=', filter.name);
  if (filter.ids !== undefined) query = filter.ids.length ? query.where('id', 'in', filter.ids) : query.where(sql<boolean>`1 = 0`);
  for (const f of filter.filters ?? []) query = query.where(compileFilter(q.dialect, FILTER_COLUMNS, f));
  const link = filter.link;
  if (link) {
    query = query.where((eb) => {
      let linked = eb.selectFrom('job_datasets').select('job_id').whereRef('job_datasets.dataset_id', '=', 'datasets.id');
      if (link.job_id !== undefined) linked = linked.where('job_id', '=', link.job_id);
      if (link.direction !== undefined) linked = linked.where('direction', '=', link.direction);
      return eb.exists(linked);
    });
  }
  return query;
}

export async function listLiveDatasets(
  q: Queryable,
  projectId: string,
  filter: DatasetFilter,
  sort: DatasetSort,
  after: [string, number] | null,
  limit: number,
): Promise<Dataset[]> {
  const { key, direction } = SORTS[sort];
  let query = filtered(q, projectId, filter).selectAll().select(indexing(q));
  if (after) {
    query = query.where(sql<boolean>`(${key}, seq) ${sql.raw(direction === 'asc' ? '>' : '<')} (${after[0]}, ${after[1]})`);
  }
  const rows = await query.orderBy(key, direction).orderBy('seq', direction).limit(limit).execute();
  return rows.map(toDataset);
}

export async function countFilteredDatasets(q: Queryable, projectId: string, filter: DatasetFilter): Promise<number> {
  const row = await filtered(q, projectId, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What a change to a dataset may set, besides the fields a client sets. */
export interface DatasetChange extends DatasetUpdate {
  repo_name?: string;
  cut_size?: number;
  updated_at: string;
}

export async function updateLiveDataset(
  q: Queryable,
  projectId: string,
  key: DatasetKey,
  change: DatasetChange,
): Promise<Dataset | undefined> {
  const [column, value] = byKey(key);
  const row = await q.db
    .updateTable('datasets')
    .set({
      ...(change.name !== undefined && { name: change.name }),
      ...(change.description !== undefined && { description: change.description }),
      ...(change.type !== undefined && { type: change.type }),
      ...(change.path !== undefined && { path: change.path }),
      ...(change.repo_name !== undefined && { repo_name: change.repo_name }),
      ...(change.tags !== undefined && { tags: JSON.stringify(change.tags) }),
      ...(change.metadata !== undefined && { metadata: JSON.stringify(change.metadata) }),
      ...(change.selected_metrics !== undefined && { selected_metrics: jsonOrNull(change.selected_metrics) }),
      ...(change.structure !== undefined && { structure: jsonOrNull(change.structure) }),
      ...(change.column_mappings !== undefined && { column_mappings: jsonOrNull(change.column_mappings) }),
      ...(change.cut_size !== undefined && { cut_size: change.cut_size }),
      updated_at: change.updated_at,
    })
    .where(column, '=', value)
    .where('project_id', '=', projectId)
    .where('deleted_at', 'is', null)
    .returningAll()
    .returning(indexing(q))
    .executeTakeFirst();
  return row && toDataset(row);
}

/** Soft-deletes a live dataset, by id or name, returning its id; a trigger detaches its collections in the same statement. */
export async function softDeleteDataset(q: Queryable, projectId: string, key: DatasetKey, at: string): Promise<string | undefined> {
  const [column, value] = byKey(key);
  const row = await q.db
    .updateTable('datasets')
    .set({ deleted_at: at, updated_at: at })
    .where(column, '=', value)
    .where('project_id', '=', projectId)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** Sets (or, with null, removes) a live dataset's item schemas. */
export async function setItemSchemas(
  q: Queryable,
  projectId: string,
  id: string,
  schemas: object | null,
  at: string,
): Promise<Dataset | undefined> {
  const row = await q.db
    .updateTable('datasets')
    .set({ item_schemas: jsonOrNull(schemas), updated_at: at })
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .where('deleted_at', 'is', null)
    .returningAll()
    .returning(indexing(q))
    .executeTakeFirst();
  return row && toDataset(row);
}

/** Brings back a dataset deleted at or after `since`, by id; undefined when there is none such. */
export async function undeleteDataset(
  q: Queryable,
  projectId: string,
  id: string,
  since: string,
  at: string,
): Promise<Dataset | undefined> {
  const row = await q.db
    .updateTable('datasets')
    .set({ deleted_at: null, updated_at: at })
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .where('deleted_at', '>=', since)
    .returningAll()
    .returning(indexing(q))
    .executeTakeFirst();
  return row && toDataset(row);
}

/**
 * Removes a dataset that never held a version (a dataset made for an import the file
 * failed): no version, no staged rows, nothing else refers to it.
 */
export async function removeUnfilledDataset(q: Queryable, projectId: string, id: string): Promise<void> {
  await q.db
    .deleteFrom('datasets')
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .where('head_version', '=', 0)
    .where('staged_version', 'is', null)
    .execute();
}

/** The name and repository name of a deleted dataset, for messages. */
export async function deletedDatasetNames(
  q: Queryable,
  projectId: string,
  id: string,
): Promise<{ name: string; repo_name: string } | undefined> {
  const row = await q.db
    .selectFrom('datasets')
    .select(['name', 'repo_name'])
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .where('deleted_at', 'is not', null)
    .executeTakeFirst();
  return row && { name: row.name, repo_name: row.repo_name ?? row.name };
}

/**
 * One page by offset, with the filtered total from a window count: page and total in
 * one query. Only for surfaces whose wire format numbers pages or offsets; datasets are
 * few enough per project for OFFSET.
 */
export async function pageWithTotal(
  q: Queryable,
  projectId: string,
  filter: DatasetFilter,
  order: 'newest' | 'oldest',
  offset: number,
  limit: number,
): Promise<{ total: number | null; items: Dataset[] }> {
  const direction = order === 'newest' ? 'desc' : 'asc';
  const rows = await filtered(q, projectId, filter)
    .selectAll()
    .select(indexing(q))
    .select((eb) => eb.fn.countAll<number>().over().as('total'))
    .orderBy('created_at', direction)
    .orderBy('seq', direction)
    .offset(offset)
    .limit(limit)
    .execute();
  return { total: rows.length ? Number(rows[0].total) : null, items: rows.map(toDataset) };
}
