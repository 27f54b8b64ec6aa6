import type { Author } from '../model/dataset-extras.js';
import type { Queryable } from './store.js';

/** Every key (and user) that committed a version of the dataset, with their names. */
export async function authorsOf(q: Queryable, datasetSeq: number): Promise<Author[]> {
  const rows = await q.db
    .selectFrom('dataset_versions as v')
    .leftJoin('api_keys as k', 'k.id', 'v.key_id')
    .leftJoin('users as u', 'u.id', 'v.user_id')
    .select(['v.key_id', 'k.name as key_name', 'v.user_id', (eb) => eb.fn.coalesce('u.name', 'u.email').as('user_name')])
    .distinct()
    .where('v.dataset_seq', '=', datasetSeq)
    .where('v.key_id', 'is not', null)
    .execute();
  return rows.map((r) => ({ key_id: r.key_id!, key_name: r.key_name ?? null, user_id: r.user_id, user_name: r.user_name ?? null }));
}

export interface DeletedRow {
  id: string;
  name: string;
  type: string;
  datapoint_count: number;
  head_version: number;
  deleted_at: string;
}

/** A project's datasets deleted since `since`, most recently deleted first; keyset before (deleted_at, id). */
export async function pageDeleted(
  q: Queryable,
  projectId: string,
  since: string,
  before: [string, string] | null,
  limit: number,
): Promise<DeletedRow[]> {
  let query = q.db
    .selectFrom('datasets')
    .select(['id', 'name', 'type', 'datapoint_count', 'head_version', 'deleted_at'])
    .where('project_id', '=', projectId)
    .where('deleted_at', '>=', since);
  if (before) query = query.where((eb) => eb(eb.refTuple('deleted_at', 'id'), '<', eb.tuple(before[0], before[1])));
  const rows = await query.orderBy('deleted_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    ...r,
    datapoint_count: Number(r.datapoint_count),
    head_version: Number(r.head_version),
    deleted_at: r.deleted_at!,
  }));
}
