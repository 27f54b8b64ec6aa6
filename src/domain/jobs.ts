import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import * as store from '../store/jobs.js';
import { now } from './clock.js';
import type { Page } from './cursor.js';
import { notFound } from './errors.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import { uniquely } from './unique.js';
import type { DatasetService } from './datasets.js';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const DIRECTIONS = ['input', 'output'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export interface Job {
  id: string;
  name: string;
  kind: string;
  status: JobStatus;
  created_at: string;
  updated_at: string;
}

export interface JobLink {
  job_id: string;
  dataset_id: string;
  direction: Direction;
  created_at: string;
}

/** Jobs (training, evaluation, conversion runs…) and the datasets they read and write. */
export class JobService {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
  ) {}

  async create(projectId: string, input: { name: string; kind: string; status?: JobStatus }): Promise<Job> {
    const at = now();
    const row = await store.insertJob(this.store, {
      id: randomUUID(),
      project_id: projectId,
      name: input.name,
      kind: input.kind,
      status: input.status ?? 'queued',
      created_at: at,
      updated_at: at,
    });
    return toJob(row);
  }

  async get(projectId: string, id: string): Promise<Job> {
    const row = await store.findJob(this.store, projectId, id);
    if (!row) throw notFound('job');
    return toJob(row);
  }

  async list(projectId: string, page: PageRequest): Promise<Page<Job>> {
    const after = cursorKey<[number]>('job', page.cursor, ['number']);
    const rows = await store.listJobs(this.store, projectId, after?.[0] ?? null, page.limit + 1);
    return pageOf(rows, page.limit, 'job', (r) => [r.seq], toJob);
  }

  /** Links a dataset of the same project to a job; the same link twice is a 409. */
  async link(projectId: string, jobId: string, input: { dataset_id: string; direction: Direction }): Promise<JobLink> {
    await this.get(projectId, jobId);
    await this.datasets.row(projectId, input.dataset_id);
    const row = { job_id: jobId, dataset_id: input.dataset_id, direction: input.direction, created_at: now() };
    await uniquely(this.store, `the dataset is already linked to this job as ${input.direction}`, () => store.insertLink(this.store, row));
    return row;
  }

  async linksOfJob(projectId: string, jobId: string, page: PageRequest): Promise<Page<JobLink>> {
    await this.get(projectId, jobId);
    return this.links({ job_id: jobId }, page);
  }

  async linksOfDataset(projectId: string, datasetId: string, page: PageRequest): Promise<Page<JobLink>> {
    await this.datasets.row(projectId, datasetId);
    return this.links({ dataset_id: datasetId }, page);
  }

  private async links(by: { job_id: string } | { dataset_id: string }, page: PageRequest): Promise<Page<JobLink>> {
    const after = cursorKey<[string, string, string]>('link', page.cursor, ['string', 'string', 'string']);
    const rows = await store.listLinks(this.store, by, after, page.limit + 1);
    const other = (r: store.LinkRow) => ('job_id' in by ? r.dataset_id : r.job_id);
    return pageOf(rows, page.limit, 'link', (r) => [r.created_at, other(r), r.direction], (r) => r as JobLink);
  }
}

function toJob(row: store.JobRow): Job {
  return { id: row.id, name: row.name, kind: row.kind, status: row.status as JobStatus, created_at: row.created_at, updated_at: row.updated_at };
}
