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
        schema: { tags, summary: 'Create a job', body: JobCreate, response: { 201: Job } },
      },
      async (request, reply) => reply.code(201).send(await jobs.create(request.caller, request.body)),
    );

    app.get(
      '/jobs',
      {
        schema: { tags, summary: 'List jobs, newest first', querystring: PageQuery, response: { 200: Page(Job) } },
      },
      async (request) => jobs.list(request.caller, request.query),
    );

    app.get(
      '/jobs/:id',
      {
        schema: { tags, summary: 'Get a job', params: IdParams, response: { 200: Job } },
      },
      async (request) => jobs.get(request.caller, request.params.id),
    );

    app.post(
      '/jobs/:id/datasets',
      {
        schema: {
          tags,
          summary: 'Link a dataset to a job',
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
        schema: { tags, summary: "A job's dataset links", params: IdParams, querystring: PageQuery, response: { 200: Page(JobLink) } },
      },
      async (request) => jobs.linksOfJob(request.caller, request.params.id, request.query),
    );

    app.get(
      '/datasets/:id/jobs',
      {
        schema: { tags, summary: "A dataset's job links", params: IdParams, querystring: PageQuery, response: { 200: Page(JobLink) } },
      },
      async (request) => jobs.linksOfDataset(request.caller, request.params.id, request.query),
    );
  };
