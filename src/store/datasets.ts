import { sql, type Updateable } from 'kysely';
import type { Queryable } from './store.js';
import type { DatasetTable } from './schema.js';

export type DatasetRow = Omit<DatasetTable, 'seq'> & { seq: number };
export type DatasetInsert = Omit<DatasetTable, 'seq'>;
export type DatasetPatch = Updateable<Pick<DatasetTable, 'name' | 'description' | 'type' | 'path' | 'tags' | 'metadata' | 'cut_size' | 'selected_metrics' | 'structure' | 'column_mappings'>>;

export type DatasetSort = 'newest' | 'oldest' | 'updated' | 'name' | 'path';

export interface DatasetFilter {
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

/** The value of a row's sort key, for its cursor. */
export function sortKeyOf(sort: DatasetSort, row: DatasetRow): string {
  if (sort === 'name' || sort === 'path') return (sort === 'name' ? row.name : row.path ?? '').replace(/[A-Z]/g, (c) => c.toLowerCase());
  return sort === 'updated' ? row.updated_at : row.created_at;
}

export async function insertDataset(q: Queryable, row: DatasetInsert): Promise<DatasetRow> {
  return q.db.insertInto('datasets').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findLiveDataset(q: Queryable, projectId: string, id: string): Promise<DatasetRow | undefined> {
  return q.db
    .selectFrom('datasets')
    .selectAll()
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export function findLiveDatasetByName(q: Queryable, projectId: string, name: string): Promise<DatasetRow | undefined> {
  return q.db
    .selectFrom('datasets')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('name', '=', name)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Escapes LIKE wildcards so a search matches its text literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filtered(q: Queryable, projectId: string, filter: DatasetFilter) {
  let query = q.db.selectFrom('datasets').where('project_id', '=', projectId).where('deleted_at', 'is', null);
  if (filter.type !== undefined) query = query.where('type', '=', filter.type);
  if (filter.types !== undefined) query = query.where('type', 'in', [...filter.types]);
  if (filter.tag !== undefined) query = query.where(q.dialect.jsonArrayContains('tags', filter.tag));
  if (filter.search !== undefined) query = query.where(sql<boolean>`lower(name) like ${likePattern(filter.search.toLowerCase())} escape '\\'`);
  if (filter.pathSearch !== undefined) query = query.where(sql<boolean>`lower(path) like ${likePattern(filter.pathSearch.toLowerCase())} escape '\\'`);
  if (filter.container_id !== undefined) query = query.where('container_id', '=', filter.container_id);
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

export function listLiveDatasets(
  q: Queryable,
  projectId: string,
  filter: DatasetFilter,
  sort: DatasetSort,
  after: [string, number] | null,
  limit: number,
): Promise<DatasetRow[]> {
  const { key, direction } = SORTS[sort];
  let query = filtered(q, projectId, filter).selectAll();
  if (after) {
    query = query.where(sql<boolean>`(${key}, seq) ${sql.raw(direction === 'asc' ? '>' : '<')} (${after[0]}, ${after[1]})`);
  }
  return query.orderBy(key, direction).orderBy('seq', direction).limit(limit).execute();
}

export async function countFilteredDatasets(q: Queryable, projectId: string, filter: DatasetFilter): Promise<number> {
  const row = await filtered(q, projectId, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateLiveDataset(
  q: Queryable,
  projectId: string,
  key: DatasetKey,
  patch: DatasetPatch & { updated_at: string },
): Promise<DatasetRow | undefined> {
  return q.db
    .updateTable('datasets')
    .set(patch)
    .where('id' in key ? 'id' : 'name', '=', 'id' in key ? key.id : key.name)
    .where('project_id', '=', projectId)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export type DatasetKey = { id: string } | { name: string };

/** Soft-deletes a live dataset, by id or name; a trigger detaches its collections in the same statement. */
export async function softDeleteDataset(q: Queryable, projectId: string, key: DatasetKey, at: string): Promise<boolean> {
  const result = await q.db
    .updateTable('datasets')
    .set({ deleted_at: at, updated_at: at })
    .where('id' in key ? 'id' : 'name', '=', 'id' in key ? key.id : key.name)
    .where('project_id', '=', projectId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * One page by offset, each row carrying the filtered total (a window count): page and
 * total in one query. Only for surfaces whose wire format numbers pages or offsets;
 * datasets are few enough per project for OFFSET.
 */
export function pageWithTotal(
  q: Queryable,
  projectId: string,
  filter: DatasetFilter,
  order: 'newest' | 'oldest',
  offset: number,
  limit: number,
): Promise<(DatasetRow & { total: number })[]> {
  const direction = order === 'newest' ? 'desc' : 'asc';
  return filtered(q, projectId, filter)
    .selectAll()
    .select((eb) => eb.fn.countAll<number>().over().as('total'))
    .orderBy('created_at', direction)
    .orderBy('seq', direction)
    .offset(offset)
    .limit(limit)
    .execute();
}
