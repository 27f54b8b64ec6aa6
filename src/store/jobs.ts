import type { Direction, Job, JobLink, JobStatus } from '../model/jobs.js';
import type { Queryable } from './store.js';

export interface NewJob {
  id: string;
  project_id: string;
  name: string;
  kind: string;
  status: JobStatus;
  created_at: string;
}

const JOB_COLUMNS = ['id', 'name', 'kind', 'status', 'created_at', 'updated_at', 'seq'] as const;
const toJob = ({ seq: _seq, status, ...row }: { seq: number; status: string } & Omit<Job, 'status'>): Job => ({
  ...row,
  status: status as JobStatus,
});
const toLink = (row: { job_id: string; dataset_id: string; direction: string; created_at: string }): JobLink => ({
  ...row,
  direction: row.direction as Direction,
});

export async function insertJob(q: Queryable, job: NewJob): Promise<Job> {
  const row = await q.db
    .insertInto('jobs')
    .values({ ...job, updated_at: job.created_at })
    .returning(JOB_COLUMNS)
    .executeTakeFirstOrThrow();
  return toJob(row);
}

export async function findJob(q: Queryable, projectId: string, id: string): Promise<Job | undefined> {
  const row = await q.db.selectFrom('jobs').select(JOB_COLUMNS).where('id', '=', id).where('project_id', '=', projectId).executeTakeFirst();
  return row && toJob(row);
}

/** Jobs newest first, each with its keyset position (seq). */
export async function listJobs(
  q: Queryable,
  projectId: string,
  beforeSeq: number | null,
  limit: number,
): Promise<{ seq: number; job: Job }[]> {
  let query = q.db.selectFrom('jobs').select(JOB_COLUMNS).where('project_id', '=', projectId).orderBy('seq', 'desc').limit(limit);
  if (beforeSeq !== null) query = query.where('seq', '<', beforeSeq);
  return (await query.execute()).map((row) => ({ seq: row.seq, job: toJob(row) }));
}

export async function insertLink(q: Queryable, link: JobLink): Promise<void> {
  await q.db.insertInto('job_datasets').values(link).execute();
}

/** Links of one job, or of one dataset, oldest first, keyset on (created_at, other id, direction). */
export async function listLinks(
  q: Queryable,
  by: { job_id: string } | { dataset_id: string },
  after: [string, string, string] | null,
  limit: number,
): Promise<JobLink[]> {
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
  return (await query.execute()).map(toLink);
}

/** Every link of these datasets, for decorating a page of them. */
export async function linksOfDatasets(q: Queryable, datasetIds: string[]): Promise<JobLink[]> {
  if (datasetIds.length === 0) return [];
  const rows = await q.db
    .selectFrom('job_datasets')
    .selectAll()
    .where('dataset_id', 'in', datasetIds)
    .orderBy('created_at')
    .orderBy('job_id')
    .execute();
  return rows.map(toLink);
}
