import { sql } from 'kysely';
import { LIVE } from './datapoint-rows.js';
import { chunks } from './versions.js';
import type { Queryable } from './store.js';

/**
 * The live dataset of the project whose head holds each of these datapoints. Datapoint
 * ids are unique, but only indexed with their dataset: the project's datasets are few,
 * so each is probed by (dataset, id).
 */
export async function headDatasetsOf(q: Queryable, projectId: string, ids: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const chunk of chunks([...new Set(ids)])) {
    const rows = await q.db
      .selectFrom('datasets as s')
      .innerJoin('datapoints as d', 'd.dataset_seq', 's.seq')
      .select(['d.id as datapoint_id', 's.id as dataset_id'])
      .where('s.project_id', '=', projectId)
      .where('s.deleted_at', 'is', null)
      .where('d.id', 'in', chunk)
      .where(sql<boolean>`d.valid_to = ${LIVE}`)
      .execute();
    for (const row of rows) found.set(row.datapoint_id, row.dataset_id);
  }
  return found;
}
