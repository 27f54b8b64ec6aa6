import { sql, type Updateable } from 'kysely';
import type { Queryable } from './store.js';
import type { DatasetTable } from './schema.js';

export type DatasetRow = Omit<DatasetTable, 'seq'> & { seq: number };
export type DatasetInsert = Omit<DatasetTable, 'seq'>;
export type DatasetPatch = Updateable<Pick<DatasetTable, 'name' | 'description' | 'type' | 'tags' | 'metadata'>>;

export type DatasetSort = 'newest' | 'oldest' | 'updated' | 'name';

export interface DatasetFilter {
  type?: string;
  tag?: string;
  search?: string;
}

const SORTS = {
  newest: { column: 'created_at', direction: 'desc' },
  oldest: { column: 'created_at', direction: 'asc' },
  updated: { column: 'updated_at', direction: 'desc' },
  name: { column: 'name', direction: 'asc' },
} as const;

export function sortColumn(sort: DatasetSort): 'created_at' | 'updated_at' | 'name' {
  return SORTS[sort].column;
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

/** Escapes LIKE wildcards so a search matches its text literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function listLiveDatasets(
  q: Queryable,
  projectId: string,
  filter: DatasetFilter,
  sort: DatasetSort,
  after: [string, number] | null,
  limit: number,
): Promise<DatasetRow[]> {
  const { column, direction } = SORTS[sort];
  let query = q.db
    .selectFrom('datasets')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('deleted_at', 'is', null);
  if (filter.type !== undefined) query = query.where('type', '=', filter.type);
  if (filter.tag !== undefined) query = query.where(q.dialect.jsonArrayContains('tags', filter.tag));
  if (filter.search !== undefined) {
    query = query.where(sql<boolean>`lower(name) like ${likePattern(filter.search.toLowerCase())} escape '\\'`);
  }
  if (after) {
    query = query.where((eb) =>
      eb(eb.refTuple(column, 'seq'), direction === 'asc' ? '>' : '<', eb.tuple(after[0], after[1])),
    );
  }
  return query.orderBy(column, direction).orderBy('seq', direction).limit(limit).execute();
}

export async function updateLiveDataset(
  q: Queryable,
  projectId: string,
  id: string,
  patch: DatasetPatch & { updated_at: string },
): Promise<DatasetRow | undefined> {
  return q.db
    .updateTable('datasets')
    .set(patch)
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Soft-deletes a live dataset; its collections stay, detached. */
export async function softDeleteDataset(q: Queryable, projectId: string, id: string, at: string): Promise<boolean> {
  const result = await q.db
    .updateTable('datasets')
    .set({ deleted_at: at, updated_at: at })
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return false;
  await q.db.updateTable('collections').set({ dataset_id: null, updated_at: at }).where('dataset_id', '=', id).execute();
  return true;
}
