import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { projectOf } from '../../domain/caller.js';
import type { Services } from '../../domain/services.js';
import { IdParams, Page, PageQuery, problems } from './schemas/common.js';
import * as s from './schemas/jobs.js';

const tags = ['jobs'];

/** Jobs and the datasets they read (input) and write (output). */
export const jobRoutes = (services: Services): FastifyPluginAsyncTypebox => async (app) => {
  const { jobs } = services;

  app.post('/jobs', {
    schema: { tags, summary: 'Create a job', body: s.JobCreate, response: { 201: s.Job, ...problems(401, 403, 422) } },
  }, async (request, reply) => reply.code(201).send(await jobs.create(projectOf(request.caller), request.body)));

  app.get('/jobs', {
    schema: { tags, summary: 'List jobs, newest first', querystring: PageQuery, response: { 200: Page(s.Job), ...problems(400, 401, 422) } },
  }, async (request) => jobs.list(projectOf(request.caller), request.query));

  app.get('/jobs/:id', {
    schema: { tags, summary: 'Get a job', params: IdParams, response: { 200: s.Job, ...problems(401, 404) } },
  }, async (request) => jobs.get(projectOf(request.caller), request.params.id));

  app.post('/jobs/:id/datasets', {
    schema: { tags, summary: 'Link a dataset to a job', params: IdParams, body: s.LinkCreate, response: { 201: s.Link, ...problems(401, 403, 404, 409, 422) } },
  }, async (request, reply) => reply.code(201).send(await jobs.link(projectOf(request.caller), request.params.id, request.body)));

  app.get('/jobs/:id/datasets', {
    schema: { tags, summary: "A job's dataset links", params: IdParams, querystring: PageQuery, response: { 200: Page(s.Link), ...problems(400, 401, 404) } },
  }, async (request) => jobs.linksOfJob(projectOf(request.caller), request.params.id, request.query));

  app.get('/datasets/:id/jobs', {
    schema: { tags, summary: "A dataset's job links", params: IdParams, querystring: PageQuery, response: { 200: Page(s.Link), ...problems(400, 401, 404) } },
  }, async (request) => jobs.linksOfDataset(projectOf(request.caller), request.params.id, request.query));
};
