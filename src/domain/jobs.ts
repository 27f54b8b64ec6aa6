import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import * as store from '../store/jobs.js';
import type { Job, JobCreate, JobLink, LinkCreate } from '../model/jobs.js';
import { projectOf, type Caller } from './caller.js';
import { isoAt, type Clock } from './clock.js';
import type { Page } from './cursor.js';
import { notFound } from './errors.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import { uniquely } from './unique.js';
import type { DatasetService } from './datasets.js';

/** Jobs (training, evaluation, conversion runs…) and the datasets they read and write. */
export class JobService {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    private readonly clock: Clock,
  ) {}

  create(caller: Caller, input: JobCreate): Promise<Job> {
    return store.insertJob(this.store, {
      ...input,
      status: input.status ?? 'queued',
      id: randomUUID(),
      project_id: projectOf(caller),
      created_at: isoAt(this.clock),
    });
  }

  async get(caller: Caller, id: string): Promise<Job> {
    const found = await store.findJob(this.store, projectOf(caller), id);
    if (!found) throw notFound('job');
    return found;
  }

  async list(caller: Caller, page: PageRequest): Promise<Page<Job>> {
    const after = cursorKey<[number]>('job', page.cursor, ['integer']);
    const rows = await store.listJobs(this.store, projectOf(caller), after?.[0] ?? null, page.limit + 1);
    return pageOf(
      rows,
      page.limit,
      'job',
      (r) => [r.seq],
      (r) => r.job,
    );
  }

  /** Links a dataset of the same project to a job; the same link twice is a 409. */
  async link(caller: Caller, jobId: string, input: LinkCreate): Promise<JobLink> {
    await this.get(caller, jobId);
    await this.datasets.get(caller, input.dataset_id);
    const link = { job_id: jobId, dataset_id: input.dataset_id, direction: input.direction, created_at: isoAt(this.clock) };
    await uniquely(this.store, { job_link: `the dataset is already linked to this job as ${input.direction}` }, () =>
      store.insertLink(this.store, link),
    );
    return link;
  }

  async linksOfJob(caller: Caller, jobId: string, page: PageRequest): Promise<Page<JobLink>> {
    await this.get(caller, jobId);
    return this.links({ job_id: jobId }, page);
  }

  async linksOfDataset(caller: Caller, datasetId: string, page: PageRequest): Promise<Page<JobLink>> {
    await this.datasets.get(caller, datasetId);
    return this.links({ dataset_id: datasetId }, page);
  }

  private async links(by: { job_id: string } | { dataset_id: string }, page: PageRequest): Promise<Page<JobLink>> {
    const after = cursorKey<[string, string, string]>('link', page.cursor, ['string', 'string', 'string']);
    const rows = await store.listLinks(this.store, by, after, page.limit + 1);
    const other = (l: JobLink) => ('job_id' in by ? l.dataset_id : l.job_id);
    return pageOf(
      rows,
      page.limit,
      'link',
      (l) => [l.created_at, other(l), l.direction],
      (l) => l,
    );
  }
}
