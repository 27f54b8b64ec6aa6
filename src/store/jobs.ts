import type { Queryable } from './store.js';
import type { JobDatasetTable, JobTable } from './schema.js';

export type JobRow = Omit<JobTable, 'seq'> & { seq: number };
export type LinkRow = JobDatasetTable;

export function insertJob(q: Queryable, row: Omit<JobTable, 'seq'>): Promise<JobRow> {
  return q.db.insertInto('jobs').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findJob(q: Queryable, projectId: string, id: string): Promise<JobRow | undefined> {
  return q.db.selectFrom('jobs').selectAll().where('id', '=', id).where('project_id', '=', projectId).executeTakeFirst();
}

export function listJobs(q: Queryable, projectId: string, afterSeq: number | null, limit: number): Promise<JobRow[]> {
  let query = q.db.selectFrom('jobs').selectAll().where('project_id', '=', projectId).orderBy('seq', 'desc').limit(limit);
  if (afterSeq !== null) query = query.where('seq', '<', afterSeq);
  return query.execute();
}

export async function insertLink(q: Queryable, row: LinkRow): Promise<void> {
  await q.db.insertInto('job_datasets').values(row).execute();
}

/** Links of one job, or of one dataset, oldest first, keyset on (created_at, other id, direction). */
export function listLinks(
  q: Queryable,
  by: { job_id: string } | { dataset_id: string },
  after: [string, string, string] | null,
  limit: number,
): Promise<LinkRow[]> {
  const other = 'job_id' in by ? 'dataset_id' : 'job_id';
  let query = q.db
    .selectFrom('job_datasets')
    .selectAll()
    .where('job_id' in by ? 'job_id' : 'dataset_id', '=', 'job_id' in by ? by.job_id : by.dataset_id)
    .orderBy('created_at')
    .orderBy(other)
    .orderBy('direction')
    .limit(limit);
  if (after) query = query.where((eb) => eb(eb.refTuple('created_at', other, 'direction'), '>', eb.tuple(after[0], after[1], after[2])));
  return query.execute();
}

/** Every link of these datasets, for decorating a page of them. */
export function linksOfDatasets(q: Queryable, datasetIds: string[]): Promise<LinkRow[]> {
  if (datasetIds.length === 0) return Promise.resolve([]);
  return q.db.selectFrom('job_datasets').selectAll().where('dataset_id', 'in', datasetIds).orderBy('created_at').orderBy('job_id').execute();
}
