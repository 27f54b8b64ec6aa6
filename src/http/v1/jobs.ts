import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../domain/services.js';
import { Job, JobCreate, JobLink, LinkCreate } from '../../model/jobs.js';
import { IdParams, Page, PageQuery, problems } from './schemas.js';

const tags = ['jobs'];

/** Jobs and the datasets they read (input) and write (output). */
export const jobRoutes =
  ({ jobs }: Pick<Services, 'jobs'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/jobs',
      {
        schema: {
          tags,
          summary: 'Create a job',
          operationId: 'createJob',
          description: 'A training or evaluation job, which dataset artifacts can be linked to.',
          body: JobCreate,
          response: { 201: Job },
        },
      },
      async (request, reply) => reply.code(201).send(await jobs.create(request.caller, request.body)),
    );

    app.get(
      '/jobs',
      {
        schema: {
          tags,
          summary: 'List jobs, newest first',
          operationId: 'listJobs',
          description: 'The jobs of this project, newest first, a cursor page at a time.',
          querystring: PageQuery,
          response: { 200: Page(Job) },
        },
      },
      async (request) => jobs.list(request.caller, request.query),
    );

    app.get(
      '/jobs/:id',
      {
        schema: {
          tags,
          summary: 'Get a job',
          operationId: 'getJob',
          description: 'One job with its status and metadata.',
          params: IdParams,
          response: { 200: Job },
        },
      },
      async (request) => jobs.get(request.caller, request.params.id),
    );

    app.post(
      '/jobs/:id/datasets',
      {
        schema: {
          tags,
          summary: 'Link a dataset to a job',
          operationId: 'linkJobDataset',
          description: 'Records that a job used (or produced) a dataset, with the role it played. A link made twice is 409.',
          params: IdParams,
          body: LinkCreate,
          response: { 201: JobLink, ...problems(409) },
        },
      },
      async (request, reply) => reply.code(201).send(await jobs.link(request.caller, request.params.id, request.body)),
    );

    app.get(
      '/jobs/:id/datasets',
      {
        schema: {
          tags,
          summary: "A job's dataset links",
          operationId: 'listJobDatasets',
          description: 'The datasets linked to a job, with their roles.',
          params: IdParams,
          querystring: PageQuery,
          response: { 200: Page(JobLink) },
        },
      },
      async (request) => jobs.linksOfJob(request.caller, request.params.id, request.query),
    );

    app.get(
      '/datasets/:id/jobs',
      {
        schema: {
          tags,
          summary: "A dataset's job links",
          operationId: 'listDatasetJobs',
          description: 'The jobs a dataset is linked to, with their roles.',
          params: IdParams,
          querystring: PageQuery,
          response: { 200: Page(JobLink) },
        },
      },
      async (request) => jobs.linksOfDataset(request.caller, request.params.id, request.query),
    );
  };
